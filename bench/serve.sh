#!/usr/bin/env bash
# lamb serve under load: the Python greeting handler of `lamb init` behind `lamb serve`, next to a
# plain Python http.server answering the same greeting (the reference), both loaded by wrk in the
# same run. Goal: lamb serve >= 500 requests/s with p99 < 50 ms at a concurrency of 8.
#
#   bench/serve.sh                          # `lamb` on PATH, else bin/lamb (java -jar target/lamb.jar)
#   DURATION=30s CONNECTIONS=8 THREADS=2 bench/serve.sh
#
# Needs wrk (apt-get install wrk) and python3. Logs of both servers are kept in the run's temp folder
# while it runs, so writing them is part of what is measured.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

duration=${DURATION:-10s}
connections=${CONNECTIONS:-8}
threads=${THREADS:-2}
bench_args 10 "$@"
cd "$(dirname "$0")/.."

bench_require wrk "; apt-get install wrk"
bench_require python3
# The installed lamb when it has serve; else this checkout's launcher, which runs target/lamb.jar with
# the same JVM flags an installed lamb uses.
if command -v lamb >/dev/null && lamb serve --help >/dev/null 2>&1; then
    lamb=$(command -v lamb)
else
    [[ -f target/lamb.jar ]] || { echo "bench: no lamb on PATH and no target/lamb.jar; run mvn -B -q -DskipTests package" >&2; exit 1; }
    lamb=$PWD/bin/lamb
fi

pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true  # TERM: a script's background jobs ignore SIGINT
        wait "$pid" 2>/dev/null || true
    done
    bench_cleanup
}
bench_workdir serve cleanup


# Waits until the URL answers 200, for at most 60 s.
wait_for() {
    for ((i = 0; i < 600; i++)); do
        if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "bench: $1 did not answer; its log:" >&2
    cat "$2" >&2
    exit 1
}

"$lamb" init bench --runtime python --dir "$work/fn" --yes >/dev/null 2>&1

# The reference: the greeting handler's work (read the name, answer JSON, log one JSON line) in a
# threaded http.server speaking HTTP/1.1 with keep-alive, as wrk and lamb serve do, and with Nagle's
# algorithm off (it writes headers and body apart: with it on, each answer waits 40 ms for an ACK).
cat >"$work/reference.py" <<'PY'
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

class Greeting(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self):
        url = urlsplit(self.path)
        name = (parse_qs(url.query).get("name") or [""])[0]
        status, body = (200, "Hello, %s!" % name) if url.path == "/hello" and name else (400, {"error": "name"})
        print(json.dumps({"level": "INFO", "message": "greeted", "status": status, "nameLength": len(name)}),
              file=sys.stderr, flush=True)
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Greeting).serve_forever()
PY

lamb_port=$(free_port)
"$lamb" serve --dir "$work/fn" --port "$lamb_port" >"$work/lamb.out" 2>"$work/lamb.log" &
pids+=($!)
lamb_pid=$!
ref_port=$(free_port)
python3 "$work/reference.py" "$ref_port" 2>"$work/reference.log" &
pids+=($!)
ref_pid=$!
lamb_url="http://127.0.0.1:$lamb_port/hello?name=Ada"
ref_url="http://127.0.0.1:$ref_port/hello?name=Ada"
wait_for "$lamb_url" "$work/lamb.log"
wait_for "$ref_url" "$work/reference.log"

# CPU clock ticks (user + system) of a process and all its descendants: lamb's JVM and its function instances.
cpu_ticks() {
    local total=0 pid child
    for pid in "$@"; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
        for child in $(pgrep -P "$pid" || true); do
            total=$((total + $(cpu_ticks "$child")))
        done
    done
    echo "$total"
}

# Prints "REQUESTS_PER_SECOND P99_MS NON_2XX" for one wrk run.
load() {
    wrk -t"$threads" -c"$connections" -d"$duration" --latency "$1" >"$work/wrk.txt" 2>&1 \
        || { cat "$work/wrk.txt" >&2; exit 1; }
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /s$/) return v * 1000
            return v
        }
        $1 == "99%" { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { bad = $NF }
        /Socket errors:/ { bad = bad "+socket errors" }
        END { printf "%s %.2f %s\n", rps, p99, bad == "" ? 0 : bad }' "$work/wrk.txt"
}

echo "lamb:      $lamb ($("$lamb" --version 2>&1 | head -n1))"
echo "reference: python3 http.server ($(python3 --version 2>&1)), ThreadingHTTPServer, HTTP/1.1"
echo "load:      wrk -t$threads -c$connections -d$duration --latency, after a 3 s warm-up run on each"
wrk -t"$threads" -c"$connections" -d3s "$lamb_url" >/dev/null
wrk -t"$threads" -c"$connections" -d3s "$ref_url" >/dev/null
# CPU per request is what a loaded machine does not blur: wrk's requests over the CPU each server spent meanwhile.
before=$(cpu_ticks "$lamb_pid")
read -r lamb_rps lamb_p99 lamb_bad < <(load "$lamb_url")
lamb_ticks=$(($(cpu_ticks "$lamb_pid") - before))
lamb_requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
before=$(cpu_ticks "$ref_pid")
read -r ref_rps ref_p99 ref_bad < <(load "$ref_url")
ref_ticks=$(($(cpu_ticks "$ref_pid") - before))
ref_requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")

echo
printf '%-28s %12s %10s %10s\n' "" "requests/s" "p99 ms" "non-2xx"
printf '%-28s %12s %10s %10s\n' "lamb serve (Python handler)" "$lamb_rps" "$lamb_p99" "$lamb_bad"
printf '%-28s %12s %10s %10s\n' "python3 http.server" "$ref_rps" "$ref_p99" "$ref_bad"
awk -v a="$lamb_rps" -v b="$ref_rps" -v p="$lamb_p99" -v q="$ref_p99" 'BEGIN {
    printf "\nlamb/reference: %.2fx the requests/s, %.2fx the p99\n", a / b, p / q
    printf "goal (issue 18): lamb serve >= 2000 requests/s and p99 < 20 ms: %s\n", (a >= 2000 && p < 20) ? "met" : "NOT met" }'
echo "instances started by lamb serve: $(grep -c ' cold ' "$work/lamb.log" || true)"
awk -v lt="$lamb_ticks" -v lr="$lamb_requests" -v rt="$ref_ticks" -v rr="$ref_requests" -v hz="$(getconf CLK_TCK)" \
    -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
    printf "CPU per request: lamb serve %.0f us (JVM and instances), reference %.0f us; load average %s\n",
        lt * 1e6 / hz / lr, rt * 1e6 / hz / rr, load }'
