# shellcheck shell=bash
# What the benchmarks share; sourced from the repository's root.

# Sets lamb (and shown) to this checkout's launcher (bin/lamb: target/lamb.jar with lamb's JVM flags),
# built now and run from a copy in WORK, so that a rebuild of target/ while the bench runs cannot pull
# the jar from under it. A lamb already set (LAMB=path) is kept. Exits 1 with Maven's errors if the
# build fails.
bench_lamb() {
    local work=$1
    if [[ -z ${lamb:-} ]]; then
        mvn -B -q -DskipTests package >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; exit 1; }
        mkdir -p "$work/lamb/bin" "$work/lamb/target"
        cp bin/lamb "$work/lamb/bin/"
        cp -R target/lamb.jar target/lib "$work/lamb/target/"
        lamb=$work/lamb/bin/lamb
        # shellcheck disable=SC2034  # shown is read by the scripts that source this file
        shown="bin/lamb of $PWD, run from a copy"
    fi
    [[ -x $lamb ]] || { echo "bench: no lamb at $lamb" >&2; exit 1; }
}

# A loopback port that was free a moment ago.
free_port() {
    "${python:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
