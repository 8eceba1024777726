#!/usr/bin/env bash
# A warm invoke through the local cloud: the Python greeting function of `lamb init`, deployed through
# the AWS CLI to a detached `lamb local start`, then invoked with an API Gateway event for
# GET /hello?name=Ada three ways in the same run:
#   aws lambda invoke     the AWS CLI v2 against the cloud, a process per call
#   lamb invoke --local   a process per call, invoking the same function on the same cloud
#                         (--qualifier '$LATEST': the AWS CLI made it, so it has no alias)
#   raw HTTP              POST /2015-03-31/functions/bench/invocations, one curl sending them all in
#                         turn over one kept-alive connection: the cloud's own cost
# Goal: raw HTTP median under 10 ms. Ratios aws-cli/raw and lamb/raw are of the medians. The function
# has lamb init's 128 MB; where the engine can use cgroups (as root) that is 128/1769 of a vCPU, as on
# Lambda, so the raw tail (p95, max) shows the function being throttled: MEMORY=1769 for a whole vCPU.
#
#   bench/local-invoke.sh                # 15 calls each, 1000 raw requests; builds this checkout
#                                        # and installs it into a temp prefix
#   CALLS=30 REQUESTS=5000 WARMUP=500 MEMORY=1769 bench/local-invoke.sh
#   LAMB=~/.local/bin/lamb bench/local-invoke.sh   # another lamb, e.g. the installed one
#
# Needs curl, python3 and the AWS CLI v2 at /usr/bin/aws. The cloud gets a free port and a data folder
# in a temp folder, never ~/.local/share/lamb; both go at the end, also on failure or Ctrl-C.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
calls=${CALLS:-15}
requests=${REQUESTS:-1000}
warmup=${WARMUP:-200}
memory=${MEMORY:-128}
[[ $calls =~ ^[0-9]+$ && $calls -ge 2 && $requests =~ ^[0-9]+$ && $requests -ge 20 && $warmup =~ ^[0-9]+$
    && $memory =~ ^[0-9]+$ && $memory -ge 128 && $memory -le 10240 ]] \
    || { echo "bench: CALLS must be a number >= 2, REQUESTS a number >= 20, WARMUP a number and MEMORY 128..10240" >&2; exit 2; }
bench_args 22 "$@"
cd "$(dirname "$0")/.."

bench_require curl "; apt-get install curl"
bench_require python3
# Debian's awscli package is v2 at /usr/bin/aws; the first aws on PATH may be an old v1 (pyenv).
[[ -x /usr/bin/aws ]] || { echo "bench: no AWS CLI v2 at /usr/bin/aws; apt-get install awscli" >&2; exit 1; }

