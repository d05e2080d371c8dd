import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

from .support import PACKAGE_ROOT

OFFLINE = {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def run(argv, cwd=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "ANNEAL_"))}
    env.update(OFFLINE)
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


class OfflineInstall(unittest.TestCase):
    def test_pip_installs_the_package_into_a_fresh_venv_without_an_index(self):
        with tempfile.TemporaryDirectory() as d:
            venv = os.path.join(d, "venv")
            made = run([sys.executable, "-m", "venv", venv])
            self.assertEqual(made.returncode, 0, made.stderr)
            py = os.path.join(venv, "bin", "python")
            # The documented command, word for word (pip from the venv).
            r = run([py, "-m", "pip", "install", "--no-deps", "--no-index", PACKAGE_ROOT], cwd=d)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            check = run(
                [py, "-c", "import anneal, anneal_report, anneal.integrations.transformers, anneal.integrations.lightning, os\n"
                 "print(anneal.__file__.startswith(%r), os.path.exists(os.path.join(os.path.dirname(anneal.__file__), 'py.typed')), anneal_report.report is anneal.report, anneal.Client.__name__)" % venv],
                cwd=d,
            )
            self.assertEqual(check.returncode, 0, check.stderr)
            self.assertEqual(check.stdout.split(), ["True", "True", "True", "Client"])
            self.assertFalse(os.path.exists(os.path.join(PACKAGE_ROOT, "build")), "the build leaves the source folder alone")

    def test_the_wheel_declares_the_extras_and_no_required_dependencies(self):
        sys.path.insert(0, os.path.join(PACKAGE_ROOT, "_build"))
        try:
            import anneal_build
        finally:
            sys.path.pop(0)
        with tempfile.TemporaryDirectory() as d:
            name = anneal_build.build_wheel(d)
            with zipfile.ZipFile(os.path.join(d, name)) as z:
                names = z.namelist()
                meta = z.read("anneal-0.1.0.dist-info/METADATA").decode()
        self.assertIn("anneal/py.typed", names)
        self.assertIn("anneal_report.py", names)
        self.assertFalse([n for n in names if "__pycache__" in n or n.startswith("tests/")])
        requires = [line for line in meta.splitlines() if line.startswith("Requires-Dist:")]
        self.assertTrue(requires and all("extra ==" in line for line in requires), requires)
        for extra in ("requests", "pandas", "transformers", "peft", "lightning"):
            self.assertIn("Provides-Extra: %s" % extra, meta)
