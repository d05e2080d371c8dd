"""One `anneal ask-tell` solver process for a benchmark run: the config written to a temporary
file, JSON lines in and out, the process and file cleaned up however the run ends. Shared by
constrained_bench.py and constrained_mo_bench.py."""
import contextlib, json, os, subprocess, tempfile


@contextlib.contextmanager
def ask_tell_process(cmd, config, seed):
    """Yields call(msg) -> reply; a reply with an error, or a solver that exits, raises."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(config, f)
        path = f.name
    proc = subprocess.Popen(cmd + ["--config", path, "--seed", str(seed)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, bufsize=1)

    def call(msg):
        proc.stdin.write(json.dumps(msg) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"solver exited (code {proc.poll()}) on {msg}")
        r = json.loads(line)
        if "error" in r:
            raise RuntimeError(f"{r['error']} (on {msg})")
        return r

    try:
        yield call
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        os.unlink(path)
