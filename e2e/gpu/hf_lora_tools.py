"""Parts of the HF LoRA GPU check (hf-lora-check.sh) that run outside the stack. Standard library only.

  python3 e2e/gpu/hf_lora_tools.py gpu-sweep SRC DST      an example sweep with the check's model size and cache
  python3 e2e/gpu/hf_lora_tools.py overhead-config FILE   the sequential sweep used for the overhead figure
  python3 e2e/gpu/hf_lora_tools.py warm-cache             pretrain the base model into the sweeps' cache
  python3 e2e/gpu/hf_lora_tools.py standalone OUT_JSON    the same trials run one after another, no Anneal
  python3 e2e/gpu/hf_lora_tools.py precision OUT_JSON     bf16 vs fp32 step time, standalone
  python3 e2e/gpu/hf_lora_tools.py summary OUT_DIR        summary.md + summary.json from everything above

Model size for all of it: MODEL below (an ~75M-parameter Llama built from a config, as the
issue's earlier hand-written run used an 82M one), overridable with HF_LORA_MODEL_ARGS (JSON).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "agent", "examples", "hf-lora", "finetune.py")
MODEL = json.loads(os.environ.get("HF_LORA_MODEL_ARGS") or '{"hidden_size": 768, "layers": 8, "heads": 12, "pretrain_steps": 300, "train_size": 2048, "val_size": 256}')
# Every sweep of the check pretrains into (and reads) this one cache, so only the first trial pretrains.
SWEEP_CACHE = os.environ.get("HF_LORA_CACHE") or "/tmp/anneal-hf-lora-cache"
OVERHEAD_SEEDS = [0, 1]
OVERHEAD_PARAMS = {"learning_rate": 0.001, "lora_r": 8, "lora_alpha": 16, "batch_size": 16, "mixed_precision": "bf16", "max_steps": 90, "eval_steps": 30}


def gpu_sweep(src, dst):
    """The example's YAML with the model size and cache appended to its `parameters:` block (the
    last block of both examples), leaving out names the example sets already."""
    text = open(src).read()
    assert text.rstrip().split("\nparameters:\n")[-1] and "\nparameters:\n" in text, "parameters: must be the last block of %s" % src
    added = dict(MODEL, cache_dir=SWEEP_CACHE)
    lines = ["  %s:\n    value: %s" % (k, json.dumps(v)) for k, v in added.items() if "\n  %s:\n" % k not in text]
    with open(dst, "w") as f:
        f.write(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n")


def overhead_config():
    """A grid sweep of the same trial under OVERHEAD_SEEDS, one at a time (JSON is YAML)."""
    params = {k: {"value": v} for k, v in dict(MODEL, cache_dir=SWEEP_CACHE, **OVERHEAD_PARAMS).items()}
    params["seed"] = {"values": OVERHEAD_SEEDS}
    return {
        "name": "hf-lora-overhead",
        "program": "agent/examples/hf-lora/finetune.py",
        "command": ["${env}", "${interpreter}", "${program}", "${args}"],
        "method": "grid",
        "metric": {"name": "val/loss", "goal": "minimize"},
        "max_concurrent": 1,
        "parameters": params,
    }


def run_example(params, cache_dir):
    """One standalone run as the agent would start it (same argv and ANNEAL_* variables), with
    its @anneal lines parsed. Returns (seconds, exit code, metrics by key, info)."""
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, ANNEAL_PARAMS=json.dumps(params), ANNEAL_CHECKPOINT_DIR=os.path.join(work, "checkpoints"), ANNEAL_TRIAL_ID="standalone")
        argv = [sys.executable, EXAMPLE, "--cache_dir=%s" % cache_dir] + ["--%s=%s" % (k, v) for k, v in params.items()]
        started = time.time()
        p = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True)
        seconds = time.time() - started
    metrics, info = {}, {}
    for line in p.stdout.splitlines():
        if not line.startswith("@anneal "):
            continue
        fields = json.loads(line[len("@anneal "):])
        if "info" in fields:
            info.update(fields["info"])
            continue
        step = fields.pop("step", None)
        fields.pop("checkpoint", None)
        for k, v in fields.items():
            metrics.setdefault(k, []).append((step, v))
    if p.returncode != 0:
        sys.stderr.write(p.stderr[-3000:])
    return seconds, p.returncode, metrics, info


def warm_cache():
    """Pretrains the base model into the sweeps' cache, outside any timing, so the overhead sweep
    and the standalone runs both start from cached weights."""
    run_example(dict(MODEL, **dict(OVERHEAD_PARAMS, max_steps=1, eval_steps=1, seed=0)), SWEEP_CACHE)


def standalone(out):
    cache = SWEEP_CACHE  # warm: warm_cache() ran before the overhead sweep
    runs = []
    for seed in OVERHEAD_SEEDS:
        seconds, code, _, _ = run_example(dict(MODEL, **dict(OVERHEAD_PARAMS, seed=seed)), cache)
        runs.append({"seed": seed, "seconds": round(seconds, 2), "exit": code})
    json.dump({"runs": runs, "sum_seconds": round(sum(r["seconds"] for r in runs), 2)}, open(out, "w"), indent=1)


def precision(out):
    cache = tempfile.mkdtemp(prefix="hf-lora-cache-")
    result = {}
    run_example(dict(MODEL, **dict(OVERHEAD_PARAMS, max_steps=1, eval_steps=1)), cache)  # pretraining, outside the timing
    for mp in ("no", "bf16"):
        params = dict(OVERHEAD_PARAMS, mixed_precision=mp, max_steps=120, eval_steps=20)
        seconds, code, metrics, info = run_example(dict(MODEL, **params), cache)
        steps = [v for _, v in metrics.get("perf/step_seconds", [])][1:]  # the first interval holds compilation and warm-up
        result.setdefault(mp, []).append({"exit": code, "seconds": round(seconds, 2), "step_seconds": steps, "precision_used": info.get("precision")})
    summary = {}
    for mp, runs in result.items():
        all_steps = [s for r in runs for s in r["step_seconds"]]
        summary[mp] = statistics.median(all_steps) if all_steps else None
    if summary.get("no") and summary.get("bf16"):
        summary["bf16_speedup"] = round(summary["no"] / summary["bf16"], 3)
    json.dump({"runs": result, "median_step_seconds": summary}, open(out, "w"), indent=1)


def _load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _iso(s):
    from datetime import datetime

    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() if s else None


def sweep_figures(folder):
    raw = _load(os.path.join(folder, "sweep.json"))
    summary = _load(os.path.join(folder, "summary.json")) or {}
    if not raw or not raw.get("data"):
        return {"error": "no sweep.json (see %s)" % folder}
    sweep = raw["data"]["sweep"]
    trials = [e["node"] for e in sweep["trials"]["edges"]]
    restored = [t for t in trials if t.get("parentTrialId") or t.get("restoreStep") is not None]
    ckpt = [e["data"].get("bytes") for t in trials for e in t.get("events", []) if e["type"] == "checkpoint" and isinstance(e["data"].get("bytes"), int)]
    durations = [(_iso(t["finishedAt"]) - _iso(t["startedAt"])) for t in trials if t.get("startedAt") and t.get("finishedAt")]
    util = [p["value"] for t in trials for m in t.get("metrics", []) if m["key"] == "system/gpu0/util" for p in m["points"]]
    smi = []
    try:
        for line in open(os.path.join(folder, "nvidia-smi.csv")):
            parts = [x.strip() for x in line.split(",")]
            if len(parts) >= 3 and parts[2].endswith("%"):
                smi.append(float(parts[2].rstrip(" %")))
    except OSError:
        pass
    best = min((t["objective"] for t in trials if t.get("objective") is not None), default=None)
    # The server's own span, from the first trial's creation to the last one's end: free of the
    # check's 2-second status polling and CLI start-up, which wall_seconds includes.
    created = [_iso(t["createdAt"]) for t in trials if t.get("createdAt")]
    ended = [_iso(t["finishedAt"]) for t in trials if t.get("finishedAt")]
    span = round(max(ended) - min(created), 2) if created and ended else None
    stat = lambda xs: {"mean": round(statistics.mean(xs), 1), "median": round(statistics.median(xs), 1), "max": round(max(xs), 1), "n": len(xs)} if xs else None
    return {
        "status": sweep["status"],
        "wall_seconds": summary.get("wall_seconds"),
        "trials_span_seconds": span,
        "platform_cpu_seconds": (_load(os.path.join(folder, "platform-cpu.json")) or {}).get("platform_cpu_seconds"),
        "counts": sweep["trialCounts"],
        "restored": len(restored),
        "best_val_loss": best,
        "checkpoint_bytes": stat(ckpt),
        "trial_seconds": stat(durations),
        "trial_seconds_sum": round(sum(durations), 1) if durations else None,
        "gpu_util_trials": stat(util),
        "gpu_util_smi": stat(smi),
        "errors": sorted({t["error"] for t in trials if t.get("error")})[:5],
    }


def summary(out):
    figures = {name: sweep_figures(os.path.join(out, name)) for name in ("asha", "pbt", "overhead")}
    figures["standalone"] = _load(os.path.join(out, "standalone.json"))
    figures["precision"] = _load(os.path.join(out, "precision.json"))
    figures["pip"] = open(os.path.join(out, "pip.log")).read()[-300:] if os.path.exists(os.path.join(out, "pip.log")) else None
    over, alone = figures["overhead"], figures["standalone"]
    if isinstance(alone, dict) and over.get("trials_span_seconds"):
        figures["platform_overhead"] = {
            "sweep_wall_seconds": over["wall_seconds"],
            "sweep_trials_span_seconds": over["trials_span_seconds"],
            "standalone_sum_seconds": alone["sum_seconds"],
            "overhead_seconds_per_trial": round((over["trials_span_seconds"] - alone["sum_seconds"]) / len(OVERHEAD_SEEDS), 2),
            "ratio": round(over["trials_span_seconds"] / alone["sum_seconds"], 3),
            "platform_cpu_seconds": over.get("platform_cpu_seconds"),
        }
    json.dump(figures, open(os.path.join(out, "summary.json"), "w"), indent=1)
    lines = ["# HF LoRA GPU check", "", "| figure | asha | pbt |", "| --- | --- | --- |"]
    for key in ("status", "wall_seconds", "platform_cpu_seconds", "counts", "restored", "best_val_loss", "checkpoint_bytes", "trial_seconds", "gpu_util_trials", "gpu_util_smi", "errors"):
        lines.append("| %s | %s | %s |" % (key, json.dumps(figures["asha"].get(key)), json.dumps(figures["pbt"].get(key))))
    lines += ["", "platform overhead: %s" % json.dumps(figures.get("platform_overhead")), "", "precision: %s" % json.dumps((figures["precision"] or {}).get("median_step_seconds"))]
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    command, arg = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    if command == "gpu-sweep":
        gpu_sweep(arg, sys.argv[3])
    elif command == "overhead-config":
        json.dump(overhead_config(), open(arg, "w"), indent=1)
    elif command == "warm-cache":
        warm_cache()
    elif command == "standalone":
        standalone(arg)
    elif command == "precision":
        precision(arg)
    elif command == "summary":
        summary(arg)
    else:
        raise SystemExit("unknown command %r" % command)
