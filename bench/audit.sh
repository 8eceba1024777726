#!/usr/bin/env bash
# `lamb audit --local` on one deployed function (issue 17: "`lamb audit` on the local cloud under 2 s for one
# function"), against a script that makes the same reads with the AWS CLI, one call after the other, as a shell script
# auditing a function would: get-function, get-function-concurrency, get-policy of the
# function and of the stage's alias, list-function-url-configs, list-function-event-invoke-configs, the role's
# list-role-policies and get-role-policy of each, list-attached-role-policies and get-policy + get-policy-version of
# each, and describe-log-groups. lamb makes two calls more: get-function-recursion-config, which Debian's AWS CLI v2 does
# not know yet, and get-function of the stage's alias. lamb also builds the package it scans and reads lamb.toml.
# Each side runs RUNS times (default 5); the medians of wall time and of CPU time (user+sys, which a loaded machine
# skews less) are shown, with the AWS calls each made. Goal: lamb audit under 2 s of wall time.
#
#   bench/audit.sh                         # builds this checkout, installs it into a temp prefix
#   RUNS=9 bench/audit.sh
#   LAMB=~/.local/bin/lamb bench/audit.sh  # another lamb, e.g. the installed one
#
# Needs python3, curl, the AWS CLI v2 at /usr/bin/aws (apt-get install awscli; else AWS_CLI=path), and mvn unless
# LAMB is given. The cloud runs detached on a free port with its data in a temp folder; it is stopped and the folder
# deleted at the end, also on failure or Ctrl-C. Takes about a minute.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

runs=${RUNS:-5}
bench_number RUNS "$runs" 1
bench_args 18 "$@"
cd "$(dirname "$0")/.."

bench_require python3
bench_require curl
bench_aws_cli
python=$(python3 -c 'import sys; print(sys.executable)')
bench_lamb_or_mvn

bench_workdir audit

bench_lamb "$work"

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_PAGER=
bench_cloud "$work/cloud"

bench_function "$work/fn" <<'PY'
def handler(event, context):
    return {"statusCode": 200, "body": "ok"}
PY
cd "$work/fn"
"$lamb" deploy --local >/dev/null 2>"$work/deploy.err" || { cat "$work/deploy.err" >&2; exit 1; }

# The script: the reads lamb audit makes, one AWS CLI run per call, in sequence.
cat >"$work/cli-audit.sh" <<SH
#!/usr/bin/env bash
set -euo pipefail
cli() { echo "\$1 \$2" >>"$work/cli.calls"; "$aws" --endpoint-url "$endpoint" --region us-east-1 --output json "\$@"; }
role=\$(cli lambda get-function --function-name bench --query 'Configuration.Role' --output text)
role=\${role##*/}
cli lambda get-function-concurrency --function-name bench >/dev/null
cli lambda get-policy --function-name bench >/dev/null 2>&1 || true
cli lambda get-policy --function-name bench --qualifier dev >/dev/null 2>&1 || true
cli lambda list-function-url-configs --function-name bench >/dev/null
cli lambda list-function-event-invoke-configs --function-name bench >/dev/null
for policy in \$(cli iam list-role-policies --role-name "\$role" --query 'PolicyNames' --output text); do
    cli iam get-role-policy --role-name "\$role" --policy-name "\$policy" >/dev/null
done
for arn in \$(cli iam list-attached-role-policies --role-name "\$role" --query 'AttachedPolicies[].PolicyArn' --output text); do
    version=\$(cli iam get-policy --policy-arn "\$arn" --query 'Policy.DefaultVersionId' --output text)
    cli iam get-policy-version --policy-arn "\$arn" --version-id "\$version" >/dev/null
done
cli logs describe-log-groups --log-group-name-prefix /aws/lambda/bench >/dev/null
SH
chmod +x "$work/cli-audit.sh"

"$lamb" audit --local --output json >"$work/lamb.json" 2>"$work/lamb.err" || { cat "$work/lamb.err" >&2; exit 1; }
"$work/cli-audit.sh" >/dev/null 2>"$work/cli.err" || { echo "bench: the AWS CLI script failed:" >&2; cat "$work/cli.err" >&2; exit 1; }
script_calls=$(wc -l <"$work/cli.calls")

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
read -r l_wall l_cpu < <("$python" "$work/measure.py" "$runs" "$lamb" audit --local)
read -r s_wall s_cpu < <("$python" "$work/measure.py" "$runs" "$work/cli-audit.sh")
read -r l_calls l_findings < <("$python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["aws_calls"], len(r["findings"]))' "$work/lamb.json")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

echo "lamb:      ${shown:-$lamb} ($("$lamb" --version 2>&1 | head -n1))"
echo "aws:       $("$aws" --version 2>&1)"
echo "machine:   $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); local cloud on 127.0.0.1:$port;" \
    "a default lamb deploy ($l_findings findings, none at high); median of $runs runs"
printf '%-40s %9s %9s %10s\n' "" "wall ms" "cpu ms" "AWS calls"
printf '%-40s %9s %9s %10s\n' "lamb audit --local (1 process)" "$l_wall" "$l_cpu" "$l_calls"
printf '%-40s %9s %9s %10s\n' "AWS CLI script, the same reads" "$s_wall" "$s_cpu" "$script_calls"
echo "lamb/script: wall $(ratio "$l_wall" "$s_wall")x, cpu $(ratio "$l_cpu" "$s_cpu")x; goal: lamb audit under 2000 ms wall"
