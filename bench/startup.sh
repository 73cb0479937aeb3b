#!/usr/bin/env bash
# Measures the published executable against the product goals:
#   - cold « reference load » into an empty data folder: wall time and peak memory (RSS), goal ≤ 15 s and ≤ 500 MB;
#   - start-up to the first 200 on /health/ready with a populated database, goal ≤ 2 s (5 runs: min/median/max);
#   - first « serve » on an empty data folder (reference data + national directory + demo) to the first 200 on
#     /health/ready: wall time and peak RSS at that moment, goal ≤ 15 s and ≤ 500 MB (FIRST_RUNS=3: min/median/max).
# Usage: bash bench/startup.sh            (RUNS=5, FIRST_RUNS=3 and PORT=<free port> may be set in the environment)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-5}
first_runs=${FIRST_RUNS:-3}
server_pid=""
work=$(mktemp -d)

cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }

# /usr/bin/time (GNU time, for peak RSS) is the Debian package « time ».
if [[ ! -x /usr/bin/time ]]; then
    echo "Installing GNU time (apt-get install -y time)…"
    sudo_cmd=()
    [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y time >/dev/null || { "${sudo_cmd[@]}" apt-get update >/dev/null && "${sudo_cmd[@]}" apt-get install -y time >/dev/null; }
fi

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    echo "no free port found" >&2
    return 1
}
port=${PORT:-$(free_port)}

echo "== Publish (Release)"
# As deployed: ReadyToRun for this machine's runtime identifier (start-up is mostly JIT and EF model building).
rid=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
dotnet publish "$repo/src/CityDiplomacy/CityDiplomacy.csproj" -c Release -r "$rid" --self-contained false -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log"; exit 1; }
app="$work/app/CityDiplomacy"
data="$work/data"
echo "published: $(du -sh "$work/app" | cut -f1)"

echo
echo "== Cold reference load (empty data folder)"
/usr/bin/time -v -o "$work/time.txt" "$app" reference load --data-dir "$data" >"$work/load.log" 2>&1 \
    || { cat "$work/load.log" "$work/time.txt"; exit 1; }
tail -n 1 "$work/load.log"
wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/time.txt")
wall_s=$(awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$wall")
echo "wall time: ${wall_s} s (goal ≤ 15 s)"
echo "peak RSS:  $((rss_kb / 1024)) MB (goal ≤ 500 MB)"
echo "database:  $(du -sh "$data" | cut -f1)"

echo
echo "== Start-up to the first 200 on /health/ready (populated database, $runs runs, port $port)"
url="http://127.0.0.1:$port/health/ready"
times=()
for run in $(seq 1 "$runs"); do
    start=$(now_ns)
    # Without the national directory: this section measures start-up itself (the first run still loads the demo);
    # the first serve with the directory is measured below.
    "$app" serve --data-dir "$data" --no-directory --urls "http://127.0.0.1:$port" >"$work/serve-$run.log" 2>&1 &
    server_pid=$!
    status=""
    while :; do
        status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)
        [[ "$status" == 200 ]] && break
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "the server stopped before answering:"; cat "$work/serve-$run.log"; exit 1
        fi
        if (( ($(now_ns) - start) / 1000000 > 60000 )); then
            echo "no 200 on $url after 60 s (last status ${status:-none}):"; cat "$work/serve-$run.log"; exit 1
        fi
        sleep 0.02
    done
    ms=$(( ($(now_ns) - start) / 1000000 ))
    times+=("$ms")
    echo "run $run: $ms ms"
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
done
mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
count=${#sorted[@]}
if (( count % 2 )); then median=${sorted[count / 2]}
else median=$(( (sorted[count / 2 - 1] + sorted[count / 2]) / 2 )); fi
echo "start-up: min ${sorted[0]} ms, median $median ms, max ${sorted[count - 1]} ms (goal ≤ 2000 ms)"

stats() { # label unit goal values…: « label: min …, median …, max … (goal) »
    local label=$1 unit=$2 goal=$3; shift 3
    local sorted count median
    mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
    count=${#sorted[@]}
    if (( count % 2 )); then median=${sorted[count / 2]}
    else median=$(( (sorted[count / 2 - 1] + sorted[count / 2]) / 2 )); fi
    echo "$label: min ${sorted[0]} $unit, median $median $unit, max ${sorted[count - 1]} $unit (goal $goal)"
}

echo
echo "== First serve on an empty data folder: reference data + national directory + demo ($first_runs runs)"
first_ms=()
first_mb=()
for run in $(seq 1 "$first_runs"); do
    fresh="$work/fresh-$run"
    start=$(now_ns)
    "$app" serve --data-dir "$fresh" --urls "http://127.0.0.1:$port" >"$work/first-$run.log" 2>&1 &
    server_pid=$!
    hwm_kb=0
    while :; do
        # The peak resident set so far (VmHWM): sampled while loading, read again once ready.
        kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
        (( kb > hwm_kb )) && hwm_kb=$kb
        status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)
        [[ "$status" == 200 ]] && break
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "the server stopped before answering:"; cat "$work/first-$run.log"; exit 1
        fi
        if (( ($(now_ns) - start) / 1000000 > 180000 )); then
            echo "no 200 on $url after 180 s (last status ${status:-none}):"; cat "$work/first-$run.log"; exit 1
        fi
        sleep 0.05
    done
    ms=$(( ($(now_ns) - start) / 1000000 ))
    kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status")
    (( kb > hwm_kb )) && hwm_kb=$kb
    first_ms+=("$ms")
    first_mb+=("$((hwm_kb / 1024))")
    communes=$(curl -s "http://127.0.0.1:$port/a-propos" | grep -o '[0-9][^a-z<>]* communes ont au moins' | head -n 1 || true)
    echo "run $run: $ms ms, peak RSS $((hwm_kb / 1024)) MB; $(grep -o 'Annuaire wikipedia[^\n]*' "$work/first-$run.log" | head -n 1 | cut -c1-160); ${communes:-}"
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
done
stats "first serve to ready" ms "≤ 15000 ms" "${first_ms[@]}"
stats "first serve peak RSS" MB "≤ 500 MB" "${first_mb[@]}"

echo
echo "== Shipped reference data and national directory"
(cd "$repo" && du -sh data/directory)
(cd "$repo" && du -sh data/reference)
