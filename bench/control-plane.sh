#!/usr/bin/env bash
# Control-plane throughput through boto3: the local cloud (`lamb local start --detach`) against moto's server
# (`python3 -m moto.server`, with MOTO_IAM_LOAD_MANAGED_POLICIES=true, the AWS emulator the tests also use), the
# same boto3 client code against each, one call at a time on one kept-alive connection, as a test suite calls:
#   GetFunction          GETS calls on one function
#   Create+Delete        PAIRS CreateFunction/DeleteFunction pairs of a small Python zip; calls/s counts both calls
# Each server first gets a role and the function GetFunction reads, then WARMUP calls of each kind not counted.
# RUNS rounds alternate the servers; the figures are medians over the rounds, and lamb/moto is the ratio of them
# (above 1: the local cloud is faster). Goal (issue 18): 2x moto on both, Invoke overhead under 1 ms (lamb only).
#
#   bench/control-plane.sh                          # builds this checkout, installs it into a temp prefix
#   GETS=1000 PAIRS=200 RUNS=3 WARMUP=50 bench/control-plane.sh   # the defaults
#   LAMB=~/.local/bin/lamb bench/control-plane.sh   # another lamb, e.g. the installed one
#
# Needs curl and a python3 with boto3 and moto (pip install 'moto[server]'). Each server gets a free port and a
# folder in a temp folder, never ~/.local/share/lamb; both are stopped and deleted at the end, also on failure.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

gets=${GETS:-1000}
pairs=${PAIRS:-200}
runs=${RUNS:-3}
warmup=${WARMUP:-50}
for n in "$gets" "$pairs" "$runs"; do
    [[ $n =~ ^[0-9]+$ && $n -ge 1 ]] || { echo "bench: GETS, PAIRS and RUNS must be numbers >= 1" >&2; exit 2; }
done
[[ $warmup =~ ^[0-9]+$ ]] || { echo "bench: WARMUP must be a number" >&2; exit 2; }
bench_args 16 "$@"
cd "$(dirname "$0")/.."

bench_require curl "; apt-get install curl"
# The interpreter itself, not a pyenv shim in front of it.
python=$(python3 -c 'import boto3, moto, sys; print(sys.executable)' 2>/dev/null) \
    || { echo "bench: python3 lacks boto3 or moto; pip install boto3 'moto[server]'" >&2; exit 1; }

lamb=${LAMB:-}
moto_pid=''
cleanup() {
    if [[ -n $moto_pid ]]; then
        kill "$moto_pid" 2>/dev/null || true
        wait "$moto_pid" 2>/dev/null || true
    fi
    bench_cleanup
}
bench_workdir control-plane cleanup

bench_lamb "$work"

# The client: one boto3 Lambda client (and an IAM one for the role), as a test suite makes them. Prints
# "GETFUNCTION_CALLS_PER_S CREATE_DELETE_CALLS_PER_S" for one round against ENDPOINT.
cat >"$work/drive.py" <<'PY'
import io, sys, time, zipfile
import boto3

endpoint, gets, pairs, warmup, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == 'first'
kw = dict(endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
lam, iam = boto3.client('lambda', **kw), boto3.client('iam', **kw)
data = io.BytesIO()
with zipfile.ZipFile(data, 'w') as z:
    z.writestr('handler.py', "def handler(event, context):\n    return {'hello': event.get('name')}\n")
code = data.getvalue()
trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},'
         '"Action":"sts:AssumeRole"}]}')


def create(name):
    lam.create_function(FunctionName=name, Runtime='python3.12', Role=role, Handler='handler.handler', Code={'ZipFile': code})


if first:
    iam.create_role(RoleName='bench-role', AssumeRolePolicyDocument=trust)
# Each server's own account: moto's is not the local cloud's.
role = iam.get_role(RoleName='bench-role')['Role']['Arn']
if first:
    create('bench-get')
    lam.get_waiter('function_active_v2').wait(FunctionName='bench-get', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})


def rate(calls, each):
    start = time.perf_counter()
    for i in range(calls):
        each(i)
    return calls / (time.perf_counter() - start)


def pair(i, prefix):
    create(f'{prefix}-{i}')
    lam.delete_function(FunctionName=f'{prefix}-{i}')


rate(warmup, lambda i: lam.get_function(FunctionName='bench-get'))
rate(warmup, lambda i: pair(i, 'bench-warm'))
get = rate(gets, lambda i: lam.get_function(FunctionName='bench-get'))
paired = 2 * rate(pairs, lambda i: pair(i, 'bench-pair'))
print(f'{get:.1f} {paired:.1f}')
PY

# Invoke's overhead on the local cloud alone (moto runs functions in Docker): INVOKES calls of bench-get, after
# WARMUP, one at a time on one kept-alive connection (a raw http.client, each request SigV4-signed before its clock
# starts), each the round trip less the REPORT line's Duration (the function's own time), from X-Amz-Log-Type: Tail.
# Prints "MEDIAN_MS P95_MS"; exits non-zero if an answer is wrong or the client had to connect more than once.
invokes=${INVOKES:-1000}
[[ $invokes =~ ^[0-9]+$ && $invokes -ge 1 ]] || { echo "bench: INVOKES must be a number >= 1" >&2; exit 2; }
cat >"$work/invoke.py" <<'PY'
import base64, http.client, json, re, sys, time
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

endpoint, count, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
host = endpoint.split('//', 1)[1]
path = '/2015-03-31/functions/bench-get/invocations'
signer = SigV4Auth(Credentials('test', 'test'), 'lambda', 'us-east-1')
connects = 0


