#!/usr/bin/env bash
# The first use of the place index after a start: the server is started on a populated database, /health/ready is
# polled, and the first /api/places/resolve (what the upload preview and the partner search wait for) is timed from
# the moment the server is ready. Goal ≤ 3 s on an idle machine. The log line « Index des lieux construit en N ms »
# gives the background build's own time.
# Usage: bash bench/first-resolve.sh        (RUNS=3, PORT=<free port>; APP=<path of a built CityDiplomacy.dll> skips the publish)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-3}
port=${PORT:-$((20000 + RANDOM % 40000))}
work=$(mktemp -d)
server_pid=""

cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

if [[ -n "${APP:-}" ]]; then
    run=(dotnet "$APP")
else
    dotnet publish "$repo/src/CityDiplomacy/CityDiplomacy.csproj" -c Release -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 \
        || { cat "$work/publish.log"; exit 1; }
    run=("$work/app/CityDiplomacy")
fi
data="$work/data"
echo "== Reference load into $data"
"${run[@]}" reference load --data-dir "$data" >"$work/load.log" 2>&1 || { cat "$work/load.log"; exit 1; }

for i in $(seq 1 "$runs"); do
    "${run[@]}" serve --no-demo --urls "http://127.0.0.1:$port" --data-dir "$data" >"$work/serve-$i.log" 2>&1 &
    server_pid=$!
    until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.05; done
    ready=$(now_ms)
    curl -fs "http://127.0.0.1:$port/api/places/resolve?q=Cracovie&country=PL" >/dev/null
    first=$(( $(now_ms) - ready ))
    sleep 0.5
    built=$(grep -o 'Index des lieux construit en [0-9]* ms' "$work/serve-$i.log" | head -n 1 || true)
    echo "run $i: first resolve answered ${first} ms after ready; ${built:-index build time not logged}"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
