"""Optuna's constant-liar TPE on the asynchronous schedule of `bench/batch-seeds.mjs --async`.

B trials run at once; the oldest is told first, and one ask follows each tell, as a sweep with
`max_concurrent: B` runs trials of equal length. Prints, per function, the median and mean final
log10 regret over the seeds and every seed's value, in batch-seeds.mjs's format, so the two
schedules can be put side by side:

  python3 services/core/bench/py/async_optuna.py --bench-dir ../shared/bench --functions hartmann6,branin \
      --seeds 20 --trials 50 --batch 8 [--sampler tpe|tpe-mv]
"""
import argparse
import math
import statistics
import sys
from collections import deque


def suggest(trial, space):
    params = {}
    for name, d in space.items():
        if "values" in d:
            params[name] = trial.suggest_categorical(name, d["values"])
        elif d["distribution"] == "uniform":
            params[name] = trial.suggest_float(name, d["min"], d["max"])
        elif d["distribution"] == "log_uniform_values":
            params[name] = trial.suggest_float(name, d["min"], d["max"], log=True)
        elif d["distribution"] == "int_uniform":
            params[name] = trial.suggest_int(name, d["min"], d["max"])
        else:
            raise SystemExit(f"{name}: distribution {d['distribution']} is not handled here")
    return params


def run(optuna, kind, fn, space, optimum, trials, batch, seed):
    multivariate = kind == "tpe-mv"
    sampler = optuna.samplers.TPESampler(seed=seed, constant_liar=True, multivariate=multivariate, group=multivariate)
    study = optuna.create_study(sampler=sampler, direction="minimize")
    running = deque()
    asked = told = 0
    best = math.inf
    while told < trials:
        while len(running) < batch and asked < trials:
            trial = study.ask()
            running.append((trial, fn(suggest(trial, space))))
            asked += 1
        trial, value = running.popleft()
        study.tell(trial, value)
        best = min(best, value)
        told += 1
    return math.log10(max(best - optimum, 1e-12))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-dir", default="../shared/bench", help="folder holding the harness's functions.py")
    ap.add_argument("--functions", default="hartmann6")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--sampler", choices=["tpe", "tpe-mv"], default="tpe")
    args = ap.parse_args()
    sys.path.insert(0, args.bench_dir)
    import functions  # noqa: E402  (the harness's public functions)
    import optuna
    import warnings
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore")
    for name in args.functions.split(","):
        fn, space, optimum = functions.FUNCTIONS[name]
        finals = [run(optuna, args.sampler, fn, space, optimum, args.trials, args.batch, seed) for seed in range(args.seeds)]
        print(name, "median", f"{statistics.median(finals):.2f}", "mean", f"{statistics.fmean(finals):.2f}",
              " ".join(f"{v:.1f}" for v in finals), flush=True)


if __name__ == "__main__":
    main()
