#!/bin/bash
# usage: services/core/bench/stopping.sh FAMILY '{"early_terminate":{...}}'  (from the repo root)
BENCH_EXTRA=services/core/bench/py /usr/bin/python3 ../shared/bench/stopping_bench.py --solver 'cmd:node services/core/bench/ask-tell-stdio.mjs' --family $1 --seeds ${SEEDS:-20} --extra "$2" | python3 -c "import json,sys; r=json.load(sys.stdin); print('$1', r['extra'], 'median %.4f mean %.4f started %s' % (r['median_regret'], r['mean_regret'], r['median_trials_started']))"
