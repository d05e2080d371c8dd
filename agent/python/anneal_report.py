"""Compatibility shim: scripts written for the one-file helper keep working.

    import anneal_report as anneal    # same functions as `import anneal`

New code should `import anneal` (pip install ./agent/python) instead.
"""

import os
import sys

try:
    import anneal  # noqa: F401
except ModuleNotFoundError:
    # Loaded by path from a checkout before any install: the package sits next to this file.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from anneal._reporting import PREFIX  # noqa: E402,F401
from anneal import (  # noqa: E402,F401
    checkpoint_dir,
    params,
    report,
    restore_dir,
    restore_step,
    save_checkpoint,
    should_stop,
    trial_id,
)

__all__ = ["report", "params", "checkpoint_dir", "restore_dir", "restore_step", "save_checkpoint", "trial_id", "should_stop"]
