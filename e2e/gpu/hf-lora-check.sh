#!/usr/bin/env bash
# The HF LoRA GPU check, in one command, on the lent GPU machine (torch, transformers and peft
# installed; no Node.js, no network), from the repository root:
#   bash e2e/gpu/pack.sh                         # here, first: the bundle check.sh unpacks
#   OUT=/tmp/out bash e2e/gpu/hf-lora-check.sh   # there (the device tool: carry e2e/gpu/.bundle)
# It measures, under $OUT:
#   pip.log        pip install --no-deps --no-index ./agent/python, offline
#   precision.json bf16 vs fp32 step time of the example, standalone
#   asha/          a bayes + ASHA sweep (check.sh): trials, pruned, adapter checkpoint sizes, GPU use
#   pbt/           a PBT sweep: trials, restored from checkpoints, pruned, checkpoint sizes
#   overhead/ + standalone.json   two trials as a sequential sweep vs the same two run standalone
#   summary.md / summary.json     every figure above (hf_lora_tools.py summary)
# Time: at most about 8 minutes with the defaults (each sweep is cut off at its *_SECONDS and
# reported as it stands), so it fits one 10-minute device call; shorten with those variables or
# HF_LORA_MODEL_ARGS='{"hidden_size": 256, "layers": 4, "heads": 4, ...}', or skip parts with
# HF_LORA_PARTS="precision asha pbt overhead" (any subset, in that order).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=${OUT:-/tmp/anneal-gpu-out}
mkdir -p "$out"
parts=${HF_LORA_PARTS:-precision asha pbt overhead}
tools="python3 e2e/gpu/hf_lora_tools.py"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

python3 -c 'import torch, transformers, peft; print("torch", torch.__version__, "cuda", torch.cuda.is_available(), torch.cuda.device_count(), "transformers", transformers.__version__, "peft", peft.__version__)' > "$out/versions.txt" 2>&1
python3 -m pip install --no-deps --no-index --target "$scratch/pip-target" ./agent/python > "$out/pip.log" 2>&1 && echo "pip install: ok" >> "$out/pip.log" || echo "pip install: FAILED" >> "$out/pip.log"

phase() { echo "[$(date +%T)] $*" | tee -a "$out/phases.log"; }
# check.sh's stack listens on 4100; the previous one must be gone before the next starts.
port_free() { for _ in $(seq 1 60); do python3 -c 'import socket, sys; sys.exit(socket.socket().connect_ex(("127.0.0.1", 4100)) == 0)' && return; sleep 0.5; done; }
for part in $parts; do
  case "$part" in
    precision)
      phase "precision: bf16 vs fp32, standalone"
      $tools precision "$out/precision.json" 2> "$out/precision.err" ;;
    asha)
      phase "asha: bayes + ASHA sweep"
      $tools gpu-sweep agent/examples/hf-lora/sweep-asha.yaml "$scratch/asha.yaml"
      port_free; OUT="$out/asha" AGENT_SLOTS=${ASHA_SLOTS:-4} bash e2e/gpu/check.sh "$scratch/asha.yaml" "${ASHA_SECONDS:-150}" ;;
    pbt)
      phase "pbt: PBT sweep"
      $tools gpu-sweep agent/examples/hf-lora/sweep-pbt.yaml "$scratch/pbt.yaml"
      port_free; OUT="$out/pbt" AGENT_SLOTS=${PBT_SLOTS:-8} bash e2e/gpu/check.sh "$scratch/pbt.yaml" "${PBT_SECONDS:-150}" ;;
    overhead)
      phase "overhead: 2 trials as a sequential sweep, then standalone"
      $tools overhead-config "$scratch/overhead.yaml"
      $tools warm-cache 2> "$out/warm-cache.err"
      port_free; OUT="$out/overhead" AGENT_SLOTS=1 bash e2e/gpu/check.sh "$scratch/overhead.yaml" "${OVERHEAD_SECONDS:-90}"
      $tools standalone "$out/standalone.json" 2> "$out/standalone.err" ;;
    *) echo "unknown part $part" >&2 ;;
  esac
done
phase "summary"
$tools summary "$out"
