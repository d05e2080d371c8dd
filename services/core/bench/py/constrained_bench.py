#!/usr/bin/python3
"""Constrained single-objective benchmark: log10 regret of the best FEASIBLE value after N trials,
and the share of proposals that were infeasible, for Anneal (ask/tell protocol) and Optuna 3.1's
TPE with constraints_func. Figures and method: docs/measurements/constraints.md.

  constrained_bench.py --solver 'cmd:npx --no-install anneal ask-tell' --method bayes --seeds 10
  constrained_bench.py --solver optuna:tpe --seeds 10            # also optuna:tpe-mv, optuna:random

Recreated on 28 Nov 2026 from the description in constraints.md (the first version lived outside
the repository and was lost). The shared harness supplies Branin, Hartmann6, their optima and
the parameter checks (../shared/bench, or BENCH_DIR).

Functions (each: an objective to minimize and an infeasible region):
  cbranin  Branin subject to the reported metric c = (x1-2.5)^2 + (x2-7.5)^2 <= 30 (58% of the box
           infeasible; of Branin's three minima only (pi, 2.275) is feasible, so the optimum stays).
  ft_oom   LoRA fine-tuning surrogate: out of memory where 2 + 2e-4 * batch * seq * (1 + r/32) GiB
           exceeds 24 (29.7% of the admissible space), plus the parameter constraint
           lora_alpha >= lora_r. The loss is a discrete level per (batch, seq, r, alpha) plus a
           continuous learning-rate term; the best level, 1.255, needs the memory near the limit.
  st4_oom  Styblinski-Tang on [-5, 5]^4 (functions.py's convention, halved), out of memory where
           sum((x_i + 5)^2) > 120 (56% of the box by volume); the minimum is feasible.
  h6c      Hartmann6 subject to the parameter constraint x1 + x3 + x6 <= 1 (a sixth of the cube);
           the unconstrained minimum breaks it, so regret is against the constrained minimum,
           -3.18982594634 at (0.4037, 0.8822, 0.5586, 0.5738, 0.1539, 0.0377) (SLSQP, 400 starts).

How each solver learns of the infeasible region:
  - metric constraints: Anneal's config has `constraints: [{name: c, max: 30}]` and tells carry
    `{"op":"tell","trial":ID,"value":V,"constraints":{"c":C}}`; Optuna is told V and its
    constraints_func returns the bound's excess (> 0 breaks).
  - out of memory: Anneal is told `{"op":"tell","trial":ID,"state":"failed","infeasible":true}`;
    Optuna is told a placeholder value with violation 1.0 (with constraints, Optuna 3.1's TPE ranks
    an infeasible trial by its violation only, so the placeholder is never read).
  - parameter constraints: Anneal's config lists the expression and Anneal never proposes a
    breaking point; Optuna samples first and its constraints_func returns the expression's excess,
    so a breaking trial is spent (told its real value) and counted infeasible.
Reported per function: median over seeds 0..N-1 of log10 regret of the best feasible value at
each checkpoint (inf while nothing feasible was found), and the mean infeasible share of proposals.
"""
import argparse, json, math, os, statistics, sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
SHARED = os.environ.get("BENCH_DIR", os.path.join(REPO, "..", "shared", "bench"))
if not os.path.isfile(os.path.join(SHARED, "sampler_bench.py")):
    sys.exit(f"constrained_bench: no sampler_bench.py in {SHARED}; set BENCH_DIR to the shared bench folder")
sys.path.insert(0, SHARED)
from functions import FUNCTIONS as BASE, branin, hartmann6  # noqa: E402
from ask_tell_process import ask_tell_process  # noqa: E402
from sampler_bench import check_params, summarize  # noqa: E402

OOM_PLACEHOLDER = 1e6   # told to Optuna for a run that never produced a value; see the docstring


def _u(lo, hi):
    return {"distribution": "uniform", "min": lo, "max": hi}


