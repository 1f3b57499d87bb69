#!/usr/bin/env bash
# The test command: the whole suite (unit tests of every module) with a JDK >= 22.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl allocator. Maven comes from ./mvnw (the wrapper fetches
# it into ~/.m2/wrapper on first use), so a JDK is all it needs.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
source scripts/jdk.sh
source scripts/native-deps.sh
exec ./mvnw -B verify "$@"
