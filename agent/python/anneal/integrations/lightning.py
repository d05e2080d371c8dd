"""Anneal for PyTorch Lightning (`lightning` or the older `pytorch_lightning`).

    from anneal.integrations.lightning import AnnealCallback, ckpt_path
    trainer = L.Trainer(..., callbacks=[AnnealCallback()])
    trainer.fit(model, data, ckpt_path=ckpt_path())

What it does:
  * reports logged metrics at `global_step`: the train side every `log_every_n_steps` batches
    (train_loss / loss -> train/loss, ...), the validation side after each validation
    (val_loss -> val/loss, plus val/perplexity for causal LMs);
  * after each validation saves `last.ckpt` into ANNEAL_CHECKPOINT_DIR (by rename) and announces it;
  * ckpt_path() is ANNEAL_RESTORE_DIR/last.ckpt when the trial restores (PBT or resume);
  * on a stop request (SIGTERM from the agent) saves and ends training with exit status 0. Older
    Lightning returns from fit; Lightning 2.x ends fit by raising its SIGTERMException (a
    SystemExit), so code after fit runs only in a `finally:`.

This module imports without Lightning; AnnealCallback() then raises AnnealError('MISSING_PACKAGE').
"""

import os
from typing import Any, Optional

from .. import _reporting as reporting
from .._stop import handle_stop_signals, should_stop
from ..errors import missing_package
from .mapping import lightning_metrics

CHECKPOINT_FILE = "last.ckpt"

_MISSING: Optional[BaseException] = None
try:
    from lightning.pytorch import Callback as _Base
except Exception:
    try:
        from pytorch_lightning import Callback as _Base  # type: ignore[no-redef]
    except Exception as e:
        _Base = object  # type: ignore[misc,assignment]
        _MISSING = e


def ckpt_path() -> Optional[str]:
    """For trainer.fit(ckpt_path=...): the checkpoint this trial starts from, or None."""
    restore = reporting.restore_dir()
    if not restore:
        return None
    path = os.path.join(restore, CHECKPOINT_FILE)
    return path if os.path.exists(path) else None


class AnnealCallback(_Base):  # type: ignore[valid-type,misc]
    def __init__(self, causal_lm: bool = False, save_on_validation: bool = True):
        if _MISSING is not None:
            raise missing_package("anneal.integrations.lightning.AnnealCallback", "lightning", "lightning")
        super().__init__()
        self.causal_lm = causal_lm
        self.save_on_validation = save_on_validation
        self.stopped = False
        handle_stop_signals()

    def _save(self, trainer: Any) -> None:
        directory = reporting.checkpoint_dir()
        tmp = os.path.join(directory, CHECKPOINT_FILE + ".anneal-tmp")
        trainer.save_checkpoint(tmp)
        if trainer.is_global_zero:
            os.replace(tmp, os.path.join(directory, CHECKPOINT_FILE))
            reporting.save_checkpoint(trainer.global_step)

    def on_train_batch_end(self, trainer: Any, pl_module: Any, outputs: Any, batch: Any, batch_idx: int) -> None:
        every = max(1, int(getattr(trainer, "log_every_n_steps", 50) or 50))
        if trainer.is_global_zero and trainer.global_step % every == 0:
            metrics = lightning_metrics(trainer.callback_metrics, self.causal_lm, stage="train")
            if metrics:
                reporting.report(step=trainer.global_step, **metrics)
        if should_stop() and not self.stopped:
            self.stopped = True
            print("stop requested at step %d: saving and stopping" % trainer.global_step, flush=True)
            self._save(trainer)
            trainer.should_stop = True

    def on_exception(self, trainer: Any, pl_module: Any, exception: BaseException) -> None:
        # Lightning 2.x takes SIGTERM itself and ends fit by raising SIGTERMException (a SystemExit,
        # status 0) at its next check, which can come before on_train_batch_end sees the request
        # (during validation, say). Save here then, so the stop still leaves a checkpoint.
        if type(exception).__name__ != "SIGTERMException" or self.stopped:
            return
        self.stopped = True
        print("stop requested at step %d: saving and stopping" % trainer.global_step, flush=True)
        self._save(trainer)

    def on_validation_end(self, trainer: Any, pl_module: Any) -> None:
        if getattr(trainer, "sanity_checking", False) or self.stopped:
            return
        if trainer.is_global_zero:
            metrics = lightning_metrics(trainer.callback_metrics, self.causal_lm, stage="val")
            if metrics:
                reporting.report(step=trainer.global_step, **metrics)
        if self.save_on_validation:
            self._save(trainer)
