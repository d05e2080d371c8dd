#!/bin/bash
# Builds the core into bench/dist for benchmarks (export ANNEAL_CORE_DIST=$PWD/services/core/bench/dist/ from the repo root).
cd "$(dirname "$0")/.." && npx tsc -p tsconfig.json --outDir bench/dist --tsBuildInfoFile bench/dist/.tsbuildinfo --declaration false --declarationMap false --sourceMap false
