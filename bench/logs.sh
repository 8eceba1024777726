#!/usr/bin/env bash
# Latency of `lamb logs --follow` against the local cloud: from a log line written by an invocation to
# the same line printed by the follower, over N events (default 100), p50 and p95, next to the AWS CLI's
# `aws logs tail --follow` (which polls FilterLogEvents) measured in the same run, on the same events,
# against the same local cloud (issue 7, section 5). Goal: lamb's p95 under 1.5 s, and at least three
# times lower than the AWS CLI's.
# The function (lamb init's Python project) prints "lamb-bench SEQ WRITTEN_MS" with the wall clock of
# the moment it writes; each follower's stdout goes through a small reader that notes when each such
# line arrives. Both followers run from before the first invocation; a warm-up invocation each second
# until both have printed one makes sure both are past their start.
#
#   bench/logs.sh                         # builds this checkout, installs it into a temp prefix
#   EVENTS=200 GAP_MS=50 bench/logs.sh
#   LAMB=~/.local/bin/lamb bench/logs.sh  # another lamb, e.g. the installed one
#
# Needs python3, curl, the AWS CLI v2 at /usr/bin/aws (apt-get install awscli; else AWS_CLI=path), and
# mvn unless LAMB is given. The cloud runs detached on a free port with its data in a temp folder; it
# is stopped and the folder deleted at the end, also on failure or Ctrl-C. Takes about a minute.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

events=${EVENTS:-100}
gap=${GAP_MS:-100}
bench_number EVENTS "$events" 10
[[ $gap =~ ^[0-9]+$ ]] || { echo "bench: GAP_MS must be a number of ms" >&2; exit 2; }
bench_args 19 "$@"
cd "$(dirname "$0")/.."

bench_require python3
bench_require curl
bench_aws_cli
python=$(python3 -c 'import sys; print(sys.executable)')
bench_lamb_or_mvn

followers=()  # pids of the two followers
cleanup() {
    for pid in "${followers[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    bench_cleanup
}
bench_workdir logs cleanup

bench_lamb "$work"

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_PAGER=
bench_cloud "$work/cloud"

bench_function "$work/fn" <<'PY'
import time


def handler(event, context):
    seq = ((event or {}).get("queryStringParameters") or {}).get("seq", "?")
    print(f"lamb-bench {seq} {time.time() * 1000:.0f}", flush=True)
    return {"statusCode": 200, "body": seq}
PY
cd "$work/fn"
url=$("$lamb" deploy --local 2>"$work/deploy.err" | tail -n1) || { cat "$work/deploy.err" >&2; exit 1; }
[[ $url == http* ]] || { echo "bench: deploy printed no URL" >&2; cat "$work/deploy.err" >&2; exit 1; }
url=${url%%\?*}   # deploy prints the URL with an example query (?name=World); the bench adds its own
curl -fsS "$url?seq=cold" >/dev/null   # the cold start, and the log group, before anyone follows

# Reads a follower's output; for each "lamb-bench SEQ WRITTEN_MS" line, once per SEQ, writes
# "SEQ LATENCY_MS" to the file named by its argument, as the line arrives.
cat >"$work/stamp.py" <<'PY'
import re, sys, time

seen = set()
with open(sys.argv[1], "w") as out:
    for line in sys.stdin:
        arrived = time.time() * 1000
        m = re.search(r"lamb-bench (\S+) (\d+)", line)
        if m and m.group(1) not in seen:
            seen.add(m.group(1))
            out.write(f"{m.group(1)} {arrived - int(m.group(2)):.0f}\n")
            out.flush()
PY
"$lamb" logs --follow --local --since 1m >"$work/lamb.out" 2>"$work/lamb.err" &
followers+=($!)
PYTHONUNBUFFERED=1 "$aws" logs tail /aws/lambda/bench --follow --since 1m --format short --color off \
    --endpoint-url "$endpoint" --region us-east-1 >"$work/aws.out" 2>"$work/aws.err" &
followers+=($!)
# The readers tail the output files, so that a follower never writes into a pipe (lamb flushes each line;
# the CLI is unbuffered by PYTHONUNBUFFERED). tail -F checks for new data every 0.1 s: both pay it equally.
tail -s 0.05 -n +1 -F "$work/lamb.out" 2>/dev/null | "$python" -u "$work/stamp.py" "$work/lamb.lat" &
followers+=($!)
tail -s 0.05 -n +1 -F "$work/aws.out" 2>/dev/null | "$python" -u "$work/stamp.py" "$work/aws.lat" &
followers+=($!)

count() { if [[ -f $1 ]]; then grep -c "^$2" "$1" || true; else echo 0; fi; }
for ((i = 0; i < 60; i++)); do
    curl -fsS "$url?seq=warm$i" >/dev/null
    sleep 1
    if [[ $(count "$work/lamb.lat" warm) -ge 1 && $(count "$work/aws.lat" warm) -ge 1 ]]; then
        break
    fi
done
[[ $(count "$work/lamb.lat" warm) -ge 1 ]] || { echo "bench: lamb logs --follow printed nothing" >&2; cat "$work/lamb.err" >&2; exit 1; }
[[ $(count "$work/aws.lat" warm) -ge 1 ]] || { echo "bench: aws logs tail printed nothing" >&2; cat "$work/aws.err" >&2; exit 1; }

for ((i = 0; i < events; i++)); do
    curl -fsS "$url?seq=e$i" >/dev/null
    sleep "$(awk -v ms="$gap" 'BEGIN { print ms / 1000 }')"
done
for ((i = 0; i < 60; i++)); do
    [[ $(count "$work/lamb.lat" e) -ge $events && $(count "$work/aws.lat" e) -ge $events ]] && break
    sleep 0.5
done

summary() {
    "$python" - "$1" "$events" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.startswith("e")]
lat = sorted(float(ms) for _, ms in rows)
n = int(sys.argv[2])
if not lat:
    print("0 0 0 0 0"); sys.exit()
pct = lambda p: lat[min(len(lat) - 1, max(0, round(p / 100 * len(lat) + 0.5) - 1))]
print(len(lat), n - len(lat), int(pct(50)), int(pct(95)), int(lat[-1]))
PY
}
read -r l_n l_missing l_p50 l_p95 l_max < <(summary "$work/lamb.lat")
read -r a_n a_missing a_p50 a_p95 a_max < <(summary "$work/aws.lat")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.1f", a / b }'; }

echo "lamb:      ${shown:-$lamb} ($("$lamb" --version 2>&1 | head -n1))"
echo "aws:       $("$aws" --version 2>&1)"
echo "machine:   $(nproc) cores, local cloud on 127.0.0.1:$port; $events events, one invocation each, ${gap} ms apart"
if grep -q 'polling' "$work/lamb.err"; then echo "lamb:      polled (Live Tail refused): $(grep -h polling "$work/lamb.err" | head -n1)"; fi
printf '%-34s %6s %8s %8s %8s %8s\n' "follower" "events" "missing" "p50 ms" "p95 ms" "max ms"
printf '%-34s %6s %8s %8s %8s %8s\n' "lamb logs --follow" "$l_n" "$l_missing" "$l_p50" "$l_p95" "$l_max"
printf '%-34s %6s %8s %8s %8s %8s\n' "aws logs tail --follow (CLI v2)" "$a_n" "$a_missing" "$a_p50" "$a_p95" "$a_max"
echo "p95: lamb $l_p95 ms (goal < 1500 ms); aws/lamb = $(ratio "$a_p95" "$l_p95")x (goal >= 3x); p50 aws/lamb = $(ratio "$a_p50" "$l_p50")x"
