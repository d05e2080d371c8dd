"""Audit a stopping rule on a curve family: like stopping_bench.run, but records for each
stopped trial the epoch and whether it would have beaten the best final known at that time.
usage: stop_audit.py FAMILY EXTRA_JSON [seeds]"""
import json, os, statistics, subprocess, sys, tempfile
sys.path.insert(0, "/work/shared/bench")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
fam = __import__("curves" if sys.argv[1] == "public" else sys.argv[1] + "_curves")
extra = json.loads(sys.argv[2])
seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
HERE = os.path.dirname(os.path.abspath(__file__))
stats = {"stopped": 0, "wrong": 0, "stop_epochs": [], "regret": [], "started": [], "wrong_finals": []}
for seed in range(seeds):
    cfg = {"method": "random", "metric": {"name": "loss", "goal": "minimize"}, "parameters": fam.SPACE}
    cfg.update(extra)
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False); json.dump(cfg, f); f.close()
    p = subprocess.Popen(["node", os.path.join(HERE, "..", "ask-tell-stdio.mjs"), "--config", f.name, "--seed", str(seed)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    def call(m):
        p.stdin.write(json.dumps(m) + "\n"); p.stdin.flush(); r = json.loads(p.stdout.readline())
        if "error" in r: raise RuntimeError(r)
        return r
    budget, used, best, n = 30 * fam.MAX_EPOCHS, 0, float("inf"), 0
    while used < budget:
        r = call({"op": "ask"}); tid, prm = r["trial"], r["params"]; n += 1; stopped = False
        for e in range(1, fam.MAX_EPOCHS + 1):
            v = fam.curve(prm, e); used += 1
            if e < fam.MAX_EPOCHS:
                d = call({"op": "report", "trial": tid, "step": e, "value": v})
                if d["decision"] == "stop":
                    stopped = True
                    final = fam.curve(prm, fam.MAX_EPOCHS)
                    stats["stopped"] += 1; stats["stop_epochs"].append(e)
                    if final < best: stats["wrong"] += 1; stats["wrong_finals"].append(round(final - best, 4)); os.environ.get("AUDIT_VERBOSE") and print(e, {k: round(v, 4) if isinstance(v, float) else v for k, v in prm.items()}, round(final, 4), {k: (round(v, 4) if isinstance(v, float) else v) for k, v in d["evidence"].items() if k in ("optimistic_final", "predicted_final", "threshold", "value", "model", "fit_noise")}, file=sys.stderr)
                    break
            if used >= budget: break
        if stopped: call({"op": "tell", "trial": tid, "state": "pruned"})
        elif e == fam.MAX_EPOCHS:
            call({"op": "report", "trial": tid, "step": e, "value": v}); call({"op": "tell", "trial": tid, "value": v}); best = min(best, v)
    p.stdin.close(); p.wait(); os.unlink(f.name)
    stats["regret"].append(best - fam.OPTIMUM); stats["started"].append(n)
se = stats["stop_epochs"]
print(json.dumps({"family": sys.argv[1], "extra": extra, "knobs": os.environ.get("ANNEAL_KNOBS", ""), "median_regret": round(statistics.median(stats["regret"]), 4),
                  "started": statistics.median(stats["started"]), "stopped": stats["stopped"], "wrong_stops": stats["wrong"],
                  "mean_stop_epoch": round(statistics.mean(se), 1) if se else None, "median_stop_epoch": statistics.median(se) if se else None,
                  "wrong_by": sorted(stats["wrong_finals"])[:8]}))
