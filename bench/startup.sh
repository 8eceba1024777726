#!/usr/bin/env bash
# Start-up time: the installed `lamb --version` and `lamb --help` against `aws --version` (AWS CLI v2)
# in the same run, with and without lamb's class-data-sharing archive. Goal: lamb/aws <= 0.33.
#
#   bench/startup.sh                 # `lamb` on PATH, else $PREFIX/bin/lamb (PREFIX: ~/.local)
#   RUNS=40 WARMUP=5 bench/startup.sh
#   bench/startup.sh --flags         # also: what each of the launcher's JVM flags saves
#
# Uses hyperfine when it is installed (apt-get install hyperfine), else a plain loop of RUNS timed runs.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

runs=${RUNS:-20}
warmup=${WARMUP:-3}
[[ $runs =~ ^[0-9]+$ && $runs -ge 2 && $warmup =~ ^[0-9]+$ ]] \
    || { echo "bench: RUNS must be a number >= 2 and WARMUP a number" >&2; exit 2; }
flags=''
args=()
for arg in "$@"; do
    if [[ $arg == --flags ]]; then flags=yes; else args+=("$arg"); fi
done
bench_args 9 ${args[@]+"${args[@]}"}

if [[ -n ${PREFIX:-} ]]; then
    lamb=$PREFIX/bin/lamb
elif command -v lamb >/dev/null; then
    lamb=$(command -v lamb)
else
    lamb=${HOME:?}/.local/bin/lamb
fi
[[ -x $lamb ]] || { echo "bench: no lamb at $lamb; run ./install.sh first (or set PREFIX)" >&2; exit 1; }

# Debian's awscli package is v2 at /usr/bin/aws; the first aws on PATH may be an old v1 (pyenv).
if [[ -x /usr/bin/aws ]]; then
    aws=/usr/bin/aws
elif command -v aws >/dev/null; then
    aws=$(command -v aws)
else
    echo "bench: no aws to compare with; apt-get install awscli (v2, /usr/bin/aws)" >&2
    exit 1
fi

# Whether the launcher really starts lamb from its archive, not just whether the file exists.
if LAMB_JAVA_OPTS=-Xlog:class+load=info "$lamb" --version </dev/null 2>/dev/null \
        | grep -q 'dev\.lamb\.Lamb source: shared objects file'; then
    archive="in use"
else
    archive="NOT in use (run ./install.sh again; the tables below then show no CDS gain)"
fi
echo "lamb:    $lamb ($("$lamb" --version </dev/null 2>&1 | head -n1); start-up archive $archive)"
echo "aws:     $aws ($("$aws" --version </dev/null 2>&1 | head -n1))"

# Each case: a name (no commas: it goes into a CSV), then the command, run through env so that
# every case pays the same extra exec.
names=()
commands=()
add() {
    names+=("$1")
    shift
    commands+=("$(printf '%q ' env "$@")")
}
add "aws --version" "$aws" --version
for command in --version --help; do
    add "lamb $command" "$lamb" "$command"
    add "lamb $command (LAMB_CDS=off)" LAMB_CDS=off "$lamb" "$command"
    add "lamb $command (-Xshare:off)" LAMB_JAVA_OPTS=-Xshare:off "$lamb" "$command"
