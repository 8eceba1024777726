#!/usr/bin/env bash
# The local engine's own cost on the Python greeting handler of `lamb init`:
#   warm overhead  the caller's time for one invoke less the handler's REPORT Duration, over many warm
#                  invocations (goal: mean < 5 ms)
#   cold start     from spawning the Python runtime to its first answer (goal: < 300 ms)
#
#   bench/invoke.sh                         # 500 warm invocations, 20 cold starts
#   WARM=2000 COLD=50 bench/invoke.sh
#   JAVA_OPTS=-XX:TieredStopAtLevel=4 bench/invoke.sh   # the JVM flags to run with (default: bin/lamb's)
#
# Runs dev.lamb.bench.EngineBench (src/test/java) on the test class path, after compiling.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

warm=${WARM:-500}
cold=${COLD:-20}
[[ $warm =~ ^[0-9]+$ && $warm -ge 1 && $cold =~ ^[0-9]+$ && $cold -ge 1 ]] \
    || { echo "bench: WARM and COLD must be numbers >= 1" >&2; exit 2; }
bench_args 11 "$@"
cd "$(dirname "$0")/.."
bench_require python3

bench_workdir invoke

mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$work/classpath" >"$work/mvn.log" 2>&1 \
    || { cat "$work/mvn.log" >&2; exit 1; }
classpath=target/classes:target/test-classes:$(cat "$work/classpath")
# The flags bin/lamb starts lamb with, so the figures are those a user gets.
# shellcheck disable=SC2206
java_opts=(${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData})

java -cp "$classpath" dev.lamb.Lamb init bench --runtime python --dir "$work/fn" --yes >/dev/null 2>&1
echo "java:    $(java -version 2>&1 | head -n1) ${java_opts[*]}"
echo "python:  $(python3 --version 2>&1)"
java "${java_opts[@]}" -cp "$classpath" dev.lamb.bench.EngineBench "$work/fn" "$warm" "$cold"
