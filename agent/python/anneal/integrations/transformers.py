"""Anneal for the Hugging Face Trainer (with or without PEFT).

    from anneal.integrations.transformers import AnnealCallback, training_arguments, lora_config, resume_checkpoint
    p = anneal.params()
    model = peft.get_peft_model(model, lora_config(p))
    args = training_arguments(p, eval_steps=50)          # output_dir, precision, batch, warmup, ...
    trainer = Trainer(model=model, args=args, ..., callbacks=[AnnealCallback()])
    trainer.train(resume_from_checkpoint=resume_checkpoint())

What it does:
  * reports the Trainer's logs at `global_step`: train/loss, train/lr, train/grad_norm,
    train/epoch; evaluation as val/<name> (eval_loss -> val/loss, and val/perplexity for causal LMs);
  * on each save, places the checkpoint in ANNEAL_CHECKPOINT_DIR and announces it. A PEFT
    model's checkpoint holds the adapter and the optimizer state of the adapter only, so a PBT
    exploit copies megabytes, not the base model;
  * resume_checkpoint() gives the Trainer ANNEAL_RESTORE_DIR (PBT or resume): exact step,
    optimizer state, data position; a PBT child continues the parent's schedule position with its
    own learning rate (scaled, so layer-decay ratios hold) and weight decay;
  * on a stop request (SIGTERM from the agent) it sets control.should_training_stop, saves, and
    exits 0 when training returns.

This module imports without transformers; AnnealCallback() then raises AnnealError('MISSING_PACKAGE').
"""

import inspect
import os
import sys
from typing import Any, Dict, Optional

from .. import _reporting as reporting
from .._stop import handle_stop_signals, should_stop
from ..errors import missing_package
from .mapping import fit_to_signature, hf_log_metrics, lora_config_kwargs, training_arguments_kwargs
from .placement import exploit_learning_rates, place_checkpoint, read_manifest, restore_kind

try:
    from transformers import TrainerCallback as _Base

    _MISSING: Optional[BaseException] = None
except Exception as e:  # ImportError, or a broken install: either way, not usable here
    _Base = object  # type: ignore[misc,assignment]
    _MISSING = e


def scratch_dir() -> str:
    """Where the Trainer writes checkpoints before they are placed: next to ANNEAL_CHECKPOINT_DIR
    (the same file system, so placing them is a rename of hard links, not a copy)."""
    path = os.path.join(os.path.dirname(reporting.checkpoint_dir()), "hf-output")
    os.makedirs(path, exist_ok=True)
    return path


def _require(feature: str, module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except Exception:
        raise missing_package(feature, module, extra) from None


class AnnealCallback(_Base):  # type: ignore[valid-type,misc]
    """A transformers.TrainerCallback that reports to, checkpoints for and stops for Anneal."""

    def __init__(self, causal_lm: bool = True, exit_on_stop: bool = True):
        if _MISSING is not None:
            raise missing_package("anneal.integrations.transformers.AnnealCallback", "transformers", "transformers")
        super().__init__()
        self.causal_lm = causal_lm
        self.exit_on_stop = exit_on_stop
        self.stopped = False
        handle_stop_signals()

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        restore = reporting.restore_dir()
        manifest = read_manifest(restore) if restore else {}
        if not restore or restore_kind(manifest, reporting.trial_id()) != "exploit":
            return
        # PBT: the parent's optimizer and schedule came back with its hyperparameters; this trial
        # continues from the same position with its own learning rate and weight decay.
        optimizer, scheduler = kwargs.get("optimizer"), kwargs.get("lr_scheduler")
        groups = list(getattr(optimizer, "param_groups", []))
        base = list(getattr(scheduler, "base_lrs", [g.get("initial_lr", g["lr"]) for g in groups]))
        new_base, new_lrs = exploit_learning_rates(base, [g["lr"] for g in groups], manifest.get("learning_rate"), args.learning_rate)
        if scheduler is not None and hasattr(scheduler, "base_lrs"):
            scheduler.base_lrs = new_base
        for group, b, lr in zip(groups, new_base, new_lrs):
            group["initial_lr"], group["lr"] = b, lr
            if group.get("weight_decay", 0.0) > 0.0:
                group["weight_decay"] = args.weight_decay
        print("continuing trial %s's checkpoint at step %s with this trial's learning rate %g (was %s)"
              % (manifest.get("trial_id"), state.global_step, args.learning_rate, manifest.get("learning_rate")), flush=True)

    def on_log(self, args: Any, state: Any, control: Any, logs: Optional[Dict[str, Any]] = None, **kwargs: Any) -> None:
        if not state.is_world_process_zero:
            return
        metrics = hf_log_metrics(logs, self.causal_lm)
        if metrics:
            reporting.report(step=state.global_step, **metrics)

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if should_stop() and not self.stopped:
            self.stopped = True
            control.should_training_stop = True
            control.should_save = True
            print("stop requested at step %d: saving and stopping" % state.global_step, flush=True)

    def on_save(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if not state.is_world_process_zero:
            return
        source = os.path.join(args.output_dir, "checkpoint-%d" % state.global_step)
        if not os.path.isdir(source):
            return
        extra = {"library": "transformers", "learning_rate": args.learning_rate, "weight_decay": args.weight_decay}
        place_checkpoint(source, reporting.checkpoint_dir(), state.global_step, reporting.trial_id(), extra)
        reporting.save_checkpoint(state.global_step)

    def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if self.stopped and self.exit_on_stop:
            print("stopped at step %d on request; checkpoint saved" % state.global_step, flush=True)
            sys.stdout.flush()
            raise SystemExit(0)


def resume_checkpoint() -> Optional[str]:
    """For Trainer.train(resume_from_checkpoint=...): the checkpoint this trial starts from (its
    own after a lost agent, or a PBT parent's), or None. The Trainer restores the weights (the
    adapter, for PEFT), optimizer, schedule, RNG and data position; AnnealCallback then gives a
    PBT child its own learning rate and weight decay."""
    return reporting.restore_dir()


def training_arguments(params: Optional[Dict[str, Any]] = None, eval_steps: Optional[int] = None, **overrides: Any) -> Any:
    """transformers.TrainingArguments from anneal.params() (see mapping.training_arguments_kwargs);
    `overrides` win. Precision follows the hardware: fp16 without CUDA runs in fp32 (and says so)."""
    transformers = _require("training_arguments()", "transformers", "transformers")
    torch = _require("training_arguments()", "torch", "transformers")
    cuda = bool(torch.cuda.is_available())
    bf16 = bool(cuda and torch.cuda.is_bf16_supported())
    kw = training_arguments_kwargs(params if params is not None else reporting.params(), scratch_dir(), "cuda" if cuda else "cpu", bf16, eval_steps)
    accepted = inspect.signature(transformers.TrainingArguments.__init__).parameters
    if not cuda:  # bf16 on a CPU is refused unless the arguments say the CPU is meant
        kw["use_cpu" if "use_cpu" in accepted else "no_cuda"] = True
    kw.update(overrides)
    return transformers.TrainingArguments(**fit_to_signature(kw, accepted))


def lora_config(params: Optional[Dict[str, Any]] = None, **overrides: Any) -> Any:
    """peft.LoraConfig from anneal.params() (r, lora_alpha, lora_dropout, target_modules)."""
    peft = _require("lora_config()", "peft", "peft")
    kw = lora_config_kwargs(params if params is not None else reporting.params())
    kw.update(overrides)
    return peft.LoraConfig(**kw)
