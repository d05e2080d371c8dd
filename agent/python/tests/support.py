"""Helpers for the tests: run Python snippets in a child process with this package importable."""

import json
import os
import signal
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


def reports(stdout):
    """The @anneal lines of a trainer's output, parsed."""
    return [json.loads(line[len("@anneal "):]) for line in stdout.splitlines() if line.startswith("@anneal ")]


def stop_after_first_checkpoint(argv, env, cwd):
    """Runs a trainer and sends it SIGTERM (as the agent does) once it has announced a checkpoint.
    Returns (exit status, all its stdout, its stderr)."""
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    for line in p.stdout:
        seen.append(line)
        if line.startswith("@anneal ") and json.loads(line[len("@anneal "):]).get("checkpoint"):
            p.send_signal(signal.SIGTERM)
            break
    out, err = p.communicate(timeout=120)
    return p.returncode, "".join(seen) + out, err
