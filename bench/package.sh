#!/usr/bin/env bash
# Packaging speed: `lamb package` against Info-ZIP's `zip -q -r -X` on the same generated Python
# project (about 20,000 files, 200 MB: mostly compressible text, some random binary), best of 3
# each, and a check that two lamb runs give byte-identical zips.
#
#   bench/package.sh            # uses `lamb` on PATH, else bin/lamb, else java -cp target/lamb.jar
#                               # (target/lamb.jar is built first if missing)
#   FILES=2000 MB=20 bench/package.sh
#
# The tree comes from a seeded generator, so it is the same on every run and machine (for one
# Python 3 release), and figures from different days compare.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

files=${FILES:-20000}
megabytes=${MB:-200}
runs=${RUNS:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)

for tool in python3 zip sha256sum; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is not on PATH" >&2; exit 1; }
done

if command -v lamb >/dev/null; then
    lamb_cmd=(lamb)
else
    if [[ ! -f "$repo/target/lamb.jar" ]]; then
        echo "building lamb (mvn -B -q -DskipTests package)…" >&2
        (cd "$repo" && mvn -B -q -DskipTests package)
    fi
    if [[ -x "$repo/bin/lamb" ]]; then
        lamb_cmd=("$repo/bin/lamb")   # the launcher users run, with its JVM flags
    else
        lamb_cmd=(java -cp "$repo/target/lamb.jar:$repo/target/lib/*" dev.lamb.Lamb)
    fi
fi

bench_workdir package
tree=$work/project

echo "generating $files files, about $megabytes MB, in $tree…" >&2
python3 - "$tree" "$files" "$megabytes" <<'PY'
import os, random, sys

root, count, megabytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20260101)
words = ["def", "return", "self", "import", "from", "class", "None", "True", "False", "if", "else", "for",
         "in", "while", "with", "as", "yield", "lambda", "raise", "try", "except", "value", "result",
         "items", "config", "request", "response", "handler", "event", "context", "data", "key", "name",
         "path", "index", "count", "total", "buffer", "record", "payload", "status", "error", "logger"]
# A pool of source-like lines; each file draws from a small subset, as real modules repeat themselves.
pool = []
for _ in range(20000):
    indent = "    " * rng.randint(0, 3)
    body = " ".join(rng.choice(words) for _ in range(rng.randint(2, 9)))
    pool.append(f"{indent}{body}  # {rng.randint(0, 99999)}")

sizes, kinds = [], []
for i in range(count):
    binary = rng.random() < 0.03
    kinds.append(binary)
    sizes.append(rng.lognormvariate(8.3, 1.2) * (1.6 if binary else 1.0))
scale = megabytes * 1024 * 1024 / sum(sizes)
total = 0
for i, (size, binary) in enumerate(zip(sizes, kinds)):
    size = max(16, min(int(size * scale), 8 * 1024 * 1024))
    folder = os.path.join(root, f"pkg{i % 40:02d}", f"sub{(i // 40) % 12:02d}")
    os.makedirs(folder, exist_ok=True)
    if binary:
        data = rng.randbytes(size)
        name = f"blob{i:05d}.bin"
    else:
        subset = rng.sample(pool, 120)
        text = "\n".join(rng.choices(subset, k=size // 40 + 1)) + "\n"
        data = text.encode()[:size]
        name = f"module{i:05d}.py"
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)
    total += size

with open(os.path.join(root, "handler.py"), "w") as f:
    f.write("def handler(event, context):\n    return {'statusCode': 200, 'body': 'hello'}\n")
with open(os.path.join(root, "requirements.txt"), "w") as f:
    f.write("# no dependencies\n")
with open(os.path.join(root, "lamb.toml"), "w") as f:
    f.write('[function]\nname = "bench"\nruntime = "python3.13"\nhandler = "handler.handler"\n'
            'architecture = "x86_64"\nmemory = 128\ntimeout = 10\n')
print(f"generated {count + 3} files, {total / 1048576:.1f} MB", file=sys.stderr)
PY

now() { date +%s%N; }

# Best of $runs wall-clock milliseconds for a command run in the tree; the least CPU (user+sys, with
# its children) of those runs goes to $work/$1.cpu, as wall time on a shared machine says little alone,
# and after each lamb run the zip's sha256 goes to $work/lamb.sha, so every run is checked, not two.
best_of() {
    local best="" cpu="" start end elapsed used
    for ((i = 0; i < runs; i++)); do
        start=$(now)
        used=$( { TIMEFORMAT='%3U %3S'; time (cd "$tree" && "$@" >"$work/last.log" 2>&1); } 2>&1 ) \
            || { cat "$work/last.log" >&2; exit 1; }
        end=$(now)
        elapsed=$(( (end - start) / 1000000 ))
        used=$(awk '{ printf "%d", ($1 + $2) * 1000 }' <<<"$used")
        if [[ -z "$best" || $elapsed -lt $best ]]; then best=$elapsed; fi
        if [[ -z "$cpu" || $used -lt $cpu ]]; then cpu=$used; fi
        if [[ $1 == run_lamb ]]; then sha256sum "$lamb_out" | cut -d' ' -f1 >>"$work/lamb.sha"; fi
    done
    echo "$cpu" >"$work/$1.cpu"
    echo "$best"
}

zip_out=$work/zip.zip
lamb_out=$work/lamb.zip
run_zip() { rm -f "$zip_out"; zip -q -r -X "$zip_out" .; }
run_lamb() { "${lamb_cmd[@]}" package --out "$lamb_out"; }

zip_ms=$(best_of run_zip)
lamb_ms=$(best_of run_lamb)
(cd "$tree" && run_lamb) >/dev/null 2>&1
sha256sum "$lamb_out" | cut -d' ' -f1 >>"$work/lamb.sha"
first=$(head -n 1 "$work/lamb.sha")

printf 'tree:   %d files, %s\n' "$(find "$tree" -type f | wc -l)" "$(du -sh --apparent-size "$tree" | cut -f1)"
printf 'zip -q -r -X   %6d ms   %s   cpu %d ms\n' "$zip_ms" "$(du -h --apparent-size "$zip_out" | cut -f1)" "$(cat "$work/run_zip.cpu")"
printf 'lamb package   %6d ms   %s   cpu %d ms\n' "$lamb_ms" "$(du -h --apparent-size "$lamb_out" | cut -f1)" "$(cat "$work/run_lamb.cpu")"
awk -v l="$lamb_ms" -v z="$zip_ms" 'BEGIN { printf "lamb/zip       %6.2f  (below 1.00 means lamb is faster; goal, issue 18: <= 0.50: %s)\n", l / z,
    l / z <= 0.5 ? "met" : "NOT met" }'
printf 'load average   %s\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
if [[ $(sort -u "$work/lamb.sha" | wc -l) -eq 1 ]]; then
    echo "reproducible   yes, $(wc -l <"$work/lamb.sha") runs (sha256 $first)"
else
    echo "reproducible   NO: $(sort -u "$work/lamb.sha" | tr '\n' ' ')" >&2
    exit 1
fi
