#!/usr/bin/python3
"""Constrained multi-objective benchmark: hypervolume of the FEASIBLE trials after N trials, and
the share of proposals that were infeasible, for Anneal (ask/tell protocol) and Optuna 3.1's
constrained samplers (NSGA-II and TPE with constraints_func; MOTPE takes no constraints).

  constrained_mo_bench.py --solver 'cmd:npx --no-install anneal ask-tell' --method bayes --seeds 10
  constrained_mo_bench.py --solver optuna:nsga2 --seeds 10            # also optuna:tpe, optuna:random

Lives in the repository because it is ours (the shared harness's mo_bench.py supplies the base
functions, reference points and hypervolume: ../shared/bench, or BENCH_DIR).

How each solver learns of the infeasible region:
  - metric constraints: Anneal's config has `constraints: [{name: c, min|max: ..}]` and tells carry
    `"constraints": {"c": C}`; Optuna's constraints_func returns the bound's excess (> 0 breaks).
  - out of memory: Anneal is told `{"op":"tell","trial":ID,"state":"failed","infeasible":true}`;
    Optuna is told the reference point as a placeholder value with violation 1.0 (with
    constraints, both samplers rank an infeasible trial by its violation, not by its values).
"""
import argparse, json, math, os, statistics, sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
sys.path.insert(0, os.environ.get("BENCH_DIR", os.path.join(REPO, "..", "shared", "bench")))
import mo_bench  # noqa: E402
from ask_tell_process import ask_tell_process  # noqa: E402
from sampler_bench import check_params  # noqa: E402


def czdt1(p):
    """ZDT1 subject to c = x1 + x2 + .. + x6 >= 0.3: the left end of the true front is cut
    off, and the constrained front bends away from it (small x1 needs x2..x6 > 0)."""
    x = [p[f"x{i}"] for i in range(1, 7)]
    return mo_bench.zdt1(p), {"c": x[0] + sum(x[1:])}, None


def dtlz2_oom(p):
    """DTLZ2 that runs out of memory in a disk of radius 0.25 around (x1, x2) = (0.5, 0.5): the
    middle of the true front (x2..x6 = 0.5) cannot run, so the feasible front is disconnected."""
    oom = (p["x1"] - 0.5) ** 2 + (p["x2"] - 0.5) ** 2 < 0.25 ** 2
    return mo_bench.dtlz2(p), {}, oom


def ft_cost_mem(p):
    """Validation loss vs GPU-hours (mo_bench.finetune_cost) with a reported peak memory that
    must stay under 24 GiB: memory grows with the batch, and Adam's state doubles it, so the
    cheapest configurations (the largest batches) fit only with SGD."""
    mem = 2 + 0.12 * p["batch_size"] * (2 if p["optimizer"] != "sgd" else 1)
    return mo_bench.finetune_cost(p), {"gpu_mem_gib": mem}, None


def _u(lo, hi):
    return {"distribution": "uniform", "min": lo, "max": hi}


BOX6 = {f"x{i}": _u(0, 1) for i in range(1, 7)}
# name: (fn, space, metric constraints, reference point)
FUNCTIONS = {
    "czdt1": (czdt1, BOX6, [{"name": "c", "min": 0.3}], (1.1, 6.0)),
    "dtlz2_oom": (dtlz2_oom, BOX6, [], (2.5, 2.5)),
    "ft_cost_mem": (ft_cost_mem, mo_bench.FT_SPACE, [{"name": "gpu_mem_gib", "max": 24}], (3.0, 12.0)),
}


def breaks(bounds, values):
    """The largest excess over any bound (> 0: infeasible)."""
    worst = -math.inf
    for b in bounds:
        v = values[b["name"]]
        if "max" in b:
            worst = max(worst, v - b["max"])
        if "min" in b:
            worst = max(worst, b["min"] - v)
    return worst


