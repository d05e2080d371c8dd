"""Anneal from Python: report from a trainer, script the API, and plug into Hugging Face or Lightning.

In a trainer the agent runs:

    import anneal
    p = anneal.params()
    while training and not anneal.should_stop():
        ...
        anneal.report(step=step, loss=loss)
    save(anneal.checkpoint_dir()); anneal.save_checkpoint(step)

From a script: `anneal.Client(server, token)` (see anneal.client). Callbacks:
`anneal.integrations.transformers.AnnealCallback`, `anneal.integrations.lightning.AnnealCallback`.
"""

from ._reporting import checkpoint_dir, info, params, report, report_infeasible, restore_dir, restore_step, save_checkpoint, trial_id
from ._stop import handle_stop_signals, request_stop, should_stop
from .client import Client, Sweep, Trial
from .errors import AnnealError

__version__ = "0.1.0"

__all__ = [
    "report",
    "info",
    "report_infeasible",
    "params",
    "checkpoint_dir",
    "restore_dir",
    "restore_step",
    "save_checkpoint",
    "trial_id",
    "should_stop",
    "handle_stop_signals",
    "request_stop",
    "Client",
    "Sweep",
    "Trial",
    "AnnealError",
]