def cbranin(p):
    """(objective or None when out of memory, reported metrics)"""
    return branin(p), {"c": (p["x1"] - 2.5) ** 2 + (p["x2"] - 7.5) ** 2}


def ft_memory_gib(p):
    return 2 + 2e-4 * p["batch_size"] * p["seq_len"] * (1 + p["lora_r"] / 32)


def ft_oom(p):
    """Validation loss of a LoRA fine-tune. More tokens per step and a higher rank help until the
    batch no longer fits, so the best runs sit next to the memory limit: the best level is
    (batch 16, seq 2048, r 64, alpha 128) at 21.7 GiB, the next ones 0.01 worse. The learning rate
    is best at 3e-4 * sqrt(batch / 16), as with Adam's square-root scaling."""
    if ft_memory_gib(p) > 24:
        return None, {}
    b, s, r, a = p["batch_size"], p["seq_len"], p["lora_r"], p["lora_alpha"]
    lr_best = 3e-4 * math.sqrt(b / 16)
    loss = 1.205 + 0.5 * (math.log10(p["learning_rate"]) - math.log10(lr_best)) ** 2
    loss += 0.0125 * math.log2(2 ** 19 / (b * s))       # gradient noise: fewer tokens per step
    loss += 0.02 * math.log2(64 / r)                     # adapter capacity
    loss += 0.01 * abs(math.log2(a / (2 * r)))           # alpha = 2r is the usual sweet spot
    loss += 0.01 * abs(math.log2(s / 2048))              # the documents are about 2k tokens long
    return loss, {}


def st4_oom(p):
    x = [p[f"x{i}"] for i in range(1, 5)]
    if sum((v + 5) ** 2 for v in x) > 120:
        return None, {}
    return sum(v ** 4 - 16 * v ** 2 + 5 * v for v in x) / 2, {}


def h6c(p):
    return hartmann6(p), {}


FT_SPACE = {
    "learning_rate": {"distribution": "log_uniform_values", "min": 1e-5, "max": 1e-2},
    "batch_size": {"values": [8, 16, 32, 64, 128]},
    "seq_len": {"values": [256, 512, 1024, 2048, 4096]},
    "lora_r": {"values": [8, 16, 32, 64]},
    "lora_alpha": {"values": [8, 16, 32, 64, 128]},
}

# A parameter constraint: (expression for Anneal's config, its excess for Optuna: > 0 breaks).
FT_ALPHA = ("lora_alpha >= lora_r", lambda p: p["lora_r"] - p["lora_alpha"])
H6_SUM = ("x1 + x3 + x6 <= 1", lambda p: p["x1"] + p["x3"] + p["x6"] - 1)

# name: (fn, space, metric bounds, parameter constraints, optimum of the feasible region)
FUNCTIONS = {
    "cbranin": (cbranin, {"x1": _u(-5, 10), "x2": _u(0, 15)}, [{"name": "c", "max": 30}], [], BASE["branin"][2]),
    "ft_oom": (ft_oom, FT_SPACE, [], [FT_ALPHA], 1.255),
    "st4_oom": (st4_oom, {f"x{i}": _u(-5, 5) for i in range(1, 5)}, [], [], BASE["styblinski_tang5"][2] * 4 / 5),
    "h6c": (h6c, {f"x{i}": _u(0, 1) for i in range(1, 7)}, [], [H6_SUM], -3.18982594634),
}


def evaluate(fn, bounds, pcons, p):
    """(objective or None when out of memory, reported metrics, violations, infeasible?).
    Violations, one per constraint (> 0 breaks): each metric bound's excess, each parameter
    constraint's excess, then 1.0 / 0.0 for out of memory."""
    value, metrics = fn(p)
    viol = []
    for b in bounds:
        if value is not None:
            v = metrics[b["name"]]
            viol.append(max(v - b.get("max", math.inf), b.get("min", -math.inf) - v))
        else:
            viol.append(0.0)   # no run, no metric: the out-of-memory entry says it all
    viol += [excess(p) for _, excess in pcons]
    viol.append(1.0 if value is None else 0.0)
    return value, metrics, viol, any(v > 0 for v in viol)


