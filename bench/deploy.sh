#!/usr/bin/env bash
# lamb deploy against the local cloud: wall time from the shell of a first deploy, a no-op deploy
# (goal < 1.5 s, also with every issue-15 setting present) and a code-only deploy (goal < 3 s), with
# the AWS calls each made, next to the AWS CLI doing the least a script must do for the same result
# in the same run (the peer):
#   no-op      aws lambda get-function (one call, one process: a script's cheapest check)
#   code-only  aws lambda update-function-code, wait function-updated-v2, publish-version, update-alias
#
#   bench/deploy.sh                 # 5 runs of each, `lamb` on PATH, else bin/lamb (target/lamb.jar)
#   RUNS=10 bench/deploy.sh
#
# Needs python3 and the AWS CLI (aws). The local cloud holds a function in Pending or InProgress for
# 1 s after each change, so that waiters really wait: a code-only deploy includes that second.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

runs=${RUNS:-5}
bench_number RUNS "$runs" 1
bench_args 13 "$@"
cd "$(dirname "$0")/.."

bench_require python3
command -v aws >/dev/null || { echo "bench: the AWS CLI is missing; apt-get install awscli" >&2; exit 1; }
if command -v lamb >/dev/null && lamb deploy --help >/dev/null 2>&1; then
    lamb=$(command -v lamb)
else
    [[ -f target/lamb.jar ]] || { echo "bench: no lamb on PATH and no target/lamb.jar; run mvn -B -q -DskipTests package" >&2; exit 1; }
    lamb=$PWD/bin/lamb
fi

bench_workdir deploy

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
bench_cloud "$work/cloud"
"$lamb" init bench --runtime python --yes --dir "$work/bench" >/dev/null 2>&1
cd "$work/bench"

ms() { python3 -c 'import time; print(int(time.monotonic() * 1000))'; }
# Runs a command, keeps its stdout in $work/out, prints its wall time in ms.
timed() {
    local start end
    start=$(ms)
    "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    end=$(ms)
    echo $((end - start))
}
calls() { python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print("%d reads, %d writes" % (r["read_calls"], r["write_calls"]))' "$work/out"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)) }'; }
# Edits the greeting so that each code-only deploy ships a new zip.
touch_code() { sed -i "s/Hello[^,]*, /Hello$1, /" handler.py; }

first=$(timed "$lamb" deploy --local --output json)
echo "first deploy      $first ms   ($(calls))"

noop=()
for ((i = 0; i < runs; i++)); do noop+=("$(timed "$lamb" deploy --local --output json)"); done
noop_calls=$(calls)
peer_noop=()
for ((i = 0; i < runs; i++)); do
    peer_noop+=("$(timed aws --endpoint-url "http://127.0.0.1:$port" lambda get-function --function-name bench)")
done

code=()
for ((i = 0; i < runs; i++)); do
    touch_code "$i"
    code+=("$(timed "$lamb" deploy --local --output json)")
done
code_calls=$(calls)
peer_code=()
aws_cli() { aws --endpoint-url "http://127.0.0.1:$port" "$@"; }
peer_code_deploy() {
    aws_cli lambda update-function-code --function-name bench --zip-file "fileb://$work/bench/.lamb/bench.zip" >/dev/null
    aws_cli lambda wait function-updated-v2 --function-name bench
    local version
    version=$(aws_cli lambda publish-version --function-name bench --query Version --output text)
    aws_cli lambda update-alias --function-name bench --name dev --function-version "$version" >/dev/null
}
for ((i = 0; i < runs; i++)); do
    touch_code "peer$i"
    "$lamb" package >/dev/null 2>&1
    peer_code+=("$(timed peer_code_deploy)")
done

# The no-op deploy again with every production setting of issue 15 present (reserved and provisioned concurrency, a
# description, ephemeral storage, [function.async], a public [url]): each adds reads, none may add a write.
python3 - <<'PY'
toml = open("lamb.toml").read()
toml = toml.replace("[function]\n", "[function]\nreserved_concurrency = 5\nprovisioned_concurrency = 1\n"
                    "description = \"bench function\"\nephemeral_storage = 1024\n", 1)
open("lamb.toml", "w").write(toml + "\n[function.async]\nmax_retries = 1\nmax_event_age = 3600\n\n[url]\nauth = \"NONE\"\n")
PY
timed "$lamb" deploy --local --output json >/dev/null
full=()
for ((i = 0; i < runs; i++)); do full+=("$(timed "$lamb" deploy --local --output json)"); done
full_calls=$(calls)

m_noop=$(median "${noop[@]}"); m_peer_noop=$(median "${peer_noop[@]}"); m_full=$(median "${full[@]}")
m_code=$(median "${code[@]}"); m_peer_code=$(median "${peer_code[@]}")
ratio() { python3 -c 'import sys; print(f"{int(sys.argv[1]) / int(sys.argv[2]):.2f}")' "$1" "$2"; }
echo "no-op deploy      median $m_noop ms of ${noop[*]}   ($noop_calls)   goal < 1500 ms"
echo "  aws get-function median $m_peer_noop ms   lamb/aws = $(ratio "$m_noop" "$m_peer_noop")"
echo "  every setting   median $m_full ms of ${full[*]}   ($full_calls)   lamb/aws = $(ratio "$m_full" "$m_peer_noop")"
echo "code-only deploy  median $m_code ms of ${code[*]}   ($code_calls)   goal < 3000 ms"
echo "  aws CLI, 4 steps median $m_peer_code ms   lamb/aws = $(ratio "$m_code" "$m_peer_code")"
goal() { python3 -c 'import sys; print("met" if int(sys.argv[1]) <= float(sys.argv[3]) * int(sys.argv[2]) else "NOT met")' "$@"; }
noop_goal=$(goal "$m_noop" "$m_peer_noop" 1.0)
[[ $noop_calls == *" 0 writes" ]] || noop_goal="NOT met (it wrote)"
echo "goal (issue 18): no-op <= 1.0x one aws get-function, no writes: $noop_goal;" \
    "code-only <= 0.5x the CLI's 4 steps: $(goal "$m_code" "$m_peer_code" 0.5)"
