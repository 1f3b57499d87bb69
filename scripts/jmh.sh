#!/usr/bin/env bash
# Runs the JMH micro-benchmarks (benchmarks/target/benchmarks.jar) with a JDK >= 22, building the jar first when it
# is missing. Arguments go to JMH, e.g. scripts/jmh.sh GetPutBenchmark -f 2 (scripts/jmh.sh -h lists JMH's options).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
source "$root/scripts/jdk.sh"
source "$root/scripts/native-deps.sh"
jar="$root/benchmarks/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
    echo "jmh: building $jar ..." >&2
    (cd "$root" && ./mvnw -q -B -DskipTests package -pl benchmarks -am) >&2
fi
# JMH reads its own state through sun.misc.Unsafe: allowed here, so the JDK does not warn about it.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$jar" "$@"