def suggest(t, space):
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
    return p


def optuna_run(kind, fn, space, bounds, pcons, trials, seed):
    import optuna, warnings
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore")

    def constraints_func(t):
        return t.user_attrs["violations"]

    sampler = {"tpe": lambda: optuna.samplers.TPESampler(seed=seed, constraints_func=constraints_func),
               "tpe-mv": lambda: optuna.samplers.TPESampler(seed=seed, multivariate=True, constraints_func=constraints_func),
               "random": lambda: optuna.samplers.RandomSampler(seed=seed)}[kind]()
    study = optuna.create_study(sampler=sampler, direction="minimize")
    out = []
    for _ in range(trials):
        t = study.ask()
        p = suggest(t, space)
        value, _, viol, infeasible = evaluate(fn, bounds, pcons, p)
        t.set_user_attr("violations", viol)
        study.tell(t, OOM_PLACEHOLDER if value is None else value)
        out.append((value, infeasible))
    return out


def cmd_run(cmd, method, fn, space, bounds, pcons, trials, seed, extra):
    cfg = {"method": method, "metric": {"name": "objective", "goal": "minimize"}, "parameters": space}
    if bounds or pcons:
        cfg["constraints"] = [expr for expr, _ in pcons] + bounds
    cfg.update(extra)
    out = []
    with ask_tell_process(cmd, cfg, seed) as call:
        for _ in range(trials):
            r = call({"op": "ask"})
            if r.get("done"):
                break
            check_params(space, r["params"])
            value, metrics, _, infeasible = evaluate(fn, bounds, pcons, r["params"])
            if value is None:
                call({"op": "tell", "trial": r["trial"], "state": "failed", "infeasible": True})
            else:
                msg = {"op": "tell", "trial": r["trial"], "value": value}
                if bounds:
                    msg["constraints"] = {b["name"]: metrics[b["name"]] for b in bounds}
                call(msg)
            out.append((value, infeasible))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--solver", required=True, help="optuna:tpe|tpe-mv|random or cmd:COMMAND")
    ap.add_argument("--method", default="bayes")
    ap.add_argument("--extra", default="{}", help="JSON merged into the sweep config")
    ap.add_argument("--functions", default=",".join(FUNCTIONS))
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--checkpoints", default="10,25,50")
    a = ap.parse_args()
    cps = sorted({int(c) for c in a.checkpoints.split(",") if int(c) <= a.trials} | {a.trials})
    res = {"solver": a.solver, "method": a.method, "trials": a.trials, "seeds": a.seeds, "functions": {}}
    for name in a.functions.split(","):
        fn, space, bounds, pcons, optimum = FUNCTIONS[name]
        per_cp = {c: [] for c in cps}
        shares = []
        for seed in range(a.seeds):
            if a.solver.startswith("optuna:"):
                run = optuna_run(a.solver.split(":", 1)[1], fn, space, bounds, pcons, a.trials, seed)
            else:
                run = cmd_run(a.solver[4:].split(), a.method, fn, space, bounds, pcons, a.trials, seed, json.loads(a.extra))
            # an infeasible trial's value never counts: it enters as +inf
            for c, r in summarize([math.inf if bad else v for v, bad in run], optimum, set(cps)).items():
                per_cp[c].append(r)
            shares.append(sum(1 for _, bad in run if bad) / max(1, len(run)))
        res["functions"][name] = {
            "median_log10_regret": {str(c): (statistics.median(v) if len(v) == a.seeds else None) for c, v in per_cp.items()},
            "log10_regret_per_seed": [round(r, 3) for r in per_cp[a.trials]],
            "infeasible_share": statistics.mean(shares),
        }
        print(f"{name}: {res['functions'][name]}", file=sys.stderr)
    json.dump(res, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
