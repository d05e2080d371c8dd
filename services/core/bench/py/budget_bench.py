#!/usr/bin/python3
"""Budget benchmark: the best value found before a cost budget runs out, for Anneal's `bayes`
with and without cost awareness (ask/tell protocol) and Optuna 3.1's TPE. Figures and method:
docs/measurements/budgets.md.

  budget_bench.py --solver 'cmd:npx --no-install anneal ask-tell' --method bayes --cost-aware --seeds 10 [--budget-scale 0.4]
  budget_bench.py --solver 'cmd:npx --no-install anneal ask-tell' --method bayes --seeds 10
  budget_bench.py --solver optuna:tpe --seeds 10              # also optuna:mtpe (multivariate)

Recreated on 28 Nov 2026 from the description in budgets.md (the first version lived outside the
repository and was lost). The shared harness supplies the objectives and their optima
(../shared/bench, or BENCH_DIR).

Each function has a cost per trial that depends on its parameters and is known only once the
trial has run. Trials are asked one at a time until the spent cost reaches the budget; the trial
that crosses it still counts. The cost-aware arm's config carries `budget: {gpu_hours: B}` and its
tells carry `"cost"`; the plain arm is the same method told nothing about costs (the driver alone
enforces the budget). Reported per function: median over seeds 0..N-1 of log10 regret of the best
value found, and the median number of trials the budget paid for.
"""
import argparse, json, math, os, statistics, sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
SHARED = os.environ.get("BENCH_DIR", os.path.join(REPO, "..", "shared", "bench"))
if not os.path.isfile(os.path.join(SHARED, "sampler_bench.py")):
    sys.exit(f"budget_bench: no sampler_bench.py in {SHARED}; set BENCH_DIR to the shared bench folder")
sys.path.insert(0, SHARED)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from functions import FUNCTIONS as BASE  # noqa: E402
from ask_tell_process import ask_tell_process  # noqa: E402
from sampler_bench import check_params  # noqa: E402
from constrained_bench import suggest  # noqa: E402


def _cost_branin(p):
    # Branin's three minima sit at x1 = -pi, pi and 9.42: cheap, middling and dear.
    return 0.3 + 3 * ((p["x1"] + 5) / 15) ** 2


def _cost_hartmann6(p):
    return 0.1 + 2 * p["x1"] + p["x5"] ** 2


def _cost_finetune(p):
    # GPU-hours: longer runs cost more, and small batches use the GPU worse.
    return p["epochs"] * (0.15 + 1.2 / math.sqrt(p["batch_size"]))


def _cost_styblinski(p):
    return 0.2 + sum(((p[f"x{i}"] + 5) / 10) ** 2 for i in range(1, 6)) / 2


# name: (objective in functions.py, cost, budget at scale 1)
FUNCTIONS = {
    "branin_cost": ("branin", _cost_branin, 30),
    "hartmann6_cost": ("hartmann6", _cost_hartmann6, 60),
    "finetune_cost": ("finetune_surrogate", _cost_finetune, 80),
    "styblinski5_cost": ("styblinski_tang5", _cost_styblinski, 40),
}


def cmd_run(cmd, method, fn, space, cost, budget, seed, cost_aware, extra):
    cfg = {"method": method, "metric": {"name": "objective", "goal": "minimize"}, "parameters": space}
    if cost_aware:
        cfg["budget"] = {"gpu_hours": budget}
    cfg.update(extra)
    values, spent = [], 0.0
    with ask_tell_process(cmd, cfg, seed) as call:
        while spent < budget:
            r = call({"op": "ask"})
            if r.get("done"):
                break
            check_params(space, r["params"])
            v, c = fn(r["params"]), cost(r["params"])
            msg = {"op": "tell", "trial": r["trial"], "value": v}
            if cost_aware:
                msg["cost"] = c
            call(msg)
            values.append(v)
            spent += c
    return values


def optuna_run(kind, fn, space, cost, budget, seed):
    import optuna, warnings
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore")
    sampler = {"tpe": lambda: optuna.samplers.TPESampler(seed=seed),
               "mtpe": lambda: optuna.samplers.TPESampler(seed=seed, multivariate=True)}[kind]()
    study = optuna.create_study(sampler=sampler, direction="minimize")
    values, spent = [], 0.0
    while spent < budget:
        t = study.ask()
        p = suggest(t, space)
        v = fn(p)
        study.tell(t, v)
        values.append(v)
        spent += cost(p)
    return values


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--solver", required=True, help="optuna:tpe|mtpe or cmd:COMMAND")
    ap.add_argument("--method", default="bayes")
    ap.add_argument("--cost-aware", action="store_true", help="set the sweep's budget and tell each trial's cost")
    ap.add_argument("--budget-scale", type=float, default=1.0)
    ap.add_argument("--extra", default="{}", help="JSON merged into the sweep config")
    ap.add_argument("--functions", default=",".join(FUNCTIONS))
    ap.add_argument("--seeds", type=int, default=10)
    a = ap.parse_args()
    res = {"solver": a.solver, "method": a.method, "cost_aware": a.cost_aware, "budget_scale": a.budget_scale, "seeds": a.seeds, "functions": {}}
    for name in a.functions.split(","):
        base, cost, budget = FUNCTIONS[name]
        fn, space, optimum = BASE[base]
        budget *= a.budget_scale
        regrets, counts = [], []
        for seed in range(a.seeds):
            if a.solver.startswith("optuna:"):
                run = optuna_run(a.solver.split(":", 1)[1], fn, space, cost, budget, seed)
            else:
                run = cmd_run(a.solver[4:].split(), a.method, fn, space, cost, budget, seed, a.cost_aware, json.loads(a.extra))
            regrets.append(math.log10(max(min(run) - optimum, 1e-12)) if run else math.inf)
            counts.append(len(run))
        res["functions"][name] = {
            "budget": budget,
            "median_log10_regret": statistics.median(regrets),
            "median_trials": statistics.median(counts),
            "log10_regret_per_seed": [round(r, 3) for r in regrets],
        }
        print(f"{name}: {res['functions'][name]}", file=sys.stderr)
    json.dump(res, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
