"""Lightning for real: a small regression LightningModule under AnnealCallback reports at
global_step, places last.ckpt, resumes from it at the exact step, and stops cleanly on SIGTERM.
Registered only where torch and lightning (or pytorch_lightning) are installed."""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from .support import child_env, reports, stop_after_first_checkpoint

SCRIPT = r'''
import sys, torch
try:
    import lightning as L
except ImportError:
    import pytorch_lightning as L
import anneal
from anneal.integrations.lightning import AnnealCallback, ckpt_path

class Line(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(4, 1)
    def training_step(self, batch, i):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.layer(x), y)
        self.log("train_loss", loss)
        return loss
    def validation_step(self, batch, i):
        x, y = batch
        self.log("val_loss", torch.nn.functional.mse_loss(self.layer(x), y))
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.05)

torch.manual_seed(0)
x = torch.randn(64, 4)
data = torch.utils.data.TensorDataset(x, x.sum(1, keepdim=True))
loader = lambda: torch.utils.data.DataLoader(data, batch_size=8)
max_steps = int(sys.argv[1])
trainer = L.Trainer(max_steps=max_steps, val_check_interval=4, log_every_n_steps=2, accelerator="cpu", logger=False,
                    enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False, callbacks=[AnnealCallback()])
try:
    trainer.fit(Line(), loader(), loader(), ckpt_path=ckpt_path())
finally:
    print("fit ended at step %d" % trainer.global_step, flush=True)
'''


def available():
    return importlib.util.find_spec("torch") is not None and any(importlib.util.find_spec(m) is not None for m in ("lightning", "pytorch_lightning"))


if available():

    class LightningCallback(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            cls.work = tempfile.mkdtemp(prefix="anneal-lightning-test-")
            cls.first = cls.run_script(8, "t1")

        @classmethod
        def tearDownClass(cls):
            shutil.rmtree(cls.work, ignore_errors=True)

        @classmethod
        def env(cls, trial, restore=None):
            env = child_env(ANNEAL_CHECKPOINT_DIR=os.path.join(cls.work, trial), ANNEAL_TRIAL_ID=trial, PYTHONWARNINGS="ignore")
            if restore:
                env["ANNEAL_RESTORE_DIR"] = os.path.join(cls.work, restore)
            return env

        @classmethod
        def run_script(cls, steps, trial, restore=None):
            return subprocess.run([sys.executable, "-B", "-c", SCRIPT, str(steps)], cwd=cls.work, env=cls.env(trial, restore), capture_output=True, text=True, timeout=180)

        def test_reports_both_sides_at_global_step_and_places_last_ckpt(self):
            self.assertEqual(self.first.returncode, 0, self.first.stderr[-3000:])
            lines = reports(self.first.stdout)
            self.assertEqual([r["step"] for r in lines if "val/loss" in r], [4, 8])
            self.assertTrue(all(r["step"] % 2 == 0 for r in lines if "train/loss" in r) and any("train/loss" in r for r in lines))
            self.assertEqual([r["step"] for r in lines if r.get("checkpoint")], [4, 8])
            self.assertEqual(sorted(os.listdir(os.path.join(self.work, "t1"))), ["last.ckpt"])

        def test_resumes_from_the_restored_checkpoint_at_its_step(self):
            resumed = self.run_script(16, "t2", restore="t1")
            self.assertEqual(resumed.returncode, 0, resumed.stderr[-3000:])
            self.assertEqual([r["step"] for r in reports(resumed.stdout) if "val/loss" in r], [12, 16])
            self.assertIn("fit ended at step 16", resumed.stdout)

        def test_sigterm_saves_and_exits_zero(self):
            status, text, err = stop_after_first_checkpoint([sys.executable, "-B", "-u", "-c", SCRIPT, "1000000"], self.env("t3"), self.work)
            self.assertEqual(status, 0, err[-3000:])
            self.assertRegex(text, r"stop requested at step \d+: saving and stopping")
            self.assertGreaterEqual(len([r for r in reports(text) if r.get("checkpoint")]), 2)
