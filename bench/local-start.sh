#!/usr/bin/env bash
# Local cloud start-up: from running `lamb local start --detach --port P --data-dir D` until
# GET http://127.0.0.1:P/_lamb/health answers 200, with a fresh data folder and with one that holds
# deployed functions (state to load), next to moto's server (`python3 -m moto.server -p P`, the AWS
# emulator the tests also use) started and polled the same way in the same run. Goals: ready no later than
# moto (issue 18), `lamb local stop` under 0.5 s, and, with LOGS_MB of CloudWatch Logs events kept, under
# 300 MB resident once ready (issue 12).
#
#   bench/local-start.sh                 # builds this checkout, installs it into a temp prefix; 8 runs each
#   RUNS=20 FUNCTIONS=5 bench/local-start.sh
#   LOGS_MB=1024 RUNS=3 bench/local-start.sh      # the state also holds 1 GB of log events (boto3 puts them)
#   LAMB=~/.local/bin/lamb bench/local-start.sh   # another lamb, e.g. the installed one
#
# Needs curl, a python3 with moto (pip install 'moto[server]') and the AWS CLI v2 at /usr/bin/aws (to
# deploy the state). Every cloud gets a free port and a data folder in a temp folder, never
# ~/.local/share/lamb; all are stopped and deleted at the end, also on failure or Ctrl-C.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

runs=${RUNS:-8}
functions=${FUNCTIONS:-1}
logs_mb=${LOGS_MB:-0}
[[ $runs =~ ^[0-9]+$ && $runs -ge 2 && $functions =~ ^[0-9]+$ && $functions -ge 1 && $logs_mb =~ ^[0-9]+$ ]] \
    || { echo "bench: RUNS must be a number >= 2, FUNCTIONS a number >= 1 and LOGS_MB a number" >&2; exit 2; }
bench_args 16 "$@"
cd "$(dirname "$0")/.."

bench_require curl "; apt-get install curl"
[[ -x /usr/bin/aws ]] || { echo "bench: no AWS CLI v2 at /usr/bin/aws; apt-get install awscli" >&2; exit 1; }
# The interpreter itself, not a pyenv shim in front of it: the shim's own start would count against moto.
python=$(python3 -c 'import moto, sys; print(sys.executable)' 2>/dev/null) \
    || { echo "bench: python3 has no moto; pip install 'moto[server]'" >&2; exit 1; }

lamb=${LAMB:-}

pids=()       # this script's background servers: moto, and lamb in the foreground case
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    bench_cleanup
}
bench_workdir local-start cleanup

bench_lamb "$work"


# Sets $now in microseconds, without a fork (bash 5 has EPOCHREALTIME).
now_us() { now=${EPOCHREALTIME/[.,]/}; }

# The state: FUNCTIONS copies of the Python greeting function of `lamb init`, deployed through the
# AWS CLI, each invoked once (so logs exist too), in a data folder every "state" run starts from.
"$lamb" init bench --runtime python --dir "$work/fn" --yes >/dev/null 2>&1
(cd "$work/fn" && "$lamb" package --out "$work/bench.zip" >/dev/null 2>&1)
state=$work/state
bench_cloud "$state"
aws() {
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_PAGER='' AWS_CONFIG_FILE=/dev/null \
        AWS_SHARED_CREDENTIALS_FILE=/dev/null \
        /usr/bin/aws --endpoint-url "http://127.0.0.1:$port" --region us-east-1 --output json "$@" >/dev/null 2>"$work/aws.err" \
        || { echo "bench: aws $*:" >&2; cat "$work/aws.err" >&2; exit 1; }
}
aws iam create-role --role-name bench-role --assume-role-policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
for ((f = 1; f <= functions; f++)); do
    aws lambda create-function --function-name "bench-$f" --runtime python3.13 --handler handler.handler \
        --role arn:aws:iam::000000000000:role/bench-role --zip-file "fileb://$work/bench.zip"
    aws lambda wait function-active-v2 --function-name "bench-$f"
    aws lambda invoke --function-name "bench-$f" --cli-binary-format raw-in-base64-out \
        --payload '{"queryStringParameters":{"name":"Ada"}}' "$work/out.json"
done
if ((logs_mb > 0)); then
    # 100 streams of ~0.9 MB batches (900 events of 1,000 bytes: PutLogEvents' 1 MB limit), stamped over the
    # last hour, through boto3 as any client would put them.
    "$python" - "$port" "$logs_mb" <<'PY' || { echo "bench: putting $logs_mb MB of log events failed" >&2; exit 1; }
