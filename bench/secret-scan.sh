#!/usr/bin/env bash
# Secret scan speed (lamb audit's package scanner, dev.lamb.audit.scan.PackageScanner): the zips `lamb package` makes of
# each template's project, and of bench/package.sh's generated Python project (about 20,000 files, 200 MB, the same
# seeded tree), scanned RUNS times each (best of them, and the first, cold, run).
#
#   bench/secret-scan.sh
#   FILES=2000 MB=20 RUNS=3 bench/secret-scan.sh
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

files=${FILES:-20000}
megabytes=${MB:-200}
runs=${RUNS:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

bench_workdir secret-scan
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$work/classpath" >/dev/null
classpath=$repo/target/test-classes:$repo/target/classes:$(cat "$work/classpath")
lamb() { java -cp "$classpath" dev.lamb.Lamb "$@"; }

zips=()
for runtime in python node; do
    (cd "$work" && lamb init "t-$runtime" --runtime "$runtime" --yes >/dev/null 2>&1) || continue
    (cd "$work/t-$runtime" && lamb package --out "$work/t-$runtime.zip" >/dev/null 2>&1) && zips+=("$work/t-$runtime.zip")
done

echo "generating $files files, about $megabytes MB…" >&2
# bench/package.sh's generator, taken from that script so both benches measure the same tree.
sed -n "/<<'PY'\$/,/^PY\$/p" bench/package.sh | sed '1d;$d' > "$work/generate.py"
python3 "$work/generate.py" "$work/big" "$files" "$megabytes"
(cd "$work/big" && lamb package --out "$work/big.zip" >/dev/null)

java -cp "$classpath" dev.lamb.bench.PackageScanBench "$runs" "${zips[@]}" "$work/big.zip" "$work/big"
