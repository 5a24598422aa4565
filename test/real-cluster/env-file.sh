# shellcheck shell=bash
# kubelab: which env file the real-cluster scripts of this checkout read. Source it.
#
# provision.sh writes $KUBELAB_CI_CACHE/env.sh (whatever checkout provisioned last
# on this machine) and the same text to a copy named after the checkout. Checkouts
# (worktrees) that share the cache each read their own copy, so one of them
# provisioning does not switch another's running tests to its node image and kind
# config halfway. A machine with a single checkout sees no difference.

# checkout_env_file: the copy named after this checkout.
checkout_env_file() {
  local cache=${KUBELAB_CI_CACHE:-/var/cache/kubelab-ci} here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
  echo "$cache/env-$(printf '%s' "$here" | sha256sum | cut -c1-12).sh"
}

# env_file: that copy if this checkout has provisioned, else the shared env.sh.
env_file() {
  local own; own=$(checkout_env_file)
  if [[ -f $own ]]; then echo "$own"; else echo "${KUBELAB_CI_CACHE:-/var/cache/kubelab-ci}/env.sh"; fi
}
