# shellcheck shell=bash
# kubelab: booting the cgroup v2 guest. Sourced by provision.sh and run.sh.
#
# A boot takes two disks: the guest's root (vda) and a job disk (vdb, labelled kubelab-run) that
# carries job.sh and gets the results back. The guest runs the job at boot and powers off, or, when
# the job asks for it, waits for the next job disk (a saved guest is resumed in that wait).

VM_MEMORY_MB=${KUBELAB_CG2_MEMORY_MB:-6144}
VM_CPUS=${KUBELAB_CG2_CPUS:-2}
# One size for every job disk: a resumed guest keeps the size its disk had when it was saved.
VM_JOB_DISK_MB=${KUBELAB_CG2_JOB_DISK_MB:-2048}

# vm_run_disk DIR IMG: an ext4 image holding DIR, with room for results (sparse).
vm_run_disk() {
  local dir=$1 img=$2 mb
  mb=$(du -sm "$dir" | cut -f1)
  if (( mb + 256 > VM_JOB_DISK_MB )); then
    echo "the job ($mb MiB) leaves no room for results on a ${VM_JOB_DISK_MB} MiB job disk" >&2
    return 1
  fi
  rm -f "$img"
  truncate -s "${VM_JOB_DISK_MB}M" "$img"
  mkfs.ext4 -q -F -L kubelab-run -d "$dir" "$img"
}

# vm_boot ROOT FORMAT RUNDISK SERIAL_LOG TIMEOUT_S [QEMU ARGS...]: runs the guest until it powers
# off. The kernel and initrd sit beside the root disk's cache file. Fails when QEMU fails or the time
# runs out. A saved guest is resumed with the same arguments plus -incoming (the machine must match).
vm_boot() {
  local root=$1 format=$2 run=$3 serial=$4 limit=$5 base=${GUEST_DISK:-$1}
  shift 5
  base=${base%.tmp}
  local kernel=${KUBELAB_CG2_KERNEL:-$base.vmlinuz} initrd=${KUBELAB_CG2_INITRD:-$base.initrd}
  # /dev/kvm on these machines runs only PVM guests: the CPU is emulated (TCG), 5 to 20 times slower.
  # The plain qemu64 model, not max: without AVX and SHA to emulate, the guest boots in 26 s instead
  # of 38 and its Go programs run about a fifth faster (measured with the same job).
  timeout --foreground -k 10 "$limit" qemu-system-x86_64 \
    -accel tcg,thread=multi -cpu qemu64 -smp "$VM_CPUS" -m "$VM_MEMORY_MB" \
    -display none -no-reboot -monitor none -serial "file:$serial" \
    -kernel "$kernel" -initrd "$initrd" \
    -append "root=/dev/vda rw console=ttyS0 quiet systemd.unified_cgroup_hierarchy=1 apparmor=0 panic=-1" \
    -drive "file=$root,format=$format,if=virtio,cache=unsafe" \
    -drive "file=$run,format=raw,if=virtio,cache=unsafe" \
    -nic none "$@"
}

# vm_results RUNDISK DIR: copies the job disk's results/ folder into DIR/results (no mount needed).
vm_results() {
  local img=$1 out=$2
  mkdir -p "$out"
  debugfs -R "rdump /results $out" "$img" >/dev/null 2>&1
}
