#!/bin/bash
# usage: bench/compare.sh "label" --gp k=v,...   (runs all 16 functions, 10 seeds, 50 trials)
label=$1; shift
node bench/run-samplers.mjs --method ${METHOD:-gp} --trials ${TRIALS:-50} --seeds ${SEEDS:-10} --set all "$@" > /tmp/cmp_$label.jsonl
echo "$label done"
