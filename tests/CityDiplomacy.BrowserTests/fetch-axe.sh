#!/usr/bin/env bash
# Fetches axe-core's axe.min.js (pinned version) with `npm pack` into tests/CityDiplomacy.BrowserTests/.axe/, which
# git ignores: axe-core is a test-time tool, never committed. The accessibility tests find it there (or through
# CITYDIPLOMACY_TEST_AXE, a path to axe.min.js) and skip with a reason when it is absent.
# Prints the path of axe.min.js as its last line.
set -euo pipefail

VERSION=4.14.1
cd "$(dirname "$0")"
DEST=".axe/axe-core-$VERSION"

if [[ ! -f $DEST/axe.min.js ]]; then
    command -v npm >/dev/null 2>&1 || { echo "fetch-axe: npm is not installed" >&2; exit 1; }
    work=$(mktemp -d)
    trap 'rm -rf -- "$work"' EXIT
    (cd "$work" && npm pack --silent "axe-core@$VERSION" >/dev/null)
    tar -xzf "$work/axe-core-$VERSION.tgz" -C "$work"
    mkdir -p "$DEST"
    cp "$work/package/axe.min.js" "$work/package/LICENSE" "$DEST/"
fi
printf '%s\n' "$PWD/$DEST/axe.min.js"
