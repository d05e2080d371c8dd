import json
import os
import tempfile
import unittest

from .support import run_snippet


def reports(stdout):
    return [json.loads(line[len("@anneal "):]) for line in stdout.splitlines() if line.startswith("@anneal ")]


class ReportingProtocol(unittest.TestCase):
    def test_reports_are_one_flushed_json_line_each(self):
        r = run_snippet(
            "import anneal\n"
            "class T:\n    def __float__(self): return 0.5\n"
            "anneal.report(step=7, loss=T(), **{'val/loss': 1.25, 'n': 3})\n"
            "anneal.report(acc=float('inf'))\n"
            "anneal.save_checkpoint(7)\n"
            "anneal.info(precision='bf16')\n"
        )
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(
            reports(r.stdout),
            [{"step": 7, "loss": 0.5, "val/loss": 1.25, "n": 3}, {"acc": None}, {"checkpoint": True, "step": 7}, {"info": {"precision": "bf16"}}],
        )
        self.assertTrue(r.stdout.startswith('@anneal {"step":7,'), "compact JSON after the prefix")

    def test_refuses_what_is_not_a_metric(self):
        r = run_snippet(
            "import anneal\n"
            "for bad in [dict(step=-1, x=1), dict(step=1.5, x=1), dict(step=True, x=1), dict(x='1'), dict(x=True)]:\n"
            "    try:\n        anneal.report(**bad); print('accepted', bad)\n"
            "    except (TypeError, ValueError) as e:\n        print('refused', type(e).__name__)\n"
        )
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split("\n")[:5], ["refused ValueError"] * 3 + ["refused TypeError"] * 2)

    def test_reads_the_environment_the_agent_sets(self):
        with tempfile.TemporaryDirectory() as d:
            ck = os.path.join(d, "ck")
            r = run_snippet(
                "import anneal\nprint(anneal.params()['optim']['lr'], anneal.checkpoint_dir(), anneal.restore_dir(), anneal.restore_step(), anneal.trial_id())",
                ANNEAL_PARAMS='{"optim": {"lr": 0.01}}', ANNEAL_CHECKPOINT_DIR=ck, ANNEAL_RESTORE_DIR=d, ANNEAL_RESTORE_STEP="40", ANNEAL_TRIAL_ID="t-9",
            )
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.strip(), "0.01 %s %s 40 t-9" % (ck, d))
            self.assertTrue(os.path.isdir(ck), "checkpoint_dir() creates the folder")

    def test_outside_an_agent_defaults_are_harmless(self):
        with tempfile.TemporaryDirectory() as d:
            r = run_snippet("import anneal, os\nos.chdir(%r)\nprint(anneal.params(), anneal.checkpoint_dir(), anneal.restore_dir(), anneal.restore_step(), anneal.trial_id())" % d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.strip(), "{} %s None None None" % os.path.join(os.path.realpath(d), "checkpoints"))


class Shim(unittest.TestCase):
    def test_the_old_module_name_still_works_and_is_the_same_code(self):
        r = run_snippet(
            "import anneal_report, anneal\n"
            "assert anneal_report.report is anneal.report and anneal_report.should_stop is anneal.should_stop\n"
            "print(anneal_report.PREFIX, sorted(anneal_report.__all__))\n"
            "anneal_report.report(step=1, loss=2.0)\n"
        )
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "@anneal ['checkpoint_dir', 'params', 'report', 'restore_dir', 'restore_step', 'save_checkpoint', 'should_stop', 'trial_id']")
        self.assertEqual(lines[1], '@anneal {"step":1,"loss":2.0}')
