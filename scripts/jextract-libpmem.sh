#!/usr/bin/env bash
# Regenerates the FFM bindings in native-bindings with jextract:
#   dev/llfree/pmem/gen/libpmem_h.java          from libpmem.h    (symbols in native-bindings/includes.txt)
#   dev/llfree/pmemobj/gen/*.java                from libpmemobj.h (symbols in native-bindings/includes-pmemobj.txt)
# jextract is not on Maven Central: install it from jdk.java.net/jextract and put it on PATH.
# Needs the headers: apt-get install -y libpmem-dev libpmemobj-dev.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v jextract >/dev/null || { echo "jextract not found on PATH (see jdk.java.net/jextract)" >&2; exit 1; }
[ -f /usr/include/libpmem.h ] || apt-get install -y libpmem-dev
[ -f /usr/include/libpmemobj.h ] || apt-get install -y libpmemobj-dev

# require_no_case_clash DIR: fails when two files in DIR differ only in case (PMEMoid.java and
# pmemoid.java): a checkout on a case-insensitive file system (macOS, Windows) keeps only one of them.
require_no_case_clash() {
  local clashes
  clashes=$(find "$1" -maxdepth 1 -type f -printf '%f\n' | sort -f | uniq -di)
  if [ -n "$clashes" ]; then
    echo "error: files in $1 differ only in case (drop the --include line that generates one of them, or a stale file):" >&2
    find "$1" -maxdepth 1 -type f -printf '%f\n' | sort -f | grep -ixF "$clashes" | sed 's/^/  /' >&2
    return 1
  fi
}

# generate PACKAGE HEADER_CLASS LIBRARY INCLUDES HEADER [extra jextract options...]
generate() {
  local package=$1 header_class=$2 library=$3 includes=$4 header=$5
  shift 5
  local out dir
  out=$(mktemp -d)
  dir=${package//.//}
  jextract --output "$out" --target-package "$package" --header-class-name "$header_class" \
    --library ":$library" "$@" @"$root/native-bindings/$includes" "$header"
  require_no_case_clash "$out/$dir" || { rm -rf "$out"; exit 1; }
  cp "$out/$dir"/*.java "$root/native-bindings/src/main/java/$dir/"
  rm -rf "$out"
  require_no_case_clash "$root/native-bindings/src/main/java/$dir" || exit 1
}

generate dev.llfree.pmem.gen libpmem_h libpmem.so.1 includes.txt /usr/include/libpmem.h
generate dev.llfree.pmemobj.gen libpmemobj_h libpmemobj.so.1 includes-pmemobj.txt /usr/include/libpmemobj.h \
  -D PMEMOBJ_DIRECT_NON_INLINE
echo "regenerated the bindings with $(jextract --version 2>&1 | head -1)"
