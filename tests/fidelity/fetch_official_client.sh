#!/bin/sh
# Fetch the official Homey Web API client (npm package homey-api) for the emulator's
# fidelity tests. Idempotent; run from anywhere: sh tests/fidelity/fetch_official_client.sh
#   .cache/homey-api/package/  the unpacked npm tarball (spec JSON files, lib/)
#   .cache/homey-api/node/     an npm install of it, for tests/fidelity/official_client.mjs
# The package is Athom's ("may be used freely with Homey products"): it is fetched at test
# time and never committed.
set -eu
VERSION=3.20.0
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE="$ROOT/.cache/homey-api"

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch_official_client: npm not found; the fidelity tests will be skipped" >&2
  exit 0
fi

has_version() {
  [ -f "$1" ] && grep -q "\"version\": \"$VERSION\"" "$1"
}

mkdir -p "$CACHE"
if ! has_version "$CACHE/package/package.json"; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "homey-api@$VERSION" >/dev/null)
  rm -rf "$CACHE/package"
  tar -xzf "$tmp/homey-api-$VERSION.tgz" -C "$CACHE"
  rm -rf "$tmp"
fi
if ! has_version "$CACHE/node/node_modules/homey-api/package.json"; then
  npm install --silent --no-audit --no-fund --no-save --prefix "$CACHE/node" \
    "homey-api@$VERSION" >/dev/null 2>&1 ||
    npm install --no-audit --no-fund --no-save --prefix "$CACHE/node" "homey-api@$VERSION"
fi
echo "fetch_official_client: homey-api $VERSION in $CACHE"
