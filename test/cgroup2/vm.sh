# shellcheck shell=bash
# kubelab: booting the cgroup v2 guest. Sourced by provision.sh and run.sh.
#
# A boot takes two disks: the guest's root (vda) and a job disk (vdb, labelled kubelab-run) that
# carries job.sh and gets the results back. The guest runs the job at boot and powers off.

VM_MEMORY_MB=${KUBELAB_CG2_MEMORY_MB:-6144}
VM_CPUS=${KUBELAB_CG2_CPUS:-2}

# vm_run_disk DIR IMG: an ext4 image holding DIR, with room for results.
vm_run_disk() {
  local dir=$1 img=$2 mb
  mb=$(( $(du -sm "$dir" | cut -f1) + 512 ))
  rm -f "$img"
  truncate -s "${mb}M" "$img"
  mkfs.ext4 -q -F -L kubelab-run -d "$dir" "$img"
}

# vm_boot ROOT FORMAT RUNDISK SERIAL_LOG TIMEOUT_S: boots until the guest powers off. The kernel
# and initrd sit beside the root disk's cache file. Fails when QEMU fails or the time runs out.
vm_boot() {
  local root=$1 format=$2 run=$3 serial=$4 limit=$5 base=${GUEST_DISK:-$1}
  base=${base%.tmp}
  local kernel=${KUBELAB_CG2_KERNEL:-$base.vmlinuz} initrd=${KUBELAB_CG2_INITRD:-$base.initrd}
  # /dev/kvm on these machines runs only PVM guests: the CPU is emulated (TCG), about 5x slower.
  # KUBELAB_CG2_NICE lowers the emulator's priority when other tests share the machine.
  timeout --foreground -k 10 "$limit" nice -n "${KUBELAB_CG2_NICE:-0}" qemu-system-x86_64 \
    -accel tcg,thread=multi -cpu max -smp "$VM_CPUS" -m "$VM_MEMORY_MB" \
    -display none -no-reboot -monitor none -serial "file:$serial" \
    -kernel "$kernel" -initrd "$initrd" \
    -append "root=/dev/vda rw console=ttyS0 quiet systemd.unified_cgroup_hierarchy=1 apparmor=0 panic=-1" \
    -drive "file=$root,format=$format,if=virtio,cache=unsafe" \
    -drive "file=$run,format=raw,if=virtio,cache=unsafe" \
    -nic none
}

# vm_results RUNDISK DIR: copies the job disk's results/ folder into DIR/results (no mount needed).
vm_results() {
  local img=$1 out=$2
  mkdir -p "$out"
  debugfs -R "rdump /results $out" "$img" >/dev/null 2>&1
}
