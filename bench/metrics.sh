#!/usr/bin/env bash
# `lamb metrics` against a script that fetches the same figures with the AWS CLI the way `serverless metrics` does:
# one GetMetricStatistics call per metric (issue 16, "Tests and proof"). Both read the same window of the same function
# on the same local cloud: Invocations, Errors, Throttles, Duration p50/p95/p99 and Maximum (two calls: a call takes
# Statistics or ExtendedStatistics, not both), ConcurrentExecutions, the five async metrics, provisioned spillover, the
# API stage's Count, 4XXError, 5XXError, Latency p95 and IntegrationLatency p95; and, as lamb does, the function's
# settings (get-function), the window's REPORT lines (filter-log-events) and the stage's alarms (describe-alarms).
# Each side runs RUNS times (default 5); the medians of wall time and of CPU time (user+sys, which a loaded machine
# skews less) are shown, and the AWS calls each made: lamb's from its own count (--output json), the script's one per
# CLI run. Goal: lamb makes one GetMetricData call, and takes at most 0.5x the script's wall time.
#
#   bench/metrics.sh                         # builds this checkout, installs it into a temp prefix
#   RUNS=9 INVOCATIONS=200 bench/metrics.sh
#   LAMB=~/.local/bin/lamb bench/metrics.sh  # another lamb, e.g. the installed one
#
# Needs python3, curl, the AWS CLI v2 at /usr/bin/aws (apt-get install awscli; else AWS_CLI=path), and mvn unless
# LAMB is given. The cloud runs detached on a free port with its data in a temp folder; it is stopped and the folder
# deleted at the end, also on failure or Ctrl-C. Takes one to two minutes.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

runs=${RUNS:-5}
invocations=${INVOCATIONS:-100}
bench_number RUNS "$runs" 1
bench_number INVOCATIONS "$invocations" 10
bench_args 19 "$@"
cd "$(dirname "$0")/.."

bench_require python3
bench_require curl
bench_aws_cli
python=$(python3 -c 'import sys; print(sys.executable)')
bench_lamb_or_mvn

bench_workdir metrics

bench_lamb "$work"

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_PAGER=
bench_cloud "$work/cloud"

bench_function "$work/fn" <<'PY'
import time


def handler(event, context):
    params = (event or {}).get("queryStringParameters") or {}
    time.sleep(int(params.get("sleep", "0")) / 1000)
    if params.get("fail"):
        raise Exception("failed on purpose")
    return {"statusCode": 200, "body": "ok"}
PY
cd "$work/fn"
url=$("$lamb" deploy --local 2>"$work/deploy.err" | tail -n1) || { cat "$work/deploy.err" >&2; exit 1; }
[[ $url == http* ]] || { echo "bench: deploy printed no URL" >&2; cat "$work/deploy.err" >&2; exit 1; }
url=${url%%\?*}
api_id=$(sed -E 's|.*/restapis/([^/]+)/.*|\1|' <<<"$url")
for ((i = 0; i < invocations; i++)); do
    fail=$([[ $((i % 20)) == 7 ]] && echo "&fail=1" || true)
    curl -s -o /dev/null "$url?sleep=$((i % 50))$fail"
done
[[ -n $api_id ]] || { echo "bench: no API id in $url" >&2; exit 1; }

# The window both read: the last hour, whole minutes, as lamb's --since 1h aligns it.
read -r from until < <("$python" -c '
import time
now = int(time.time())
until = -(-now // 60) * 60
print(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(until - 3660)), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(until)))')

# The script, one AWS CLI run per call, in sequence, as a shell script (or serverless metrics, call by call) makes them.
cat >"$work/cli-metrics.sh" <<SH
#!/usr/bin/env bash
set -euo pipefail
cli() { echo "\$1 \$2" >>"$work/cli.calls"; "$aws" --endpoint-url "$endpoint" --region us-east-1 --output json "\$@" >/dev/null; }
stat() { cli cloudwatch get-metric-statistics --start-time "$from" --end-time "$until" --period 60 "\$@"; }
alias_dims=(--dimensions Name=FunctionName,Value=bench Name=Resource,Value=bench:dev)
api_dims=(--dimensions Name=ApiName,Value=bench Name=Stage,Value=dev)
cli lambda get-function --function-name bench --qualifier dev
for metric in Invocations Errors Throttles AsyncEventsReceived AsyncEventsDropped DeadLetterErrors \
        DestinationDeliveryFailures ProvisionedConcurrencySpilloverInvocations; do
    stat --namespace AWS/Lambda --metric-name "\$metric" "\${alias_dims[@]}" --statistics Sum