lamb=${LAMB:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/lamb-bench-local-invoke.XXXXXX")
data=$work/data
cleanup() {
    bench_cloud_stop 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_lamb "$work"

port=$(free_port)
endpoint=http://127.0.0.1:$port
url=$endpoint/2015-03-31/functions/bench/invocations
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_PAGER='' AWS_CONFIG_FILE=/dev/null \
    AWS_SHARED_CREDENTIALS_FILE=/dev/null
aws=(/usr/bin/aws --endpoint-url "$endpoint" --region us-east-1 --output json)
quiet_aws() {
    "${aws[@]}" "$@" >/dev/null 2>"$work/aws.err" || { echo "bench: aws $*:" >&2; cat "$work/aws.err" >&2; exit 1; }
}

"$lamb" init bench --runtime python --dir "$work/fn" --yes >/dev/null 2>&1
# The cloud's function gets the memory from create-function; lamb.toml keeps the project consistent.
sed -i "s/^memory = 128\$/memory = $memory/" "$work/fn/lamb.toml"
grep -qx "memory = $memory" "$work/fn/lamb.toml" || { echo "bench: no 'memory = 128' line in lamb.toml to change" >&2; exit 1; }
(cd "$work/fn" && "$lamb" package --out "$work/bench.zip" >/dev/null 2>&1)
# The project's own sample event (API Gateway, GET /hello), asking for Ada.
sed 's/"World"/"Ada"/g' "$work/fn/events/hello.json" >"$work/event.json"

bench_cloud "$data" "$port"
quiet_aws iam create-role --role-name bench-role --assume-role-policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
quiet_aws lambda create-function --function-name bench --runtime python3.13 --handler handler.handler \
    --role arn:aws:iam::000000000000:role/bench-role --memory-size "$memory" --zip-file "fileb://$work/bench.zip"
quiet_aws lambda wait function-active-v2 --function-name bench

# Each case answers Ada with 200, or the run stops: a benchmark of errors measures nothing.
expect_greeting() {
    grep -q 'Hello, Ada!' "$1" || { echo "bench: $2 did not greet Ada:" >&2; cat "$1" "${3:-/dev/null}" >&2; exit 1; }
}

# The process-per-call cases, each a command whose output goes to $work/out.
names=("aws lambda invoke (process per call)" "lamb invoke --local (process per call)")
aws_call() {
    "${aws[@]}" lambda invoke --function-name bench --cli-binary-format raw-in-base64-out \
        --payload "file://$work/event.json" "$work/out" >"$work/call.log" 2>&1
}
lamb_call() {
    # shellcheck disable=SC2016  # $LATEST is Lambda's name, not a variable
    LAMB_LOCAL_PORT=$port "$lamb" invoke --local --qualifier '$LATEST' --query name=Ada --dir "$work/fn" \
        >"$work/out" 2>"$work/call.log"
}
commands=(aws_call lamb_call)

now_us() { now=${EPOCHREALTIME/[.,]/}; }

: >"$work/samples"
for i in "${!commands[@]}"; do  # the cloud's instance starts here; both read their files once
    for ((w = 0; w < 2; w++)); do
        "${commands[i]}" || { cat "$work/call.log" >&2; exit 1; }
        expect_greeting "$work/out" "${names[i]}" "$work/call.log"
    done
done
for ((r = 0; r < calls; r++)); do
    for ((k = 0; k < ${#commands[@]}; k++)); do
        i=$(((k + r) % ${#commands[@]}))
        now_us
        start=$now
        "${commands[i]}" </dev/null || { cat "$work/call.log" >&2; exit 1; }
        now_us
        expect_greeting "$work/out" "${names[i]}" "$work/call.log"
        echo "$i $(((now - start) / 1000)).$(printf '%03d' $(((now - start) % 1000)))" >>"$work/samples"
    done
done

# Raw HTTP: one curl, one connection (it reuses it for every URL of its config), each transfer's
# time_total. The first response's body is kept to check it; the rest go to /dev/null.
raw() {
    local n=$1 k
    {
        echo "url = \"$url\""
        echo "output = \"$work/raw.out\""
        for ((k = 1; k < n; k++)); do
            echo "url = \"$url\""
            echo 'output = "/dev/null"'
        done
    } >"$work/curl.config"
    # Signed, as the cloud takes no unsigned control-plane request (curl signs each one with SigV4).
    curl -s -X POST -H 'Content-Type: application/json' --data-binary "@$work/event.json" -K "$work/curl.config" \
        --aws-sigv4 "aws:amz:us-east-1:lambda" --user test:test \
        -w '%{http_code} %{num_connects} %{time_total}\n' >"$work/raw.txt" \
        || { echo "bench: curl to $url failed" >&2; exit 1; }
    awk -v n="$n" '
        $1 != 200 { bad++ } { connects += $2 }
        END {
            if (NR != n || bad) { printf "bench: %d of %d raw requests answered, %d not 200\n", NR, n, bad > "/dev/stderr"; exit 1 }
            if (connects > 1) { printf "bench: curl opened %d connections, not 1\n", connects > "/dev/stderr"; exit 1 }
        }' "$work/raw.txt"
    expect_greeting "$work/raw.out" "raw HTTP"
}
raw "$warmup"
raw "$requests"
awk '{ printf "2 %.3f\n", $3 * 1000 }' "$work/raw.txt" >>"$work/samples"
names+=("raw HTTP POST .../invocations (one connection)")

# "COUNT MEDIAN MEAN P95 MIN MAX" of one case, in ms; p95 is the nearest rank.
stats() {
    awk -v c="$1" '$1 == c { print $2 }' "$work/samples" | sort -n | awk '
        { v[NR] = $1; s += $1 }
        END {
            p = int(0.95 * NR); if (p < 0.95 * NR) p++
            printf "%d %.2f %.2f %.2f %.2f %.2f\n", NR, NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, s / NR, v[p], v[1], v[NR]
        }'
}

echo "lamb:    ${shown:-$lamb} ($("$lamb" --version 2>&1 | head -n1)), local cloud at $endpoint"
echo "java:    $(java -version 2>&1 | head -n1)"
echo "aws:     /usr/bin/aws ($(/usr/bin/aws --version 2>&1 | head -n1))"
echo "client:  $(curl --version | head -n1 | cut -d' ' -f1-2) for raw HTTP, $requests requests after $warmup warm-up"
echo "event:   the project's events/hello.json (API Gateway, GET /hello) with name=Ada; every answer checked"
echo "memory:  $memory MB, a share of $(awk -v m="$memory" 'BEGIN { printf "%.2f", m / 1769 }') vCPU where cgroups are usable (root)"
echo "calls:   $calls per process-per-call case, alternating, after 2 warm-up calls each"
echo
printf '%-48s %6s %9s %9s %9s %9s %9s %10s\n' "" "n" "median ms" "mean ms" "p95 ms" "min ms" "max ms" "x raw med."
read -r _ raw_median _ raw_p95 _ < <(stats 2)
for i in 0 1 2; do
    read -r n median mean p95 min max < <(stats "$i")
    ratio=$(awk -v a="$median" -v b="$raw_median" 'BEGIN { printf "%.1f", a / b }')
    ((i == 2)) && ratio=''
    printf '%-48s %6s %9s %9s %9s %9s %9s %10s\n' "${names[i]}" "$n" "$median" "$mean" "$p95" "$min" "$max" "$ratio"
done
echo
awk -v m="$raw_median" -v p="$raw_p95" 'BEGIN {
    printf "goal: raw HTTP median under 10 ms: %s (median %.2f ms, p95 %.2f ms)\n", m < 10 ? "met" : "NOT met", m, p }'
read -r _ aws_median _ < <(stats 0)
read -r _ lamb_median _ < <(stats 1)
awk -v a="$aws_median" -v l="$lamb_median" -v r="$raw_median" 'BEGIN {
    printf "aws-cli/raw: %.0fx   lamb/raw: %.0fx   (medians; most of both is process start-up)\n", a / r, l / r }'
