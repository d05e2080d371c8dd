"""The `@anneal` line protocol and the environment the agent sets for a trial."""

import json
import math
import os
import sys
from typing import Any, Dict, Optional

PREFIX = "@anneal"


def _emit(fields: Dict[str, Any]) -> None:
    # One write of one whole line, flushed: the agent reads the pipe as it fills, and a trainer
    # killed right after a report must not take it down with a buffer.
    sys.stdout.write(PREFIX + " " + json.dumps(fields, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def _number(name: str, value: Any) -> Optional[float]:
    # Tensors, numpy scalars and the like all know how to become a float.
    if isinstance(value, bool) or not hasattr(value, "__float__"):
        raise TypeError("metric %r must be a number, got %s" % (name, type(value).__name__))
    if isinstance(value, int):
        return value
    f = float(value)
    # Non-finite values are sent as null-equivalents the agent drops with a warning.
    return f if math.isfinite(f) else None


def report(step: Optional[int] = None, **metrics: Any) -> None:
    """Reports metrics at a step. Without a step the agent numbers reports 0, 1, 2, ...

    >>> report(step=100, loss=0.42, **{"val/loss": 0.51})
    """
    fields: Dict[str, Any] = {}
    if step is not None:
        if isinstance(step, bool) or int(step) != step or step < 0:
            raise ValueError("step must be a non-negative integer, got %r" % (step,))
        fields["step"] = int(step)
    for name, value in metrics.items():
        fields[name] = _number(name, value)
    _emit(fields)


def info(**fields: Any) -> None:
    """Records facts about the run (library versions, precision used) as a trial event."""
    _emit({"info": fields})


def report_infeasible() -> None:
    """Tells the agent these parameters cannot run at all (too big for the machine, say).

    The trial is marked infeasible with this line as evidence, and the searcher learns to avoid
    the region rather than scoring it badly. Exit afterwards as you see fit: a trial that then
    fails, or even completes, stays infeasible. A CUDA out-of-memory crash needs no call: the
    agent recognises it in the output.
    """
    _emit({"infeasible": True})


def save_checkpoint(step: Optional[int] = None) -> None:
    """Tells the agent that checkpoint_dir() now holds a complete checkpoint for `step`.

    The agent archives the directory right away and uploads it, so call this only after every
    file is written, and write files under new names and rename them into place (os.replace)
    rather than rewriting them, so a checkpoint being archived is never half old, half new.
    """
    fields: Dict[str, Any] = {"checkpoint": True}
    if step is not None:
        fields["step"] = int(step)
    _emit(fields)


def params() -> Dict[str, Any]:
    """The trial's parameters as a nested dict (dotted names become nested dicts)."""
    raw = os.environ.get("ANNEAL_PARAMS")
    return json.loads(raw) if raw else {}


def checkpoint_dir() -> str:
    """Where to write checkpoints; it exists. Outside an agent: ./checkpoints."""
    path = os.environ.get("ANNEAL_CHECKPOINT_DIR") or os.path.join(os.getcwd(), "checkpoints")
    os.makedirs(path, exist_ok=True)
    return path


def restore_dir() -> Optional[str]:
    """A directory holding the checkpoint to start from, or None for a fresh start.

    Set when the trial continues another trial's checkpoint (PBT) or resumes its own after the
    agent that ran it was lost.
    """
    path = os.environ.get("ANNEAL_RESTORE_DIR")
    return path if path else None


def restore_step() -> Optional[int]:
    """The step of the checkpoint in restore_dir(), or None."""
    step = os.environ.get("ANNEAL_RESTORE_STEP")
    return int(step) if step else None


def trial_id() -> Optional[str]:
    """The trial's id, or None outside an agent."""
    return os.environ.get("ANNEAL_TRIAL_ID") or None
