"""Hostile input: batch time on pathological files, before and after the linear-time fixes,
and peak memory for 10 MiB inputs of several shapes.

Each figure is a real `python -m summarise batch --backend regex` in a child process on a
fresh database. The pre-fix times run the same command on the code of PRE_FIX_COMMIT
(exported with `git archive` into a temporary folder), cut off at PRE_FIX_TIMEOUT seconds:
a cut-off shows as "> N s". Peak memory is the child's ru_maxrss from wait4.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PRE_FIX_COMMIT = "5b08a4b"  # main before issue 13
PRE_FIX_TIMEOUT = 60.0
TARGET_SECONDS = 2.0
TARGET_MB = 300.0
MIB = 2**20
# Single characters the patterns match on: white space, sentence ends, quotes, brackets,
# separators, digits and letters.
RUN_CHARACTERS = list(" \n\t.!?…\"'“”’)](,;:-aA1$%")


def whitespace_file() -> str:
    """The issue's file: 100 KB of spaces inside one attributed sentence."""
    return "The mayor said" + " " * 100_000 + "40 people."


def mixed_runs(size: int, seed: int = 13) -> str:
    """Runs of 1,000 to 100,000 of one character each, chosen at random, to `size` bytes."""
    pick = random.Random(seed)
    parts, total = ["The mayor said "], 0
    while total < size:
        run = pick.choice(RUN_CHARACTERS) * pick.randint(1_000, 100_000)
        parts.append(run)
        total += len(run.encode())
    return "".join(parts).encode()[:size].decode("utf-8", "ignore")


def memory_shapes() -> dict[str, str]:
    size = 10 * MIB - 64
    return {
        "spaces": "The mayor said " + " " * size,
        "line ends": "The mayor said\n" + "\n" * size,
        "exclamation marks": "The mayor said " + "!" * size,
        "digits": "The mayor said " + "1" * size,
        "mixed runs": mixed_runs(size),
        "one-word lines": "a\n" * (size // 2),
        "claim-dense sentences": "Officials said 12 people were hurt. " * (size // 36),
        "distinct claim-dense sentences": distinct_dense_sentences(size),
    }


def distinct_dense_sentences(size: int, seed: int = 5) -> str:
    """Short attributed sentences with made-up names and words, none repeating another, to
    `size` characters: every one a claim, so the 100,000-claim cap is reached half-way."""
    pick = random.Random(seed)

    def word() -> str:
        return "".join(pick.choice("bcdfghklmnprstvz") + pick.choice("aeiou") for _ in range(3))

    parts, total = [], 0
    while total < size:
        sentence = (
            f"{word().title()} said {pick.randint(2, 999)} {word()} {word()} were hurt "
            f"in {word().title()}. "
        )
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts)[:size]


def _batch(
    path: Path, folder: Path, *, pythonpath: str, timeout: float
) -> tuple[float | None, float, float]:
    """(wall seconds or None when cut off, CPU seconds, peak RSS in MB) of one batch in a
    child process. CPU time is what the shared machines cannot inflate: other processes'
    load stretches the wall time, not the child's own user + system time."""
    env = {**os.environ, "PYTHONPATH": pythonpath}
    database = folder / f"{path.stem}-{time.monotonic_ns()}.db"
    command = [sys.executable, "-m", "summarise", "batch", "--backend", "regex", "-q"]
    started = time.perf_counter()
    child = subprocess.Popen(
        [*command, "--db", str(database), str(path)],
        env=env,
        cwd=folder,  # not the checkout: its summarise/ would shadow PYTHONPATH's
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            break
        if time.perf_counter() > deadline:
            child.kill()
            _, _, usage = os.wait4(child.pid, 0)
            child.returncode = -9
            return None, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 1):
        raise RuntimeError(f"batch on {path.name} exited {child.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _pre_fix_tree(folder: Path) -> Path | None:
    tree = folder / "pre-fix"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", PRE_FIX_COMMIT, "summarise"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def run(*, with_pre_fix: bool = True, with_memory: bool = True) -> dict[str, Any]:
    """Times (wall and CPU) for the two files, now and pre-fix; peak memory by shape."""
    results: dict[str, Any] = {"pre_fix_commit": PRE_FIX_COMMIT, "timings": {}, "memory": {}}
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as temporary:
        folder = Path(temporary)
        pre_fix = _pre_fix_tree(folder) if with_pre_fix else None
        files = {"100 KB of spaces": whitespace_file(), "5 MB of mixed runs": mixed_runs(5_000_000)}
        for name, text in files.items():
            path = folder / (name.replace(" ", "-") + ".txt")
            path.write_text(text, encoding="utf-8")
            now, cpu, _ = _batch(path, folder, pythonpath=str(REPO), timeout=120)
            before = before_cpu = None
            if pre_fix is not None:
                before, before_cpu, _ = _batch(
                    path, folder, pythonpath=str(pre_fix), timeout=PRE_FIX_TIMEOUT
                )
            results["timings"][name] = {
                "bytes": path.stat().st_size,
                "seconds": now,
                "cpu_seconds": cpu,
                "pre_fix_seconds": before,
                "pre_fix_cpu_seconds": before_cpu,
                "pre_fix_cut_off": pre_fix is not None and before is None,
            }
        if with_memory:
            for name, text in memory_shapes().items():
                path = folder / (name.replace(" ", "-") + ".txt")
                path.write_text(text, encoding="utf-8")
                seconds, _, peak = _batch(path, folder, pythonpath=str(REPO), timeout=300)
                results["memory"][name] = {
                    "bytes": path.stat().st_size,
                    "seconds": seconds,
                    "peak_rss_mb": round(peak, 1),
                }
                path.unlink()
    return results


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
