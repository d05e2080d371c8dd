"""Reporting helper for trainers run by an Anneal agent. Standard library only.

The agent reads lines that start with ``@anneal`` on the trainer's stdout. This module writes
them for you and reads the environment the agent sets up:

    import anneal_report as anneal

    params = anneal.params()                 # the trial's parameters, nested
    start = anneal.restore_dir()             # a checkpoint to start from, or None
    for step in range(...):
        ...
        anneal.report(step=step, loss=loss, accuracy=acc)
        save_your_model(anneal.checkpoint_dir())
        anneal.save_checkpoint(step)         # after the files are complete

Outside an agent the same calls work: reports go to stdout, checkpoints to ./checkpoints.
"""

import json
import math
import os
import sys

__all__ = ["report", "params", "checkpoint_dir", "restore_dir", "restore_step", "save_checkpoint", "trial_id"]

PREFIX = "@anneal"


def _emit(fields):
    # One write of one whole line, flushed: the agent reads the pipe as it fills, and a trainer
    # killed right after a report must not take it down with a buffer.
    sys.stdout.write(PREFIX + " " + json.dumps(fields, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def _number(name, value):
    # Tensors, numpy scalars and the like all know how to become a float.
    if isinstance(value, bool) or not hasattr(value, "__float__"):
        raise TypeError("metric %r must be a number, got %s" % (name, type(value).__name__))
    if isinstance(value, int):
        return value
    f = float(value)
    # Non-finite values are sent as null-equivalents the agent drops with a warning.
    return f if math.isfinite(f) else None


def report(step=None, **metrics):
    """Reports metrics at a step. Without a step the agent numbers reports 0, 1, 2, ..."""
    fields = {}
    if step is not None:
        if isinstance(step, bool) or int(step) != step or step < 0:
            raise ValueError("step must be a non-negative integer, got %r" % (step,))
        fields["step"] = int(step)
    for name, value in metrics.items():
        fields[name] = _number(name, value)
    _emit(fields)


def save_checkpoint(step=None):
    """Tells the agent that checkpoint_dir() now holds a complete checkpoint for `step`.

    The agent archives the directory right away and uploads it, so call this only after every
    file is written, and write files under new names and rename them into place (os.replace)
    rather than rewriting them, so a checkpoint being archived is never half old, half new.
    """
    fields = {"checkpoint": True}
    if step is not None:
        fields["step"] = int(step)
    _emit(fields)


def params():
    """The trial's parameters as a nested dict (dotted names become nested dicts)."""
    raw = os.environ.get("ANNEAL_PARAMS")
    return json.loads(raw) if raw else {}


def checkpoint_dir():
    """Where to write checkpoints; it exists. Outside an agent: ./checkpoints."""
    path = os.environ.get("ANNEAL_CHECKPOINT_DIR") or os.path.join(os.getcwd(), "checkpoints")
    os.makedirs(path, exist_ok=True)
    return path


def restore_dir():
    """A directory holding the checkpoint to start from, or None for a fresh start.

    Set when the trial continues another trial's checkpoint (PBT) or resumes its own after the
    agent that ran it was lost.
    """
    path = os.environ.get("ANNEAL_RESTORE_DIR")
    return path if path else None


def restore_step():
    """The step of the checkpoint in restore_dir(), or None."""
    step = os.environ.get("ANNEAL_RESTORE_STEP")
    return int(step) if step else None


def trial_id():
    """The trial's id, or None outside an agent."""
    return os.environ.get("ANNEAL_TRIAL_ID") or None
