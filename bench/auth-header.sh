#!/usr/bin/env bash
# Side by side in one run: the anonymous commune page behind the rate limiter and the output cache, without and with a
# bogus `Authorization: x` header (a header that does not authenticate must count as anonymous: same limiter, same
# cache). wrk alternates the two for ROUNDS rounds of SECONDS each; the medians of requests/s and their ratio are
# printed. Goal: equal within noise. The server runs with the rate limit off (every request comes from 127.0.0.1), so
# that the cache, not the limiter, is compared; `LIMITED=1` keeps the limit on, to compare the 429 shares instead.
# Usage: bash bench/auth-header.sh     (ROUNDS=5, SECONDS_EACH=8, APP=<published CityDiplomacy executable> skips the publish)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-5}
seconds=${SECONDS_EACH:-8}
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

command -v wrk >/dev/null || { echo "wrk is missing (Debian package « wrk »)"; exit 1; }
if [[ -n "${APP:-}" ]]; then
    app=$APP
else
    dotnet publish "$repo/src/CityDiplomacy/CityDiplomacy.csproj" -c Release -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 \
        || { cat "$work/publish.log"; exit 1; }
    app="$work/app/CityDiplomacy"
fi
limit=false
[[ "${LIMITED:-0}" == 1 ]] && limit=true
"$app" serve --no-directory --urls "http://127.0.0.1:$port" --data-dir "$work/data" --RateLimiting:Enabled=$limit --Logging:LogLevel:Default=Warning >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 1200); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
    sleep 0.1
done
url="http://127.0.0.1:$port/communes/45284"
curl -fs "$url" >/dev/null

rate() { wrk -t2 -c16 -d"${seconds}s" "$@" "$url" | awk '/Requests\/sec/ {print $2}'; }
plain=(); bogus=()
for round in $(seq 1 "$rounds"); do
    p=$(rate); b=$(rate -H "Authorization: x")
    plain+=("$p"); bogus+=("$b")
    echo "round $round: without header $p req/s, with « Authorization: x » $b req/s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
mp=$(median "${plain[@]}"); mb=$(median "${bogus[@]}")
echo "median: without header $mp req/s, with « Authorization: x » $mb req/s, ratio $(awk -v a="$mb" -v b="$mp" 'BEGIN {printf "%.2f", a / b}')"
