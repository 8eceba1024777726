#!/usr/bin/env bash
# Issue 18, goal 4: lamb tune's --auto search against Power Tuning's 64 MB grid on three cost curves,
# all run by this script against one local cloud. Each shape is a Python function that sleeps a known
# number of ms for its memory (from AWS_LAMBDA_FUNCTION_MEMORY_SIZE; it sleeps, so the CPU share does not
# matter), so the true cost of every 64 MB size in 128..3008 is known (billed ms rounded up x memory x
# $0.0000166667 per GB-s, plus the $0.0000002 request fee):
#   kink   max(20, 20 * (1152 / MB)^2): bench/tune.sh's shape, falls as 1/MB up to 1152 MB, then rises
#   flat   40 + 5 * 128 / MB: a sleep dominated by a constant, so the smallest size is cheapest
#   knee   20 * 1769 / min(MB, 1769): CPU-bound up to one vCPU at 1769 MB, flat after (memory stops helping)
# For each shape: lamb tune --local --memory 128..3008 (--auto, the default) and the grid
# (--memory 128..3008:64 --invocations 10 --no-refine, Power Tuning's method run by lamb's engine, one cold
# start per size counted too: 506), with invocations (the JSON's count), their ratio, the recommended size
# and its true cost above the optimum's. Goal: ratio <= 0.20, and the recommended cost within 2% of the
# optimum's or no further above it than the grid's.
#
#   bench/tune-shapes.sh                        # builds this checkout, installs it into a temp prefix
#   SHAPES="flat knee" bench/tune-shapes.sh     # some shapes only
#   LAMB=/tmp/prefix/bin/lamb bench/tune-shapes.sh
#
# Needs python3 and mvn (unless LAMB is given); about a minute or two per shape. The cloud runs detached on
# a free port with its data folder in a temp folder; it is stopped and the folder deleted at the end.
set -euo pipefail

shapes=${SHAPES:-kink flat knee}
for arg in "$@"; do
    case $arg in
        -h | --help) sed -n '2,21s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "bench/tune-shapes.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
    esac
done
for shape in $shapes; do
    [[ $shape =~ ^(kink|flat|knee)$ ]] || { echo "bench: unknown shape '$shape' in SHAPES (kink, flat, knee)" >&2; exit 2; }
done
cd "$(dirname "$0")/.."

