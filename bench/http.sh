#!/usr/bin/env bash
# HTTP throughput and latency of the public reads, measured with wrk against the published app (Release) serving a
# generated national database, and, in the same run, against a bare minimal ASP.NET Core endpoint (bench/BareEndpoint).
# Goals: the commune JSON profile ≥ 40 % of the bare endpoint's requests per second, the commune HTML page ≥ 20 %,
# p99 ≤ 20 ms. Also the peak memory (RSS) of the server while it streams a national export, when that export exists.
#
# Usage: bash bench/http.sh
#   COMMUNE=45284      commune measured (INSEE code; default Saint-Jean-de-Braye)
#   DURATION=15s       wrk duration of each measurement (after a 5 s warm-up)
#   DATA_DIR=DIR       reuse a data folder already holding a generated national database (generating one takes minutes)
#   EXPORT_PATH=/api/… national export whose memory is measured (default: the first of EXPORT_CANDIDATES that answers 200)
#   APP_ARGS="…"       extra settings for the app, e.g. "--PublicCache:RevalidateSeconds=1" (reuse the data version for 1 s)
# The rate limit is disabled for the run: wrk sends everything from 127.0.0.1.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
commune=${COMMUNE:-45284}
duration=${DURATION:-15s}
threads=2
connections=64
work=$(mktemp -d)
pids=()

cleanup() {
    for pid in "${pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! command -v wrk >/dev/null; then
    echo "Installing wrk (apt-get install -y wrk)…"
    sudo_cmd=()
    [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y wrk >/dev/null || { "${sudo_cmd[@]}" apt-get update >/dev/null && "${sudo_cmd[@]}" apt-get install -y wrk >/dev/null; }
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

wait_ready() { # URL
    for _ in $(seq 1 600); do
        if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    echo "no answer from $1" >&2
    return 1
}

echo "== Publish (Release)"
rid=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
dotnet publish "$repo/src/CityDiplomacy/CityDiplomacy.csproj" -c Release -r "$rid" --self-contained false -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log"; exit 1; }
dotnet publish "$repo/bench/BareEndpoint/BareEndpoint.csproj" -c Release -o "$work/bare" --nologo -v quiet >"$work/publish-bare.log" 2>&1 \
    || { cat "$work/publish-bare.log"; exit 1; }
app="$work/app/CityDiplomacy"

if [[ -n "${DATA_DIR:-}" ]]; then
    data=$DATA_DIR
    echo "== Data: $data (reused)"
else
    data="$work/data"
    echo "== Generate the national demo database (demo generate --scale national)"
    start=$(date +%s%N)
    "$app" demo generate --scale national --data-dir "$data" | tail -n 1
    echo "generation: $(( ($(date +%s%N) - start) / 1000000 )) ms (reference load included)"
fi

app_port=$(free_port)
bare_port=$(free_port)
"$app" serve --urls "http://127.0.0.1:$app_port" --data-dir "$data" --no-demo \
    --RateLimiting:Enabled=false --Logging:LogLevel:Default=Warning ${APP_ARGS:-} >"$work/app.log" 2>&1 &
app_pid=$!; pids+=("$app_pid")
dotnet "$work/bare/BareEndpoint.dll" --urls "http://127.0.0.1:$bare_port" >"$work/bare.log" 2>&1 &
bare_pid=$!; pids+=("$bare_pid")
wait_ready "http://127.0.0.1:$app_port/health/ready" || { cat "$work/app.log"; exit 1; }
wait_ready "http://127.0.0.1:$bare_port/" || { cat "$work/bare.log"; exit 1; }

base="http://127.0.0.1:$app_port"
echo "commune $commune: $(curl -fsS "$base/api/communes/$commune/engagements" | grep -o '"id"' | wc -l) public engagements"

# ---- Hook: memory of a national export (the open-data exports are added by another feature) ----------------------
EXPORT_CANDIDATES=(/api/engagements.csv /api/engagements.json)
measure_export_memory() {
    local path=${EXPORT_PATH:-}
    if [[ -z "$path" ]]; then
        for candidate in "${EXPORT_CANDIDATES[@]}"; do
            if [[ $(curl -s -o /dev/null -w '%{http_code}' -r 0-0 "$base$candidate") =~ ^20 ]]; then path=$candidate; break; fi
        done
    fi
    if [[ -z "$path" ]]; then
        echo "export memory: no national export found (tried ${EXPORT_CANDIDATES[*]}; set EXPORT_PATH) — not measured"
        return
    fi
    local before after bytes
    before=$(awk '/VmRSS/ {print $2}' "/proc/$app_pid/status")
    bytes=$(curl -fsS -o /dev/null -w '%{size_download}' "$base$path")
    after=$(awk '/VmHWM/ {print $2}' "/proc/$app_pid/status")
    echo "export memory: GET $path → $((bytes / 1024)) KiB; server RSS before $((before / 1024)) MiB, peak during/after $((after / 1024)) MiB"
}
echo
echo "== National export memory"
measure_export_memory

# ---- wrk ------------------------------------------------------------------------------------------------------------
declare -A rps p99
run() { # NAME URL
    wrk -t"$threads" -c"$connections" -d5s "$2" >/dev/null # warm-up (JIT, caches)
    wrk -t"$threads" -c"$connections" -d"$duration" --latency "$2" >"$work/$1.txt"
    rps[$1]=$(awk '/^Requests\/sec:/ {print $2}' "$work/$1.txt")
    p99[$1]=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
    local errors
    errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$work/$1.txt")
    [[ -n "$errors" ]] && echo "WARNING: $1: $errors non-2xx/3xx responses" >&2
    echo "$1: ${rps[$1]} req/s, p99 ${p99[$1]}"
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'; }

echo
echo "== wrk -t$threads -c$connections -d$duration --latency (after a 5 s warm-up each)"
run bare "http://127.0.0.1:$bare_port/"
run profile "$base/api/communes/$commune"
run engagements "$base/api/communes/$commune/engagements"
run page "$base/communes/$commune"

echo
printf '%-34s %12s %10s %10s %8s %s\n' "endpoint" "req/s" "p99 (ms)" "vs bare" "goal" "result"
row() { # NAME LABEL GOAL_RATIO
    local ratio p99ms verdict="—"
    ratio=$(awk -v a="${rps[$1]}" -v b="${rps[bare]}" 'BEGIN { printf "%.1f", 100 * a / b }')
    p99ms=$(to_ms "${p99[$1]}")
    if [[ -n "$3" ]]; then
        verdict=$(awk -v r="$ratio" -v g="$3" -v p="$p99ms" 'BEGIN { print (r >= g && p <= 20) ? "PASS" : "FAIL" }')
    fi
    printf '%-34s %12s %10s %9s%% %8s %s\n' "$2" "${rps[$1]}" "$p99ms" "$ratio" "${3:+≥ $3 %}" "$verdict"
}
row bare "bare endpoint (/)" ""
row profile "GET /api/communes/$commune" 40
row engagements "GET /api/communes/$commune/engagements" ""
row page "GET /communes/$commune (HTML)" 20
echo "(p99 goal ≤ 20 ms; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
