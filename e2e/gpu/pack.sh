#!/usr/bin/env bash
# Packs what a GPU check needs on a machine with no Node.js and no network: the node binary,
# nats-server, the built packages and their production dependencies (no web UI), as one
# xz tarball under e2e/gpu/.bundle/ (kept out of git). Run `npm run build` first.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/e2e/gpu/.bundle"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out" "$stage/anneal/bin"
cp "$(readlink -f "$(command -v node)")" "$stage/anneal/bin/node"
cp "$(readlink -f "$(command -v nats-server)")" "$stage/anneal/bin/nats-server"
cd "$root"
# Our packages: package.json + dist (+ the agent's Python helper and examples).
for pkg in services/core services/protocol migrations services/db services/scheduler services/api agent services/cli; do
  mkdir -p "$stage/anneal/$pkg"
  cp "$pkg/package.json" "$stage/anneal/$pkg/"
  cp -r "$pkg/dist" "$stage/anneal/$pkg/"
done
cp -r services/cli/bin "$stage/anneal/services/cli/"
[ -d agent/python ] && cp -r agent/python "$stage/anneal/agent/"
[ -d agent/examples ] && cp -r agent/examples "$stage/anneal/agent/"
cp -r e2e/gpu "$stage/anneal/e2e-gpu" && rm -rf "$stage/anneal/e2e-gpu/.bundle"
# Production dependency closure of the CLI (which depends on every service but the web UI).
npm ls --omit=dev --all --parseable -w @anneal/cli 2>/dev/null | sort -u | grep '/node_modules/' | grep -v '/node_modules/@anneal/' |
  while read -r dir; do
    rel=${dir#"$root/"}
    mkdir -p "$stage/anneal/$(dirname "$rel")"
    cp -r "$dir" "$stage/anneal/$rel" 2>/dev/null || true
  done
mkdir -p "$stage/anneal/node_modules/@anneal"
for pair in core:services/core protocol:services/protocol migrations:migrations db:services/db scheduler:services/scheduler api:services/api agent:agent cli:services/cli; do
  ln -s "../../${pair#*:}" "$stage/anneal/node_modules/@anneal/${pair%%:*}"
done
cp package.json "$stage/anneal/"
tar -C "$stage" -cf - anneal | xz -9 -T2 > "$out/anneal-gpu.tar.xz"
ls -la "$out/anneal-gpu.tar.xz"