import sys, time, boto3
port, mb = int(sys.argv[1]), int(sys.argv[2])
logs = boto3.client("logs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                    aws_access_key_id="test", aws_secret_access_key="test")
logs.create_log_group(logGroupName="/bench/logs")
streams = [f"2026/01/01/[$LATEST]{i:032x}" for i in range(100)]
for s in streams:
    logs.create_log_stream(logGroupName="/bench/logs", logStreamName=s)
batches = mb * 1024 * 1024 // (900 * 1000)
start = int(time.time() * 1000) - 3_600_000
for b in range(batches):
    t = start + b * 3_000_000 // batches
    events = [{"timestamp": t, "message": f"{b:08d} {e:04d} " + "x" * 986} for e in range(900)]
    logs.put_log_events(logGroupName="/bench/logs", logStreamName=streams[b % len(streams)], logEvents=events)
PY
fi
bench_cloud_stop

# Each case: a name, and the function that takes one sample of it, appending "CASE MILLISECONDS"
# to $work/samples. Case 0 is the peer; the ratios are against it.
names=("moto server (peer)" "lamb local start --detach, fresh" "lamb local start --detach, state"
    "lamb local start (foreground), fresh")

sample() {
    local case=$1 port dir pid start
    port=$(free_port)
    dir=$work/run-$case-$2
    case $case in
        0)
            now_us
            start=$now
            "$python" -m moto.server -p "$port" >"$work/moto.log" 2>&1 &
            pid=$!
            pids+=("$pid")
            wait_for "http://127.0.0.1:$port/moto-api/" "$work/moto.log"
            now_us
            ;;
        1 | 2)
            [[ $case == 2 ]] && dir=$state
            now_us
            start=$now
            bench_cloud "$dir" "$port"
            wait_for "http://127.0.0.1:$port/_lamb/health" "$dir/local.log"
            now_us
            # Resident memory of the cloud once ready, from the pid file it wrote.
            echo "$case $(awk '/^VmRSS/ { print $2 / 1024 }' "/proc/$(cut -d' ' -f1 "$dir/local.pid")/status")" >>"$work/rss"
            ;;
        3)
            now_us
            start=$now
            "$lamb" local start --port "$port" --data-dir "$dir" >"$work/foreground.log" 2>&1 &
            pid=$!  # bin/lamb execs java, so this is the cloud itself
            pids+=("$pid")
            wait_for "http://127.0.0.1:$port/_lamb/health" "$work/foreground.log"
            now_us
            ;;
    esac
    echo "$case $(((now - start) / 1000)).$(printf '%03d' $(((now - start) % 1000)))" >>"$work/samples"
    case $case in
        0 | 3)
            kill "$pid"
            wait "$pid" 2>/dev/null || true
            pids=()
            ;;
        *)
            # The stop's wall time too: its JVM's start, the SIGTERM, and the wait until the cloud has ended.
            now_us
            start=$now
            bench_cloud_stop
            now_us
            echo "$(((now - start) / 1000)).$(printf '%03d' $(((now - start) % 1000)))" >>"$work/stops"
            ;;
    esac
    [[ $case == 2 ]] || rm -rf "$dir"
}

echo "lamb:    ${shown:-$lamb} ($("$lamb" --version 2>&1 | head -n1))"
echo "java:    $(java -version 2>&1 | head -n1)"
echo "peer:    $python -m moto.server (moto $("$python" -c 'import moto; print(moto.__version__)'), $("$python" --version 2>&1)), polled at /moto-api/"
echo "state:   $functions deployed Python function(s) (lamb init's greeting), each invoked once; $logs_mb MB of log events"
echo "         ($(du -sh "$state" | cut -f1) on disk)"
echo "runs:    $runs of each case, rotating, each on a free port; ready = the first 200 of curl polling every 10 ms"
count=${#names[@]}
: >"$work/samples"
for ((w = 0; w < count; w++)); do sample "$w" warmup; done  # page cache, JIT-less first starts: not counted
: >"$work/samples"
: >"$work/rss"
: >"$work/stops"
for ((r = 0; r < runs; r++)); do
    for ((k = 0; k < count; k++)); do
        sample "$(((k + r) % count))" "$r"
    done
done

# "MEDIAN MEAN MIN MAX" of one case, in ms.
stats() {
    awk -v c="$1" '$1 == c { print $2 }' "$work/samples" | sort -n | awk '
        { v[NR] = $1; s += $1 }
        END { printf "%.1f %.1f %.1f %.1f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, s / NR, v[1], v[NR] }'
}
echo
printf '%-38s %9s %9s %9s %9s %15s\n' "" "median ms" "mean ms" "min ms" "max ms" "lamb/moto med."
read -r peer_median _ < <(stats 0)
goal=met
for ((i = 0; i < count; i++)); do
    read -r median mean min max < <(stats "$i")
    ratio=''
    if ((i > 0)); then
        ratio=$(awk -v a="$median" -v b="$peer_median" 'BEGIN { printf "%.2f", a / b }')
        if [[ $i != 3 ]] && awk -v a="$median" -v b="$peer_median" 'BEGIN { exit !(a > b) }'; then goal="NOT met"; fi
    fi
    printf '%-38s %9s %9s %9s %9s %15s\n' "${names[i]}" "$median" "$mean" "$min" "$max" "$ratio"
done
echo
for c in 1 2; do
    awk -v c="$c" -v name="${names[c]}" '$1 == c { s += $2; n++; if ($2 > m) m = $2 }
        END { if (n) printf "%-38s resident once ready: mean %.0f MB, max %.0f MB\n", name, s / n, m }' "$work/rss"
done
sort -n "$work/stops" | awk '{ v[NR] = $1; s += $1 }
    END { if (NR) printf "%-38s median %.1f ms, mean %.1f ms, max %.1f ms (%d stops of the detached cloud)\n",
        "lamb local stop", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, s / NR, v[NR], NR }'
stop_median=$(sort -n "$work/stops" | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
stop_goal=met
awk -v m="$stop_median" 'BEGIN { exit !(m >= 500) }' && stop_goal="NOT met"
rss_max=$(awk '$1 == 2 && $2 > m { m = $2 } END { print m + 0 }' "$work/rss")
rss_goal=met
awk -v m="$rss_max" 'BEGIN { exit !(m >= 300) }' && rss_goal="NOT met"
echo
echo "goal (issue 18): lamb local start --detach ready within 1.0x moto's median, fresh and with state: $goal"
echo "goal: the cloud with state resident under 300 MB once ready: $rss_goal"
echo "goal: lamb local stop done in under 500 ms (median): $stop_goal"
