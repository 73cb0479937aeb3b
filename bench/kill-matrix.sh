#!/usr/bin/env bash
# The kill -9 matrix: each import is killed at POINTS moments spread over its clean run's duration, then run again to
# its end; the database must then hold exactly what a clean run leaves (every table's row count, the open flags by rule
# and audience; the audit trail and bookkeeping tables excepted, since a killed run may have written its own lines).
#   - import twinnings --format wikipedia-csv (the national list, ../shared/data/twinning);
#   - import engagements (the town hall's sample, ../shared/data/samples, into Saint-Jean-de-Braye);
#   - evidence import --kind vdem (../shared/data/human_rights), on a register holding the national list.
# Usage: bash bench/kill-matrix.sh     (POINTS=10; APP=<path of a published CityDiplomacy executable> skips the publish;
#        SHARED=<folder of the shared data>, default ../shared next to the repository)
# Prints one line per kill: the moment, whether the kill landed before the import ended, and « same » or the differences.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${SHARED:-$repo/../shared}
points=${POINTS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

for f in data/twinning/wikipedia_twin_cities_2026.csv data/samples/jumelages_export_mairie_cp1252.csv \
         data/human_rights/vdem_v14_six_indices_1968_2023.csv; do
    [[ -f "$shared/$f" ]] || { echo "missing $shared/$f (set SHARED)"; exit 1; }
done

if [[ -n "${APP:-}" ]]; then
    app=$APP
else
    echo "== Publish (Release)"
    dotnet publish "$repo/src/CityDiplomacy/CityDiplomacy.csproj" -c Release -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 \
        || { cat "$work/publish.log"; exit 1; }
    app="$work/app/CityDiplomacy"
fi

# Every table's row count and the open flags by rule and audience, one line each, for a diff.
snapshot() {
    python3 - "$1/citydiplomacy.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
skip = {"AuditEntries", "PendingScreenings", "Leases", "DataProtectionKeys", "__EFMigrationsHistory", "__EFMigrationsLock"}
for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"):
    if table not in skip:
        count = db.execute('SELECT COUNT(*) FROM "' + table + '"').fetchone()[0]
        print(f"{table} {count}")
for rule, audience, n in db.execute("""SELECT RuleId, Audience, COUNT(*) FROM ScreeningFlags WHERE ResolvedAt IS NULL
                                       GROUP BY RuleId, Audience ORDER BY 1, 2"""):
    print(f"open-flags {rule} {audience} {n}")
PY
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

echo "== Reference data"
"$app" reference load --data-dir "$work/base" >"$work/reference.log" 2>&1 || { cat "$work/reference.log"; exit 1; }

twinnings=(import twinnings --format wikipedia-csv --file "$shared/data/twinning/wikipedia_twin_cities_2026.csv")
engagements=(import engagements --commune 45284 --file "$shared/data/samples/jumelages_export_mairie_cp1252.csv")
evidence=(evidence import --kind vdem "$shared/data/human_rights/vdem_v14_six_indices_1968_2023.csv")

# A register holding the national list, for the evidence import to screen.
cp -r "$work/base" "$work/base-national"
"$app" "${twinnings[@]}" --data-dir "$work/base-national" >"$work/national.log" 2>&1 || { cat "$work/national.log"; exit 1; }

matrix() {
    local name=$1 base=$2; shift 2
    local command=("$@")
    echo
    echo "== $name: ${command[*]/#$shared\//}"
    cp -r "$base" "$work/clean"
    local start; start=$(now_ms)
    "$app" "${command[@]}" --data-dir "$work/clean" >"$work/clean.log" 2>&1 || { cat "$work/clean.log"; exit 1; }
    local took=$(( $(now_ms) - start ))
    snapshot "$work/clean" >"$work/clean.counts"
    echo "clean run: ${took} ms; $(grep -c . "$work/clean.counts") figures compared"
    local same=0
    for k in $(seq 1 "$points"); do
        local at=$(( took * k / (points + 1) ))
        rm -rf "$work/run"; cp -r "$base" "$work/run"
        "$app" "${command[@]}" --data-dir "$work/run" >"$work/killed.log" 2>&1 &
        local pid=$!
        sleep "$(awk -v ms="$at" 'BEGIN { printf "%.3f", ms / 1000 }')"
        local landed="killed"
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || landed="ended first"; else landed="ended first"; fi
        wait "$pid" 2>/dev/null || true
        "$app" "${command[@]}" --data-dir "$work/run" >"$work/rerun.log" 2>&1 || { echo "kill $k: the rerun failed:"; cat "$work/rerun.log"; exit 1; }
        snapshot "$work/run" >"$work/run.counts"
        if diff -q "$work/clean.counts" "$work/run.counts" >/dev/null; then
            same=$((same + 1)); echo "kill $k at ${at} ms ($landed): same"
        else
            echo "kill $k at ${at} ms ($landed): DIFFERENT"; diff "$work/clean.counts" "$work/run.counts" | sed 's/^/    /'
        fi
    done
    rm -rf "$work/clean" "$work/run"
    echo "$name: $same of $points reruns equal to the clean run"
}

matrix "import twinnings" "$work/base" "${twinnings[@]}"
matrix "import engagements" "$work/base" "${engagements[@]}"
matrix "evidence import" "$work/base-national" "${evidence[@]}"
