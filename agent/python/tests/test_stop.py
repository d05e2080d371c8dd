import os
import signal
import tempfile
import unittest

from .support import run_snippet, start_snippet

LOOP = """
import time, anneal
anneal.handle_stop_signals()
print('ready', flush=True)
steps = 0
while not anneal.should_stop():
    time.sleep(0.01)
    steps += 1
anneal.save_checkpoint(steps)
print('stopping cleanly', flush=True)
"""


class ShouldStop(unittest.TestCase):
    def test_sigterm_turns_should_stop_true_and_the_loop_exits_zero(self):
        p = start_snippet(LOOP)
        self.assertEqual(p.stdout.readline().strip(), "ready")
        os.kill(p.pid, signal.SIGTERM)
        out, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 0, err)
        self.assertRegex(out, r'^@anneal \{"checkpoint":true,"step":\d+\}\nstopping cleanly\n$')

    def test_a_second_sigterm_ends_the_process_as_before(self):
        p = start_snippet(
            "import anneal, time\nanneal.handle_stop_signals()\nprint('ready', flush=True)\n"
            "while not anneal.should_stop(): time.sleep(0.01)\nprint('noted', flush=True)\ntime.sleep(60)\n"
        )
        self.assertEqual(p.stdout.readline().strip(), "ready")
        os.kill(p.pid, signal.SIGTERM)
        self.assertEqual(p.stdout.readline().strip(), "noted")  # two signals at once would arrive as one
        os.kill(p.pid, signal.SIGTERM)
        p.communicate(timeout=30)
        self.assertEqual(p.returncode, -signal.SIGTERM)

    def test_the_first_call_installs_the_handler(self):
        r = run_snippet(
            "import anneal, os, signal\n"
            "print(signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)\n"
            "print(anneal.should_stop())\n"
            "os.kill(os.getpid(), signal.SIGTERM)\n"
            "print(anneal.should_stop())\n"
        )
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), ["True", "False", "True"])

    def test_a_control_file_also_asks_for_a_stop(self):
        with tempfile.TemporaryDirectory() as d:
            stop = os.path.join(d, "stop")
            r = run_snippet("import anneal\nprint(anneal.should_stop())\nopen(%r, 'w').close()\nprint(anneal.should_stop())" % stop, ANNEAL_STOP_FILE=stop)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.split(), ["False", "True"])

    def test_off_the_main_thread_nothing_is_installed(self):
        r = run_snippet(
            "import anneal, threading\nout = []\nt = threading.Thread(target=lambda: out.append(anneal.handle_stop_signals()))\nt.start(); t.join()\nprint(out[0], anneal.handle_stop_signals())"
        )
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), ["False", "True"])
