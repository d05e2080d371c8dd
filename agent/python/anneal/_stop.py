"""Stop requests: the agent ends a trial (ASHA, PBT, a person's stop) with SIGTERM to the
trainer's process group, then SIGKILL after a grace period (10 s by default). A trainer that
checks should_stop() can save a checkpoint and exit 0 within that time.
"""

import os
import signal
import threading
from typing import Any, Optional

STOP_FILE_VARIABLE = "ANNEAL_STOP_FILE"

_requested = False
_installed = False
_previous: Any = None


def _on_sigterm(signum: int, frame: Any) -> None:
    global _requested
    if _requested:
        # A second SIGTERM: whoever sends it means now. Fall back to what was there before.
        signal.signal(signal.SIGTERM, _previous if callable(_previous) else signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    _requested = True


def handle_stop_signals() -> bool:
    """Catches SIGTERM from now on, so should_stop() turns true instead of the process dying.

    should_stop() calls this itself; call it early when your first check comes late (say after
    loading a model), since a SIGTERM before it ends the process as usual. Only the main thread
    can install signal handlers: elsewhere this returns False and changes nothing.
    """
    global _installed, _previous
    if _installed:
        return True
    if threading.current_thread() is not threading.main_thread():
        return False
    _previous = signal.signal(signal.SIGTERM, _on_sigterm)
    _installed = True
    return True


def request_stop() -> None:
    """Marks a stop as requested, as a SIGTERM would (for tests and for your own watchdogs)."""
    global _requested
    _requested = True


def should_stop() -> bool:
    """True once the agent has asked this trainer to stop: save a checkpoint and exit 0.

    Sources: SIGTERM (what the agent sends; the handler is installed on the first call), or the
    file named by $ANNEAL_STOP_FILE existing (for launchers that cannot forward signals, e.g. a
    wrapper that runs the training in a container).
    """
    handle_stop_signals()
    if _requested:
        return True
    path: Optional[str] = os.environ.get(STOP_FILE_VARIABLE)
    return bool(path) and os.path.exists(path)  # type: ignore[arg-type]