done
if [[ -n $flags ]]; then
    add "lamb --version (full JIT)" LAMB_JAVA_OPTS=-XX:TieredStopAtLevel=4 "$lamb" --version
    add "lamb --version (G1 GC)" "LAMB_JAVA_OPTS=-XX:-UseSerialGC -XX:+UseG1GC" "$lamb" --version
    add "lamb --version (perf data on)" LAMB_JAVA_OPTS=-XX:+UsePerfData "$lamb" --version
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lamb-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Other work on the machine comes in bursts, so no case takes its samples in one stretch: hyperfine
# runs every case twice per pass, starting each pass with the next case; the loop takes one sample of
# each in turn. Both leave "CASE MILLISECONDS" lines in $work/samples.
: >"$work/samples"
if command -v hyperfine >/dev/null; then
    passes=$(((runs + 1) / 2))
    echo "timer:   $(hyperfine --version), $runs runs each in $passes rotating passes, after $warmup warm-up runs"
    count=${#names[@]}
    for ((pass = 0; pass < passes; pass++)); do
        shift_by=$((pass % count))
        args=()
        for ((k = 0; k < count; k++)); do
            i=$(((k + shift_by) % count))
            args+=(-n "${names[i]}" "${commands[i]}")
        done
        hyperfine -N --warmup "$((pass == 0 ? warmup : 0))" --runs "$(((runs + passes - 1 - pass) / passes))" \
            --style none --export-json "$work/pass.json" "${args[@]}" </dev/null >/dev/null 2>"$work/hyperfine.log" \
            || { cat "$work/hyperfine.log" >&2; exit 1; }
        # Each result's "times" array (seconds), in the order the pass ran the cases.
        awk -v shift_by="$shift_by" -v count="$count" '
            /"times": *\[/ { position++; collecting = 1; sub(/.*\[/, "") }
            collecting {
                if (sub(/\].*/, "")) collecting = 0
                n = split($0, values, ",")
                for (k = 1; k <= n; k++)
                    if (values[k] ~ /[0-9]/) printf "%d %.3f\n", (position - 1 + shift_by) % count, values[k] * 1000
            }' "$work/pass.json" >>"$work/samples"
    done
else
    echo "timer:   bash loop (no hyperfine), $runs runs after $warmup warm-up runs each"
    # Sets $now in microseconds, without a fork where bash has EPOCHREALTIME (5.0 and newer).
    now_us() {
        if [[ -n ${EPOCHREALTIME:-} ]]; then
            now=${EPOCHREALTIME/[.,]/}
        else
            now=$(($(date +%s%N) / 1000))
        fi
    }
    count=${#names[@]}
    for i in "${!names[@]}"; do
        eval "set -- ${commands[i]}"
        for ((w = 0; w < warmup; w++)); do "$@" </dev/null >/dev/null 2>&1; done
    done
    for ((r = 0; r < runs; r++)); do
        for ((k = 0; k < count; k++)); do
            i=$(((k + r) % count))
            eval "set -- ${commands[i]}"
            now_us
            start=$now
            "$@" </dev/null >/dev/null 2>&1
            now_us
            echo "$i $(((now - start) / 1000)).$(printf '%03d' $(((now - start) % 1000)))" >>"$work/samples"
        done
    done
fi

means=()
medians=()
for i in "${!names[@]}"; do
    awk -v c="$i" '$1 == c { print $2 }' "$work/samples" | sort -n >"$work/case"
    means+=("$(awk '{ s += $1 } END { printf "%.1f", s / NR }' "$work/case")")
    medians+=("$(awk '{ v[NR] = $1 } END { printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }' "$work/case")")
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
printf '%-34s %9s %9s %13s %13s\n' "" "mean ms" "median ms" "lamb/aws mean" "lamb/aws med."
for i in "${!names[@]}"; do
    if ((i == 0)); then
        printf '%-34s %9s %9s\n' "${names[i]}" "${means[i]}" "${medians[i]}"
    else
        printf '%-34s %9s %9s %13s %13s\n' "${names[i]}" "${means[i]}" "${medians[i]}" \
            "$(ratio "${means[i]}" "${means[0]}")" "$(ratio "${medians[i]}" "${medians[0]}")"
    fi
done
echo
echo "goal: lamb/aws <= 0.33"
for i in 1 4; do
    saved=$(awk -v with="${medians[i]}" -v without="${medians[i + 1]}" \
        'BEGIN { printf "%.1f ms (%.0f%%)", without - with, (without - with) / without * 100 }')
    echo "lamb's archive saves ${saved} (medians) on '${names[i]}' against the JDK's own CDS archive alone"
done
