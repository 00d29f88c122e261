"""The model stack (openai, instructor, httpx) imported in a background thread.

Importing it takes about a second of CPU. Left to the first request, that second sits in the
event loop after the first files are read, with every slot waiting on it; started in a
thread when the run begins (`OpenAIBackend.prepare`), it overlaps listing, reading and
storing the first documents, and `_engine` only waits for what is left. The thread starts
after the command's own imports are done and `_engine` joins it before importing anything
itself, so the two never import at once (Python's per-module import locks would cope, but a
circular import caught half-way in two threads is an error, not a wait).
"""

from __future__ import annotations

import importlib
import threading

# What `_engine` imports: the asker pulls in openai, instructor and httpx.
_MODULES = ("summarise.backends.openai.asker", "summarise.backends.openai.connections")

_lock = threading.Lock()
_thread: threading.Thread | None = None


def start() -> None:
    """Begin importing the model stack, once per process."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_import, name="summarise-preload", daemon=True)
            _thread.start()


def wait() -> None:
    """Return once a preload started by `start` has finished (at once if none was)."""
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join()


def _import() -> None:
    try:
        for module in _MODULES:
            importlib.import_module(module)
    except Exception:
        # The first request imports them again in the main thread and reports any error
        # there, where the user sees it; a preload only ever saves time.
        pass