command -v python3 >/dev/null || { echo "bench: python3 is missing" >&2; exit 1; }
python=$(python3 -c 'import sys; print(sys.executable)')
lamb=${LAMB:-}
if [[ -z $lamb ]]; then
    command -v mvn >/dev/null || { echo "bench: mvn is missing (or give LAMB=path/to/lamb)" >&2; exit 1; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lamb-bench-tune-shapes.XXXXXX")
cleanup() {
    bench_cloud_stop 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_lamb "$work"
bench_cloud "$work/cloud"

# The shapes, in one module: each function imports it, and the truth below does too.
cat >"$work/shapes.py" <<'EOF'
import math


def sleep_ms(shape, mb):
    if shape == "kink":
        return max(20, 20 * (1152 / mb) ** 2)
    if shape == "flat":
        return 40 + 5 * 128 / mb
    if shape == "knee":
        return 20 * 1769 / min(mb, 1769)
    raise ValueError(shape)


def cost(shape, mb):
    return math.ceil(sleep_ms(shape, mb) - 1e-9) * mb / 1024 / 1000 * 0.0000166667 + 0.0000002


GRID = range(128, 3008 + 1, 64)


def optimum(shape):
    return min(GRID, key=lambda mb: (cost(shape, mb), mb))
EOF

# "RECOMMENDED_MB INVOCATIONS PERCENT_ABOVE_OPTIMUM" of a run's JSON (percent '-' when nothing was recommended).
cat >"$work/figures.py" <<'EOF'
import json, sys
sys.path.insert(0, sys.argv[1])
from shapes import cost, optimum

shape, run = sys.argv[2], json.load(open(sys.argv[3]))
mb = (run.get("recommended") or {}).get("memory_mb", 0)
best = optimum(shape)
over = "%.2f" % ((cost(shape, mb) / cost(shape, best) - 1) * 100) if mb else "-"
print(mb, run["invocations"], over)
EOF

# One `lamb tune --local --output json` in shape's project; JSON to $work/NAME.json, progress to $work/NAME.log.
tune() {
    local shape=$1 name=$2
    shift 2
    (cd "$work/$shape" && "$lamb" tune --local --output json "$@" >"$work/$name.json" 2>"$work/$name.log") \
        || { echo "bench: lamb tune $* ($shape) failed:" >&2; cat "$work/$name.log" >&2; exit 1; }
}

echo "lamb:      ${shown:-$lamb} ($("$lamb" --version 2>&1 | head -n1))"
echo "machine:   $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), local cloud on 127.0.0.1:$port"
echo
printf '%-6s %8s %10s %9s %7s %9s %10s %9s %10s %s\n' shape "opt MB" "auto inv" "grid inv" ratio "auto MB" "auto over" "grid MB" "grid over" goal
failed=0 auto_sizes=''
for shape in $shapes; do
    "$lamb" init "$shape" --runtime python --yes --dir "$work/$shape" >/dev/null 2>"$work/$shape.init.err" \
        || { cat "$work/$shape.init.err" >&2; exit 1; }
    cp "$work/shapes.py" "$work/$shape/shapes.py"
    cat >"$work/$shape/handler.py" <<EOF
import json, os, time

from shapes import sleep_ms


def handler(event, context):
    memory = int(os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"])
    time.sleep(sleep_ms("$shape", memory) / 1000)
    return {"statusCode": 200, "body": json.dumps({"memory": memory})}
EOF
    (cd "$work/$shape" && "$lamb" deploy --local >/dev/null 2>"$work/$shape.deploy.err") \
        || { cat "$work/$shape.deploy.err" >&2; exit 1; }
    tune "$shape" "$shape-auto" --memory 128..3008
    tune "$shape" "$shape-grid" --memory 128..3008:64 --invocations 10 --no-refine
    read -r auto_mb auto_inv auto_over < <("$python" "$work/figures.py" "$work" "$shape" "$work/$shape-auto.json")
    read -r grid_mb grid_inv grid_over < <("$python" "$work/figures.py" "$work" "$shape" "$work/$shape-grid.json")
    optimum_mb=$("$python" -c 'import sys; sys.path.insert(0, sys.argv[1]); from shapes import optimum; print(optimum(sys.argv[2]))' \
        "$work" "$shape")
    ratio=$(awk -v a="$auto_inv" -v b="$grid_inv" 'BEGIN { printf "%.2f", a / b }')
    goal=met
    if [[ $auto_over == - ]] || awk -v r="$ratio" 'BEGIN { exit !(r > 0.2) }' \
        || awk -v a="$auto_over" -v g="$grid_over" 'BEGIN { exit !(a > 2 && (g == "-" || a > g)) }'; then
        goal="NOT met" failed=1
    fi
    printf '%-6s %8s %10s %9s %7s %9s %10s %9s %10s %s\n' "$shape" "$optimum_mb" "$auto_inv" "$grid_inv" "$ratio" \
        "$auto_mb" "+$auto_over%" "$grid_mb" "+$grid_over%" "$goal"
    auto_sizes+="  $shape: $("$python" -c '
import json, sys
print(" ".join("%d/%d%s" % (s["memory_mb"], s["invocations"], "*" if s["refined"] else "") for s in json.load(open(sys.argv[1]))["sizes"]))' \
        "$work/$shape-auto.json")"$'\n'
done
echo "lamb --auto's sizes, MB/invocations (* = added by the search):"
printf '%s' "$auto_sizes"
echo "(inv: the JSON's invocations, a cold start per size included; over: the recommended size's true cost above the" \
    "optimum's on the 64 MB grid; goal: ratio <= 0.20 and over <= 2% or no more than the grid's)"
exit $failed
