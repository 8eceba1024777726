# shellcheck shell=bash
# What the benchmarks share; each sources it first, as bench/lib.sh next to itself.

# The argument every benchmark reads the same way: -h or --help prints the script's header (its comment lines 2 to
# LAST, without the "# ") and exits 0; anything else is one line and exit 2. Settings come from the environment.
bench_args() {
    local last=$1 arg
    shift
    for arg in "$@"; do
        case $arg in
            -h | --help) sed -n "2,${last}s/^# \{0,1\}//p" "$0"; exit 0 ;;
            *) echo "bench/${0##*/}: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
        esac
    done
}

# Exits 2 with one line unless VALUE (the setting NAME's) is a whole number of at least MIN.
bench_number() {
    [[ $2 =~ ^[0-9]+$ && $2 -ge $3 ]] || { echo "bench: $1 must be a number >= $3" >&2; exit 2; }
}

# Exits 1 with "bench: TOOL is missing" and HINT (e.g. "; apt-get install curl") unless TOOL is on PATH.
bench_require() {
    command -v "$1" >/dev/null || { echo "bench: $1 is missing${2:-}" >&2; exit 1; }
}

# Sets lamb to LAMB (empty: bench_lamb builds this checkout, which needs mvn: exits 1 without it).
bench_lamb_or_mvn() {
    lamb=${LAMB:-}
    [[ -n $lamb ]] || bench_require mvn " (or give LAMB=path/to/lamb)"
}

# Sets aws to the AWS CLI v2 (AWS_CLI, else /usr/bin/aws, not the first aws on PATH); exits 1 without it.
bench_aws_cli() {
    aws=${AWS_CLI:-/usr/bin/aws}
    [[ -x $aws ]] || { echo "bench: no AWS CLI at $aws; apt-get install awscli, or give AWS_CLI=path" >&2; exit 1; }
}

# Sets work to a new temporary folder lamb-bench-NAME.*, removed at exit by CLEANUP (default bench_cleanup; a script's
# own cleanup calls bench_cleanup last); Ctrl-C or TERM exits 130 through it.
bench_workdir() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/lamb-bench-$1.XXXXXX")
    # shellcheck disable=SC2064  # the cleanup's name is fixed now
    trap "${2:-bench_cleanup}" EXIT
    trap 'exit 130' INT TERM
}

# Stops the bench's local cloud, if one runs, and removes its work folder.
bench_cleanup() {
    bench_cloud_stop 2>/dev/null || true
    rm -rf "$work"
}

# Sets lamb (and shown) to this checkout's launcher, built now and installed by install.sh into WORK
# (jar, libraries and the start-up archive, as users get them), so that a rebuild of target/ while the
# bench runs cannot pull the jar from under it. A lamb already set (LAMB=path) is kept. Exits 1 with
# Maven's or install.sh's errors if either fails.
bench_lamb() {
    local work=$1
    if [[ -z ${lamb:-} ]]; then
        # Installed as users install it, start-up archive included, so start-up figures are theirs.
        mvn -B -q -DskipTests package >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; exit 1; }
        LAMB_SKIP_BUILD=1 ./install.sh --prefix "$work/lamb" >>"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; exit 1; }
        lamb=$work/lamb/bin/lamb
        # shellcheck disable=SC2034  # shown is read by the scripts that source this file
        shown="bin/lamb of $PWD, installed into a temporary prefix"
    fi
    [[ -x $lamb ]] || { echo "bench: no lamb at $lamb" >&2; exit 1; }
}

# Creates the Python function project "bench" in DIR (lamb init), its handler.py read from standard input; on a
# failure prints init's errors and exits 1.
bench_function() {
    "$lamb" init bench --runtime python --yes --dir "$1" >/dev/null 2>"$1.init.err" || { cat "$1.init.err" >&2; exit 1; }
    cat >"$1/handler.py"
}

# Polls URL every 10 ms until it answers 200, for at most 30 s; on failure prints LOG and exits.
wait_for() {
    local i
    for ((i = 0; i < 3000; i++)); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1" 2>/dev/null) == 200 ]] && return 0
        sleep 0.01
    done
    echo "bench: $1 did not answer 200 within 30 s; log:" >&2
    cat "$2" >&2 2>/dev/null || true
    exit 1
}

# A loopback port that was free a moment ago.
free_port() {
    "${python:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the local cloud a benchmark runs against: `lamb local start --detach` with its data in DATA
# (a folder under the bench's temp folder, never ~/.local/share/lamb) on PORT, or on a free port.
# Sets port and endpoint, and exports LAMB_LOCAL_PORT and LAMB_LOCAL_DATA so that lamb's --local
# finds this cloud. Exits 1 with the cloud's errors if it does not start. One cloud at a time:
# bench_cloud_stop stops it, and the scripts' EXIT trap calls that too.
bench_cloud() {
    local data=$1
    port=${2:-$(free_port)}
    endpoint=http://127.0.0.1:$port
    export LAMB_LOCAL_PORT=$port LAMB_LOCAL_DATA=$data
    bench_cloud_data=$data
    "$lamb" local start --detach --port "$port" --data-dir "$data" >/dev/null 2>"$data.start.err" \
        || { cat "$data.start.err" >&2; tail -n 40 "$data/local.log" >&2 2>/dev/null; exit 1; }
}

# Stops the cloud bench_cloud started, if one runs; returns 1 (after saying so) if it would not stop.
bench_cloud_stop() {
    [[ -n ${bench_cloud_data:-} ]] || return 0
    local data=$bench_cloud_data
    bench_cloud_data=''
    "$lamb" local stop --data-dir "$data" >/dev/null 2>&1 || { echo "bench: lamb local stop --data-dir $data failed" >&2; return 1; }
}