done
stat --namespace AWS/Lambda --metric-name Duration "\${alias_dims[@]}" --extended-statistics p50 p95 p99
stat --namespace AWS/Lambda --metric-name Duration "\${alias_dims[@]}" --statistics Maximum
stat --namespace AWS/Lambda --metric-name AsyncEventAge "\${alias_dims[@]}" --statistics Maximum
stat --namespace AWS/Lambda --metric-name ConcurrentExecutions --dimensions Name=FunctionName,Value=bench --statistics Maximum
for metric in Count 4XXError 5XXError; do
    stat --namespace AWS/ApiGateway --metric-name "\$metric" "\${api_dims[@]}" --statistics Sum
done
stat --namespace AWS/ApiGateway --metric-name Latency "\${api_dims[@]}" --extended-statistics p95
stat --namespace AWS/ApiGateway --metric-name IntegrationLatency "\${api_dims[@]}" --extended-statistics p95
cli logs filter-log-events --log-group-name /aws/lambda/bench --start-time $(( $(date -d "$from" +%s) * 1000 )) \
    --end-time $(( $(date -d "$until" +%s) * 1000 )) --filter-pattern '?"REPORT RequestId" ?"platform.report"'
cli cloudwatch describe-alarms --alarm-name-prefix lamb-bench-dev-
SH
chmod +x "$work/cli-metrics.sh"

"$lamb" metrics --local --since "$from" --until "$until" --output json >"$work/lamb.json" 2>"$work/lamb.err" \
    || { cat "$work/lamb.err" >&2; exit 1; }
"$work/cli-metrics.sh" 2>"$work/cli.err" || { echo "bench: the AWS CLI script failed:" >&2; cat "$work/cli.err" >&2; exit 1; }
script_calls=$(wc -l <"$work/cli.calls")
script_stats=$(grep -c get-metric-statistics "$work/cli.calls")

# Runs a command RUNS times; prints the median wall time and the median CPU time (user+sys of it and its children), in ms.
cat >"$work/measure.py" <<'PY'
import resource, statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
walls, cpus = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls.append((time.monotonic() - start) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
print(round(statistics.median(walls)), round(statistics.median(cpus)))
PY
read -r l_wall l_cpu < <("$python" "$work/measure.py" "$runs" "$lamb" metrics --local --since "$from" --until "$until")
read -r s_wall s_cpu < <("$python" "$work/measure.py" "$runs" "$work/cli-metrics.sh")
read -r l_metric_data l_calls l_invocations l_errors < <("$python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
f = r["functions"][0]["figures"]
print(r["calls"]["metric_data"], r["calls"]["reads"] + r["calls"]["writes"], int(f["invocations"]), int(f["errors"]))' "$work/lamb.json")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

echo "lamb:      ${shown:-$lamb} ($("$lamb" --version 2>&1 | head -n1))"
echo "aws:       $("$aws" --version 2>&1)"
echo "machine:   $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); local cloud on 127.0.0.1:$port; $invocations invocations" \
    "($l_invocations counted, $l_errors errors); window $from to $until; median of $runs runs"
printf '%-46s %9s %9s %10s\n' "" "wall ms" "cpu ms" "AWS calls"
printf '%-46s %9s %9s %10s\n' "lamb metrics (1 process)" "$l_wall" "$l_cpu" "$l_calls ($l_metric_data GetMetricData)"
printf '%-46s %9s %9s %10s\n' "AWS CLI script, a call per metric (serverless)" "$s_wall" "$s_cpu" "$script_calls ($script_stats GetMetricStatistics)"
echo "lamb/script: wall $(ratio "$l_wall" "$s_wall")x, cpu $(ratio "$l_cpu" "$s_cpu")x (goal: wall <= 0.5x); GetMetricData calls: $l_metric_data (goal 1)"
