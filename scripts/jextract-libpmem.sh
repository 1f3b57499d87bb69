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

# generate PACKAGE HEADER_CLASS LIBRARY INCLUDES HEADER [extra jextract options...]
generate() {
  local package=$1 header_class=$2 library=$3 includes=$4 header=$5
  shift 5
  local out dir
  out=$(mktemp -d)
  dir=${package//.//}
  jextract --output "$out" --target-package "$package" --header-class-name "$header_class" \
    --library ":$library" "$@" @"$root/native-bindings/$includes" "$header"
  cp "$out/$dir"/*.java "$root/native-bindings/src/main/java/$dir/"
  rm -rf "$out"
}

generate dev.llfree.pmem.gen libpmem_h libpmem.so.1 includes.txt /usr/include/libpmem.h
generate dev.llfree.pmemobj.gen libpmemobj_h libpmemobj.so.1 includes-pmemobj.txt /usr/include/libpmemobj.h \
  -D PMEMOBJ_DIRECT_NON_INLINE
echo "regenerated the bindings with $(jextract --version 2>&1 | head -1)"
