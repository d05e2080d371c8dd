import importlib.util
import unittest

from .support import run_snippet


class WithoutTheirLibraries(unittest.TestCase):
    def test_integration_modules_import_and_name_the_missing_package(self):
        # -S: no site-packages, so none of the libraries is there whatever this machine has.
        code = (
            "import sys; sys.path.insert(0, %r)\n"
            "import anneal, anneal.integrations.transformers as t, anneal.integrations.lightning as l\n"
            "for make in (t.AnnealCallback, l.AnnealCallback, t.training_arguments, t.lora_config, anneal.Client('http://x', 'k').sweep('s').to_dataframe):\n"
            "    try:\n        make(); print('no error')\n"
            "    except anneal.AnnealError as e:\n        print(e.code, e.message.split(' needs the ')[1].split(',')[0])\n"
        )
        import os

        r = run_snippet("import subprocess, sys\nr = subprocess.run([sys.executable, '-S', '-B', '-c', %r], capture_output=True, text=True)\nprint(r.stdout + r.stderr)" % (code % os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(
            r.stdout.strip().splitlines(),
            [
                "MISSING_PACKAGE 'transformers' package",
                "MISSING_PACKAGE 'lightning' package",
                "MISSING_PACKAGE 'transformers' package",
                "MISSING_PACKAGE 'peft' package",
                "MISSING_PACKAGE 'pandas' package",
            ],
        )


# Registered only where pandas exists, so nothing is reported as skipped elsewhere.
if importlib.util.find_spec("pandas") is not None:

    class WithPandas(unittest.TestCase):
        def test_rows_become_a_dataframe(self):
            import pandas

            from anneal.client import leaderboard_rows

            df = pandas.DataFrame(leaderboard_rows([{"number": 1, "status": "COMPLETED", "objective": 0.5, "params": {"lr": 0.1}}]))
            self.assertEqual(list(df.columns), ["number", "status", "objective", "lr"])
