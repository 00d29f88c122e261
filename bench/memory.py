"""Section 5: peak resident memory of a regex batch, measured in a child process.

The child runs the real pipeline on a generated corpus and reports its own high-water mark
(VmHWM from /proc, else getrusage). A second child only imports the same modules, so the
table can say how much of the peak is the interpreter and libraries and how much the batch.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus

TARGET_MB = 300.0
REPO = Path(__file__).resolve().parent.parent


def run(documents: int = 10_000, *, seed: int = 7, workdir: str | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="summarise-bench-mem-", dir=workdir) as tmp:
        corpus = write_corpus(Path(tmp) / "corpus", documents, seed)
        baseline = _child(["--imports-only"])
        batch = _child(["--batch", str(corpus.directory), str(Path(tmp) / "mem.db")])
    peak = batch["peak_mb"]
    return {
        "documents": documents,
        "documents_stored": batch["documents_read"],
        "megabytes_of_input": round(corpus.bytes / 1e6, 2),
        "peak_rss_mb": peak,
        "imports_only_peak_rss_mb": baseline["peak_mb"],
        "batch_adds_mb": round(peak - baseline["peak_mb"], 1),
        "measured_with": batch["measured_with"],
        "target_mb": TARGET_MB,
        "passed": peak <= TARGET_MB,
    }


def _child(arguments: list[str]) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    completed = subprocess.run(
        [sys.executable, "-m", "bench.memory", *arguments],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"memory child failed ({completed.returncode}): {completed.stderr}")
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def _peak_mb() -> tuple[float, str]:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1), "VmHWM (/proc/self/status)"
    except OSError:
        pass  # not Linux: getrusage below is the portable measure
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return round(maxrss / scale, 1), "ru_maxrss (getrusage)"


def _main(argv: list[str]) -> None:
    from summarise.backends.regex.backend import RegexBackend
    from summarise.pipeline.runner import run_batch
    from summarise.store import Store

    read = 0
    if argv[0] == "--batch":
        directory, db_path = argv[1], argv[2]
        with Store.open(db_path) as store:
            report = run_batch(store, RegexBackend(), [directory])
        read = report.read
    peak, how = _peak_mb()
    print(json.dumps({"peak_mb": peak, "measured_with": how, "documents_read": read}))


if __name__ == "__main__":
    _main(sys.argv[1:])
