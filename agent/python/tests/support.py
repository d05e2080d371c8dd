"""Helpers for the tests: run Python snippets in a child process with this package importable."""

import os
import subprocess
import sys

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def child_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNEAL_")}
    env["PYTHONPATH"] = PACKAGE_ROOT
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def run_snippet(code, **env):
    return subprocess.run([sys.executable, "-B", "-c", code], env=child_env(**env), capture_output=True, text=True, timeout=60)


def start_snippet(code, **env):
    return subprocess.Popen([sys.executable, "-B", "-u", "-c", code], env=child_env(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
