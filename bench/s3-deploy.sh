#!/usr/bin/env bash
# A 120 MB zip deployed through S3 on the local cloud: lamb deploy (package, upload in parallel parts, update
# the code, publish, move the alias) against the AWS CLI doing the least for the code alone, on a zip built
# beforehand: `aws s3 cp` then `aws lambda update-function-code --s3-bucket ... --s3-key ...` and the wait for
# it. Prints each median and lamb/aws (goal: at most 1.0), with the median CPU time (user+sys) of each side and of
# the local cloud serving it, and the load average: on a shared machine, CPU time is the figure that others' load moves
# least.
#
#   bench/s3-deploy.sh              # 3 runs of each; lamb built from this checkout and installed into a temp prefix
#   RUNS=5 LAMB=~/.local/bin/lamb bench/s3-deploy.sh
#
# Needs python3 and the AWS CLI v2 at /usr/bin/aws. Each run changes the code, so both upload 120 MB anew.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

runs=${RUNS:-3}
bench_number RUNS "$runs" 1
bench_args 10 "$@"
cd "$(dirname "$0")/.."
aws=/usr/bin/aws
bench_require python3
[[ -x $aws ]] || { echo "bench: the AWS CLI v2 is missing at $aws; apt-get install awscli" >&2; exit 1; }

bench_workdir s3-deploy

lamb=${LAMB:-}
shown=${LAMB:-}
bench_lamb "$work"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER= \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
bench_cloud "$work/cloud"
"$lamb" init bench --runtime python --yes --dir "$work/bench" >/dev/null 2>&1
cd "$work/bench"
# 120 MB of noise, which does not compress: a 120 MB zip.
python3 -c 'import os; [open(f"noise{i}.bin", "wb").write(os.urandom(15_000_000)) for i in range(8)]'

ms() { python3 -c 'import time; print(int(time.monotonic() * 1000))'; }
# CPU milliseconds (user+sys) of a shell's finished children, from the output of bash's `times` in FILE.
children_cpu_ms() { awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); print int((u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000) }' "$1"; }
# CPU milliseconds (user+sys) of the local cloud so far, from /proc (0 where there is no /proc).
cloud_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$(cut -d' ' -f1 "$work/cloud/local.pid")/stat" 2>/dev/null || echo 0; }
# Runs a command; prints its wall, its own CPU and the cloud's CPU in milliseconds.
timed() {
    local start end cpu cloud
    # `times` runs in this shell, not in a $(...) subshell, which has children of its own.
    times >"$work/cpu.before"; cloud=$(cloud_cpu_ms); start=$(ms)
    "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    end=$(ms); times >"$work/cpu.after"
    cpu=$(($(children_cpu_ms "$work/cpu.after") - $(children_cpu_ms "$work/cpu.before")))
    echo "$((end - start)) $cpu $(($(cloud_cpu_ms) - cloud))"
}
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)) }'; }
touch_code() { sed -i "s/Hello[^,]*, /Hello$1, /" handler.py; }
aws_cli() { "$aws" --endpoint-url "$endpoint" "$@"; }

"$lamb" deploy --local --output json >/dev/null 2>"$work/first.err" || { cat "$work/first.err" >&2; exit 1; }
bucket=lamb-000000000000-us-east-1
role=$(aws_cli lambda get-function --function-name bench --query Configuration.Role --output text)
"$lamb" package --out "$work/peer.zip" >/dev/null 2>&1
aws_cli s3 cp --only-show-errors "$work/peer.zip" "s3://$bucket/peer/first.zip"
aws_cli lambda create-function --function-name bench-cli --runtime python3.12 --handler handler.handler --role "$role" \
    --code "S3Bucket=$bucket,S3Key=peer/first.zip" >/dev/null
aws_cli lambda wait function-active-v2 --function-name bench-cli

lamb_ms=() lamb_cpu=() lamb_cloud=()
for ((i = 0; i < runs; i++)); do
    touch_code "$i"
    read -r wall cpu cloud < <(timed "$lamb" deploy --local --output json)
    [[ -n ${cloud:-} ]] || exit 1
    lamb_ms+=("$wall") lamb_cpu+=("$cpu") lamb_cloud+=("$cloud")
done
peer_deploy() {
    aws_cli s3 cp --only-show-errors "$work/peer.zip" "s3://$bucket/peer/$1.zip"
    aws_cli lambda update-function-code --function-name bench-cli --s3-bucket "$bucket" --s3-key "peer/$1.zip" >/dev/null
    aws_cli lambda wait function-updated-v2 --function-name bench-cli
}
peer_ms=() peer_cpu=() peer_cloud=()
for ((i = 0; i < runs; i++)); do
    touch_code "peer$i"
    "$lamb" package --out "$work/peer.zip" >/dev/null 2>&1
    read -r wall cpu cloud < <(timed peer_deploy "run$i")
    [[ -n ${cloud:-} ]] || exit 1
    peer_ms+=("$wall") peer_cpu+=("$cpu") peer_cloud+=("$cloud")
done

m_lamb=$(median "${lamb_ms[@]}"); m_peer=$(median "${peer_ms[@]}")
echo "zip $(du -m "$work/peer.zip" | cut -f1) MB, $runs runs, lamb: $shown; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "lamb deploy (package, S3, code, version, alias)  median $m_lamb ms of ${lamb_ms[*]};" \
    "CPU $(median "${lamb_cpu[@]}") ms, cloud's $(median "${lamb_cloud[@]}") ms"
echo "aws s3 cp + update-function-code + wait          median $m_peer ms of ${peer_ms[*]};" \
    "CPU $(median "${peer_cpu[@]}") ms, cloud's $(median "${peer_cloud[@]}") ms"
python3 -c 'import sys; print(f"lamb/aws = {int(sys.argv[1]) / int(sys.argv[2]):.2f}   goal <= 1.0")' "$m_lamb" "$m_peer"
