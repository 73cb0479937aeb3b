#!/usr/bin/env bash
# Mixed load on the published app for DURATION seconds (default 600): wrk reads public pages and the API; a national
# export is fetched every second; an officer writes through the API with a token (a partnership created, then updated
# with If-Match, every second). Reports the 5xx count of each stream (goal 0), wrk's latency percentiles (p50, p99) and
# the server's RSS sampled every 30 s (goal: flat, the last minute within 10 % of the second).
# The server starts on an empty data folder (first serve: reference data, national directory, demo) with the rate limit
# off, since every request comes from 127.0.0.1.
# Usage: bash bench/mixed-load.sh     (DURATION=600, APP=<published CityDiplomacy executable> skips the publish)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
duration=${DURATION:-600}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install -y wrk)"; exit 1; }
if [[ -n "${APP:-}" ]]; then
    app=$APP
else
    echo "== Publish (Release)"
    dotnet publish "$repo/src/CityDiplomacy/CityDiplomacy.csproj" -c Release -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 \
        || { cat "$work/publish.log"; exit 1; }
    app="$work/app/CityDiplomacy"
fi
port=$((20000 + RANDOM % 40000))
base="http://127.0.0.1:$port"
data="$work/data"
commune=45284

echo "== Officer and token"
"$app" reference load --data-dir "$data" >"$work/setup.log" 2>&1
printf 'mot-de-passe-de-charge-2026\n' | "$app" users add --email charge@example.org --password-stdin --role officer \
    --commune "$commune" --data-dir "$data" >>"$work/setup.log" 2>&1
token=$("$app" users token --email charge@example.org --name charge --data-dir "$data" 2>>"$work/setup.log" | tail -n 1)

echo "== Serve"
"$app" serve --data-dir "$data" --urls "$base" --RateLimiting:Enabled=false --Logging:LogLevel:Default=Warning >"$work/app.log" 2>&1 &
server=$!; pids+=("$server")
for _ in $(seq 1 1200); do curl -fs -o /dev/null "$base/health/ready" && break; sleep 0.1; done
curl -fs -o /dev/null "$base/health/ready" || { echo "not ready"; cat "$work/app.log"; exit 1; }
# Warm-up, timed: the place index is built in the background after readiness; the first national export is written once.
echo "first resolve: $(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' --max-time 300 "$base/api/places/resolve?q=Cracovie&country=PL")"
echo "first national export: $(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' --max-time 300 "$base/api/engagements.csv")"
: >"$work/export.codes"; : >"$work/write.codes"

cat >"$work/mixed.lua" <<'LUA'
local paths = { "/", "/communes/45284", "/api/communes/45284", "/api/communes/45284/engagements",
  "/api/communes/45284/engagements.json", "/pays/PL", "/api/national", "/communes/75056", "/api/countries/DE/engagements.json",
  "/api/places/resolve?q=Cracovie&country=PL", "/a-propos", "/api/communes/69123/engagements.geojson" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("wrk: %d requests, %.0f req/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, non-2xx/3xx %d, socket errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

# An export every second; writes every second; RSS every 30 s.
(
    while true; do
        code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/engagements.csv" || echo 000)
        echo "$code" >>"$work/export.codes"; sleep 1
    done
) & pids+=("$!")
(
    n=0
    while true; do
        n=$((n + 1))
        body="{\"partners\":[{\"geonameId\":3094802}],\"title\":\"Charge $n\",\"startOn\":\"2020-01-01\",\"type\":\"culture\"}"
        created=$(curl -s -D "$work/h" -o "$work/c.json" -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
            -d "$body" "$base/api/communes/$commune/partnerships" || echo 000)
        echo "create $created" >>"$work/write.codes"
        location=$(grep -i '^location:' "$work/h" | tr -d '\r' | awk '{print $2}')
        etag=$(grep -i '^etag:' "$work/h" | tr -d '\r' | cut -d' ' -f2-)
        if [[ "$created" == 201 && -n "$location" ]]; then
            updated=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $token" -H "If-Match: $etag" \
                -H 'Content-Type: application/json' -d "${body/Charge $n/Charge $n modifié}" "$base$location" || echo 000)
            echo "update $updated" >>"$work/write.codes"
        fi
        sleep 1
    done
) & pids+=("$!")
(
    while true; do
        echo "$(date +%s) $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status")" >>"$work/rss"; sleep 30
    done
) & pids+=("$!")

echo "== wrk -t2 -c32 -d${duration}s (pages and API), exports and writes alongside; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c32 -d"${duration}s" --latency -s "$work/mixed.lua" "$base" >"$work/wrk.txt" 2>&1 || true
grep -E '^wrk:|Latency Distribution|50%|99%' "$work/wrk.txt" || cat "$work/wrk.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "exports: $(wc -l <"$work/export.codes") fetched; by status: $(sort "$work/export.codes" | uniq -c | tr '\n' ' ')"
echo "writes: by status: $(sort "$work/write.codes" | uniq -c | tr '\n' ' ')"
five=$( (grep -c '^5' "$work/export.codes" || true; grep -c ' 5' "$work/write.codes" || true) | paste -sd+ | bc)
echo "5xx outside wrk: $five"
echo "RSS (MB) every 30 s: $(awk '{print $2}' "$work/rss" | tr '\n' ' ')"
grep -iE 'fail|exception' "$work/app.log" | head -n 5 || true
