"""The pure parts of the integrations: metric names, and parameters to library arguments."""

import math
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from ..errors import AnnealError
from ..precision import precision_plan

# Throughput and bookkeeping the Trainer logs, which are not metrics of the model.
_DROPPED = {"total_flos", "train_runtime", "train_samples_per_second", "train_steps_per_second", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second"}
_TRAIN_NAMES = {"loss": "train/loss", "learning_rate": "train/lr", "grad_norm": "train/grad_norm", "epoch": "train/epoch", "train_loss": "train/mean_loss"}


def _numeric(value: Any) -> Optional[float]:
    if isinstance(value, bool) or not hasattr(value, "__float__"):
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def perplexity(loss: float) -> Optional[float]:
    """exp(loss), or None where it is not a finite number."""
    try:
        p = math.exp(loss)
    except OverflowError:
        return None
    return p if math.isfinite(p) else None


def hf_log_metrics(logs: Optional[Mapping[str, Any]], causal_lm: bool = True) -> Dict[str, float]:
    """Hugging Face Trainer `logs` as Anneal metrics.

    loss -> train/loss, learning_rate -> train/lr, grad_norm -> train/grad_norm, epoch -> train/epoch;
    eval_<x> -> val/<x> (eval_loss -> val/loss, plus val/perplexity for causal LMs); runtimes,
    throughput and FLOPs are left out; anything else goes under train/.
    """
    out: Dict[str, float] = {}
    for key, value in (logs or {}).items():
        v = _numeric(value)
        if v is None or key in _DROPPED:
            continue
        if key in _TRAIN_NAMES:
            out[_TRAIN_NAMES[key]] = v
        elif key.startswith("eval_"):
            out["val/" + key[len("eval_"):]] = v
        elif "/" in key:
            out[key] = v
        else:
            out["train/" + key] = v
    if causal_lm and "val/loss" in out:
        ppl = perplexity(out["val/loss"])
        if ppl is not None:
            out["val/perplexity"] = ppl
    return out


def lightning_metrics(metrics: Mapping[str, Any], causal_lm: bool = True, stage: Optional[str] = None) -> Dict[str, float]:
    """Lightning's callback_metrics as Anneal metrics: val_loss / val/loss / valid_loss -> val/loss,
    train_loss / loss -> train/loss, lr-* -> train/lr...; `stage` ('train' or 'val') keeps only that side."""
    out: Dict[str, float] = {}
    for key, value in metrics.items():
        v = _numeric(value)
        if v is None:
            continue
        name = key
        for prefix, side in (("val_", "val/"), ("valid_", "val/"), ("validation_", "val/"), ("train_", "train/"), ("test_", "test/")):
            if key.startswith(prefix):
                name = side + key[len(prefix):]
                break
        else:
            if "/" not in key:
                name = "train/lr" if key.startswith("lr") else "train/" + key
        if name.endswith("_step") or name.endswith("_epoch"):
            name = name.rsplit("_", 1)[0]
        if stage is not None and not name.startswith(stage + "/"):
            continue
        out[name] = v
    if causal_lm and "val/loss" in out:
        ppl = perplexity(out["val/loss"])
        if ppl is not None:
            out["val/perplexity"] = ppl
    return out


def _lookup(params: Mapping[str, Any], *names: str) -> Any:
    """The first of `names` present, as a flat key or a dotted path into nested dicts."""
    for name in names:
        if name in params:
            return params[name]
        node: Any = params
        for part in name.split("."):
            if not isinstance(node, Mapping) or part not in node:
                break
            node = node[part]
        else:
            return node
    return None


def target_modules(value: Union[str, Sequence[str], None]) -> Union[str, List[str], None]:
    """'q_proj,v_proj' or ['q_proj', 'v_proj'] -> a list; 'all-linear' stays a string (PEFT's shortcut)."""
    if value is None:
        return None
    if isinstance(value, str):
        if value in ("all-linear", "all_linear"):
            return "all-linear"
        return [m.strip() for m in value.replace("+", ",").split(",") if m.strip()]
    return [str(m) for m in value]


def training_arguments_kwargs(
    params: Mapping[str, Any],
    output_dir: str,
    device_type: str = "cuda",
    bf16_supported: bool = True,
    eval_steps: Optional[int] = None,
) -> Dict[str, Any]:
    """Keyword arguments for transformers.TrainingArguments from a trial's parameters.

    Understands: learning_rate|lr, weight_decay, warmup_ratio|warmup (< 1: a ratio, else steps),
    batch_size|per_device_train_batch_size, gradient_accumulation_steps|grad_accum,
    epochs|num_train_epochs, max_steps, mixed_precision (no|fp16|bf16), seed, lr_scheduler_type,
    max_grad_norm, eval_steps (also save and logging interval). Checkpoints go to `output_dir`
    (a scratch folder: the callback moves each into ANNEAL_CHECKPOINT_DIR), one kept at a time.
    """
    kw: Dict[str, Any] = {"output_dir": output_dir, "report_to": [], "save_total_limit": 1, "save_strategy": "steps", "eval_strategy": "steps", "logging_strategy": "steps"}
    simple = {
        "learning_rate": ("learning_rate", "lr", "optim.lr"),
        "weight_decay": ("weight_decay", "optim.weight_decay"),
        "per_device_train_batch_size": ("per_device_train_batch_size", "batch_size"),
        "gradient_accumulation_steps": ("gradient_accumulation_steps", "grad_accum", "gradient_accumulation"),
        "num_train_epochs": ("num_train_epochs", "epochs"),
        "max_steps": ("max_steps",),
        "seed": ("seed",),
        "lr_scheduler_type": ("lr_scheduler_type", "scheduler"),
        "max_grad_norm": ("max_grad_norm", "grad_clip"),
    }
    casts = {"per_device_train_batch_size": int, "gradient_accumulation_steps": int, "max_steps": int, "seed": int, "num_train_epochs": float, "lr_scheduler_type": str}
    for arg, names in simple.items():
        v = _lookup(params, *names)
        if v is not None:
            kw[arg] = casts.get(arg, float)(v)
    if "per_device_train_batch_size" in kw:
        kw["per_device_eval_batch_size"] = kw["per_device_train_batch_size"]
    warmup = _lookup(params, "warmup_ratio", "warmup")
    if warmup is not None:
        if float(warmup) < 1:
            kw["warmup_ratio"] = float(warmup)
        else:
            kw["warmup_steps"] = int(warmup)
    plan = precision_plan(_lookup(params, "mixed_precision", "precision"), device_type, bf16_supported)
    kw["fp16"] = plan.autocast == "float16"
    kw["bf16"] = plan.autocast == "bfloat16"
    every = eval_steps if eval_steps is not None else _lookup(params, "eval_steps")
    if every is not None:
        kw["eval_steps"] = kw["save_steps"] = kw["logging_steps"] = int(every)
    return kw


def fit_to_signature(kw: Dict[str, Any], accepted: Iterable[str]) -> Dict[str, Any]:
    """TrainingArguments keywords renamed for the installed transformers: `evaluation_strategy`
    before 4.41; from 5.0 `warmup_ratio` is gone and `warmup_steps` takes a float below 1 as a ratio."""
    names = set(accepted)
    out = dict(kw)
    if "eval_strategy" in out and "eval_strategy" not in names and "evaluation_strategy" in names:
        out["evaluation_strategy"] = out.pop("eval_strategy")
    if "warmup_ratio" in out and "warmup_ratio" not in names and "warmup_steps" in names:
        out["warmup_steps"] = out.pop("warmup_ratio")
    return out


def lora_config_kwargs(params: Mapping[str, Any], task_type: str = "CAUSAL_LM") -> Dict[str, Any]:
    """Keyword arguments for peft.LoraConfig: r|lora_r|lora.r, lora_alpha|lora.alpha,
    lora_dropout|lora.dropout, target_modules|lora.target_modules (list, 'q_proj,v_proj' or 'all-linear')."""
    kw: Dict[str, Any] = {"task_type": task_type, "bias": "none"}
    r = _lookup(params, "lora_r", "lora.r", "r")
    if r is not None:
        kw["r"] = int(r)
    alpha = _lookup(params, "lora_alpha", "lora.alpha", "alpha")
    if alpha is not None:
        kw["lora_alpha"] = float(alpha)
    dropout = _lookup(params, "lora_dropout", "lora.dropout")
    if dropout is not None:
        kw["lora_dropout"] = float(dropout)
    modules = target_modules(_lookup(params, "target_modules", "lora.target_modules"))
    if modules is not None:
        if isinstance(modules, list) and not modules:
            raise AnnealError("BAD_ARGUMENT", "target_modules is empty: name at least one module, e.g. q_proj,v_proj")
        kw["target_modules"] = modules
    return kw


def names_of(modules: Iterable[str]) -> List[str]:
    return sorted(set(modules))
