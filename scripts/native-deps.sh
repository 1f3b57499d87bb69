# shellcheck shell=bash
# Sourced by ./llfree and scripts/test.sh: installs the Debian runtime libraries the pools and the
# baselines call through FFM (libpmem1, libpmemobj1) when they are missing and we may install them.
# Without them everything still builds and runs: `pmem`/`eadr` durability and the pmemobj baseline
# report that the library is absent and say how to install it.
llfree_native_deps() {
    local missing=() cache lib
    # The cache is read whole, once: `ldconfig -p | grep -q` fails at random under pipefail (grep exits at
    # the first match, and ldconfig, still writing, dies of SIGPIPE). ldconfig is in /sbin, which a non-root
    # user's PATH on Debian lacks.
    cache=$(PATH="$PATH:/usr/sbin:/sbin" ldconfig -p 2>/dev/null) || cache=""
    for lib in libpmem1:libpmem.so.1 libpmemobj1:libpmemobj.so.1; do
        [[ $cache == *"${lib#*:}"* ]] || missing+=("${lib%%:*}")
    done
    ((${#missing[@]} == 0)) && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "llfree: installing ${missing[*]} (apt-get)" >&2
        { apt-get install -y -qq "${missing[@]}" || { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; }; } >&2 \
            || echo "llfree: could not install ${missing[*]}; pmem durability and the pmemobj baseline are unavailable" >&2
    else
        echo "llfree: ${missing[*]} missing (apt-get install -y ${missing[*]}); pmem durability and the pmemobj baseline are unavailable" >&2
    fi
}
llfree_native_deps