class Counted(http.client.HTTPConnection):
    def connect(self):
        global connects
        connects += 1
        super().connect()


conn = Counted(host)
overheads = []
for i in range(warmup + count):
    body = json.dumps({'name': f'Ada{i}'}).encode()
    request = AWSRequest('POST', endpoint + path, data=body, headers={'X-Amz-Log-Type': 'Tail'})
    signer.add_auth(request)  # signed before the clock starts: the client's own work is not the cloud's
    headers = dict(request.headers.items())
    start = time.perf_counter()
    conn.request('POST', path, body=body, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    took = (time.perf_counter() - start) * 1000
    if response.status != 200 or json.loads(payload) != {'hello': f'Ada{i}'}:
        sys.exit(f'invoke answered {response.status}: {payload[:200]!r}')
    log = base64.b64decode(response.getheader('X-Amz-Log-Result')).decode()
    duration = re.search(r'REPORT RequestId: \S+\s+Duration: ([0-9.]+) ms', log)
    if not duration:
        sys.exit(f'no REPORT Duration in the tail: {log!r}')
    if i >= warmup:
        overheads.append(took - float(duration.group(1)))
if connects != 1:
    sys.exit(f'the client opened {connects} connections, not 1: keep-alive did not hold')
overheads.sort()
n = len(overheads)
median = overheads[n // 2] if n % 2 else (overheads[n // 2 - 1] + overheads[n // 2]) / 2
print(f'{median:.3f} {overheads[min(n - 1, -(-95 * n // 100) - 1)]:.3f}')
PY

bench_cloud "$work/lamb-data"
moto_port=$(free_port)
MOTO_IAM_LOAD_MANAGED_POLICIES=true "$python" -m moto.server -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
wait_for "http://127.0.0.1:$moto_port/moto-api/" "$work/moto.log"
wait_for "$endpoint/_lamb/health" "$work/lamb-data/local.log"

echo "lamb:    ${shown:-$lamb} ($("$lamb" --version 2>&1 | head -n1)), lamb local start --detach"
echo "peer:    $python -m moto.server, MOTO_IAM_LOAD_MANAGED_POLICIES=true (moto $("$python" -c 'import moto; print(moto.__version__)'))"
echo "client:  boto3 $("$python" -c 'import boto3; print(boto3.__version__)') on $("$python" --version 2>&1), one call at a time"
echo "calls:   $gets GetFunction, $pairs CreateFunction/DeleteFunction pairs per round, after $warmup of each; $runs rounds; then $invokes Invokes (lamb) after $warmup"
# Other processes' CPU and disk use move both servers' figures (an fsync waits on everyone's writes): say how busy.
load() { [[ -r /proc/loadavg ]] && echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15-minute load average, $(nproc) cores) $1"; }
load "at the start"
: >"$work/samples"
for ((r = 0; r < runs; r++)); do
    order=(lamb moto)
    ((r % 2)) && order=(moto lamb)
    for server in "${order[@]}"; do
        url=$endpoint
        [[ $server == moto ]] && url=http://127.0.0.1:$moto_port
        first=again
        grep -q "^$server " "$work/samples" || first=first
        read -r get paired < <("$python" "$work/drive.py" "$url" "$gets" "$pairs" "$warmup" "$first" 2>"$work/drive.err") \
            || { echo "bench: the boto3 client failed against $server ($url):" >&2; cat "$work/drive.err" >&2; exit 1; }
        [[ -n ${paired:-} ]] || { echo "bench: the boto3 client failed against $server ($url):" >&2; cat "$work/drive.err" >&2; exit 1; }
        echo "$server $get $paired" >>"$work/samples"
    done
done

read -r invoke_median invoke_p95 < <("$python" "$work/invoke.py" "$endpoint" "$invokes" "$warmup" 2>"$work/invoke.err") \
    || { echo "bench: the Invoke client failed:" >&2; cat "$work/invoke.err" >&2; exit 1; }
[[ -n ${invoke_p95:-} ]] || { echo "bench: the Invoke client failed:" >&2; cat "$work/invoke.err" >&2; exit 1; }

# The median of column COL (2: GetFunction, 3: Create+Delete) of SERVER's rounds.
median() {
    awk -v s="$1" -v c="$2" '$1 == s { print $c }' "$work/samples" | sort -n | awk '
        { v[NR] = $1 } END { printf "%.1f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
load "at the end"
echo
printf '%-30s %14s %14s %10s\n' "" "lamb calls/s" "moto calls/s" "lamb/moto"
goal=met
for col in 2 3; do
    name="GetFunction ($gets)"
    ((col == 3)) && name="Create+Delete ($pairs pairs)"
    l=$(median lamb "$col")
    m=$(median moto "$col")
    ratio=$(awk -v a="$l" -v b="$m" 'BEGIN { printf "%.2f", a / b }')
    awk -v r="$ratio" 'BEGIN { exit !(r < 2) }' && goal="NOT met"
    printf '%-30s %14s %14s %10s\n' "$name" "$l" "$m" "$ratio"
done
echo "Invoke overhead (lamb only): median $invoke_median ms, p95 $invoke_p95 ms over $invokes calls of one kept-alive connection"
awk -v m="$invoke_median" 'BEGIN { exit !(m >= 1) }' && goal="NOT met"
echo
echo "goal: the local cloud at least 2x moto's calls/s on both, Invoke overhead median under 1 ms (issue 18): $goal"
