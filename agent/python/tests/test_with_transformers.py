"""The Hugging Face path for real: the hf-lora example (Trainer + PEFT + AnnealCallback) trains a
tiny built Llama on the CPU, places adapter-only checkpoints, continues a PBT parent, and stops
cleanly on SIGTERM. Registered only where torch, transformers and peft are installed."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from .support import PACKAGE_ROOT, child_env, reports, stop_after_first_checkpoint

EXAMPLE = os.path.join(os.path.dirname(PACKAGE_ROOT), "examples", "hf-lora", "finetune.py")
TINY = ["--hidden_size=32", "--layers=2", "--heads=2", "--pretrain_steps=10", "--train_size=64", "--val_size=16", "--batch_size=8"]


def run_example(work, args, trial="t1", restore=None, timeout=240):
    env = child_env(ANNEAL_CHECKPOINT_DIR=os.path.join(work, trial), ANNEAL_TRIAL_ID=trial, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    if restore:
        env["ANNEAL_RESTORE_DIR"] = restore
    argv = [sys.executable, "-B", EXAMPLE, "--cache_dir=" + os.path.join(work, "cache")] + TINY + args
    return subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, timeout=timeout)


def available(*modules):
    return all(importlib.util.find_spec(m) is not None for m in modules)


if available("torch", "transformers", "peft"):

    class HuggingFaceLoRA(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            cls.work = tempfile.mkdtemp(prefix="anneal-hf-test-")
            cls.parent = run_example(cls.work, ["--max_steps=10", "--eval_steps=5", "--learning_rate=0.002", "--warmup_ratio=0.1", "--layer_decay=0.8", "--weight_decay=0.01"])

        @classmethod
        def tearDownClass(cls):
            shutil.rmtree(cls.work, ignore_errors=True)

        def test_reports_at_global_step_with_perplexity(self):
            self.assertEqual(self.parent.returncode, 0, self.parent.stderr[-3000:])
            lines = reports(self.parent.stdout)
            val = [r for r in lines if "val/loss" in r]
            self.assertEqual([r["step"] for r in val], [5, 10])
            self.assertTrue(all(abs(r["val/perplexity"] - 2.718281828 ** r["val/loss"]) < 1e-6 * r["val/perplexity"] for r in val))
            self.assertTrue(any("train/loss" in r and "train/lr" in r and "train/grad_norm" in r for r in lines))
            self.assertEqual([r["step"] for r in lines if r.get("checkpoint")], [5, 10])

        def test_checkpoints_hold_the_adapter_not_the_base_model(self):
            files = set(os.listdir(os.path.join(self.work, "t1")))
            self.assertIn("adapter_model.safetensors", files)
            self.assertIn("optimizer.pt", files)
            self.assertFalse({"model.safetensors", "pytorch_model.bin"} & files, files)
            with open(os.path.join(self.work, "t1", "anneal-checkpoint.json")) as f:
                manifest = json.load(f)
            self.assertEqual((manifest["step"], manifest["trial_id"], manifest["learning_rate"]), (10, "t1", 0.002))

        def test_a_pbt_child_continues_at_the_parents_step_with_its_own_rate(self):
            # Another learning rate and layer decay: the optimizer's groups still line up.
            child = run_example(self.work, ["--max_steps=20", "--eval_steps=5", "--learning_rate=0.004", "--layer_decay=0.9", "--weight_decay=0.02"], trial="t2", restore=os.path.join(self.work, "t1"))
            self.assertEqual(child.returncode, 0, child.stderr[-3000:])
            self.assertIn("continuing trial t1's checkpoint at step 10 with this trial's learning rate 0.004 (was 0.002)", child.stdout)
            self.assertEqual([r["step"] for r in reports(child.stdout) if "val/loss" in r], [15, 20])

        def test_sigterm_saves_and_exits_zero(self):
            env = child_env(ANNEAL_CHECKPOINT_DIR=os.path.join(self.work, "t3"), ANNEAL_TRIAL_ID="t3", HF_HUB_OFFLINE="1")
            argv = [sys.executable, "-B", "-u", EXAMPLE, "--cache_dir=" + os.path.join(self.work, "cache")] + TINY + ["--max_steps=100000", "--eval_steps=5"]
            status, text, err = stop_after_first_checkpoint(argv, env, self.work)
            self.assertEqual(status, 0, err[-3000:])
            self.assertRegex(text, r"stopped at step \d+ on request; checkpoint saved")
            steps = [r["step"] for r in reports(text) if r.get("checkpoint")]
            self.assertGreaterEqual(len(steps), 2, "the stop saves once more")
            self.assertLess(steps[-1], 100000)
