#!/usr/bin/env bash
# Regenerates native-bindings/src/main/java/dev/llfree/pmem/gen/libpmem_h.java with jextract.
# jextract is not on Maven Central: install it from jdk.java.net/jextract and put it on PATH.
# Needs the libpmem headers: apt-get install -y libpmem-dev.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v jextract >/dev/null || { echo "jextract not found on PATH (see jdk.java.net/jextract)" >&2; exit 1; }
[ -f /usr/include/libpmem.h ] || apt-get install -y libpmem-dev
out=$(mktemp -d)
jextract --output "$out" \
  --target-package dev.llfree.pmem.gen \
  --header-class-name libpmem_h \
  --library :libpmem.so.1 \
  @"$root/native-bindings/includes.txt" \
  /usr/include/libpmem.h
cp "$out/dev/llfree/pmem/gen/libpmem_h.java" "$root/native-bindings/src/main/java/dev/llfree/pmem/gen/"
echo "regenerated libpmem_h.java with $(jextract --version 2>&1 | head -1)"