def evaluate(fn, bounds, p):
    """(objective values or None, constraint values, infeasible?)"""
    values, metrics, oom = fn(p)
    if oom:
        return None, metrics, True
    return values, metrics, bool(bounds) and breaks(bounds, metrics) > 0


def optuna_run(kind, fn, space, bounds, ref, trials, seed):
    import optuna, warnings
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore")

    def constraints_func(t):
        return [t.user_attrs["violation"]]

    sampler = {"nsga2": lambda: optuna.samplers.NSGAIISampler(seed=seed, constraints_func=constraints_func),
               "tpe": lambda: optuna.samplers.TPESampler(seed=seed, constraints_func=constraints_func),
               "random": lambda: optuna.samplers.RandomSampler(seed=seed)}[kind]()
    study = optuna.create_study(sampler=sampler, directions=["minimize", "minimize"])
    out = []
    for _ in range(trials):
        t = study.ask()
        p = {}
        for name, d in space.items():
            if "values" in d:
                p[name] = t.suggest_categorical(name, d["values"])
            elif d["distribution"] == "uniform":
                p[name] = t.suggest_float(name, d["min"], d["max"])
            elif d["distribution"] == "log_uniform_values":
                p[name] = t.suggest_float(name, d["min"], d["max"], log=True)
            elif d["distribution"] == "int_uniform":
                p[name] = t.suggest_int(name, d["min"], d["max"])
        values, metrics, infeasible = evaluate(fn, bounds, p)
        violation = 1.0 if values is None else (max(breaks(bounds, metrics), 0.0) if bounds else 0.0)
        t.set_user_attr("violation", violation if infeasible else 0.0)
        study.tell(t, values if values is not None else list(ref))
        out.append((values, infeasible))
    return out


def cmd_run(cmd, method, fn, space, bounds, trials, seed, extra):
    cfg = {"method": method, "metrics": [{"name": "f1", "goal": "minimize"}, {"name": "f2", "goal": "minimize"}],
           "parameters": space}
    if bounds:
        cfg["constraints"] = bounds
    cfg.update(extra)
    out = []
    with ask_tell_process(cmd, cfg, seed) as call:
        for _ in range(trials):
            r = call({"op": "ask"})
            if r.get("done"):
                break
            check_params(space, r["params"])
            values, metrics, infeasible = evaluate(fn, bounds, r["params"])
            if values is None:
                call({"op": "tell", "trial": r["trial"], "state": "failed", "infeasible": True})
            else:
                msg = {"op": "tell", "trial": r["trial"], "values": values}
                if bounds:
                    msg["constraints"] = {b["name"]: metrics[b["name"]] for b in bounds}
                call(msg)
            out.append((values, infeasible))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--solver", required=True, help="optuna:nsga2|tpe|random or cmd:COMMAND")
    ap.add_argument("--method", default="bayes")
    ap.add_argument("--extra", default="{}")
    ap.add_argument("--functions", default=",".join(FUNCTIONS))
    ap.add_argument("--trials", type=int, default=60)
    ap.add_argument("--seeds", type=int, default=10)
    a = ap.parse_args()
    res = {"solver": a.solver, "method": a.method, "trials": a.trials, "seeds": a.seeds, "functions": {}}
    for name in a.functions.split(","):
        fn, space, bounds, ref = FUNCTIONS[name]
        hvs, shares = [], []
        for seed in range(a.seeds):
            if a.solver.startswith("optuna:"):
                run = optuna_run(a.solver.split(":", 1)[1], fn, space, bounds, ref, a.trials, seed)
            else:
                run = cmd_run(a.solver[4:].split(), a.method, fn, space, bounds, a.trials, seed, json.loads(a.extra))
            hvs.append(mo_bench.hypervolume([v for v, bad in run if not bad], ref))
            shares.append(sum(1 for _, bad in run if bad) / max(1, len(run)))
        res["functions"][name] = {"median_hypervolume": statistics.median(hvs), "infeasible_share": statistics.mean(shares)}
        print(f"{name}: {res['functions'][name]}", file=sys.stderr)
    json.dump(res, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
