"""`summarise batch` as a whole process against the simplest script a user would write instead.

Both are timed from outside, as a user would time them: launched as their own processes
against the same stub server (`bench.stub_server`, in its own process, answering every
request with valid quotes after a fixed latency), sending the same request bodies (one per
document, built by the backend itself) at the same concurrency.

- summarise: `summarise batch DIR --backend openai --concurrency N --quiet` into a fresh
  database: start Python, import the CLI, read and store the documents, ask, ground, store.
- the script (`SCRIPT` below): start Python, import openai, read the bodies from a JSON file,
  send them with one `AsyncOpenAI` behind a semaphore of N, parse each tool call's JSON.

Each run's wall time is split at the stub's first request: start-up (launch to the first
request) and the rest. The figure is script time / summarise time (>= 0.9 is the target);
pairs alternate and the median pair counts, since the machine is shared.

    python -m bench.model_process                       # 400 docs at 1 s, 100 at 200 ms, 32
    python -m bench.model_process --runs 100:0.2 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.model_pipeline import StubProcess, generate_documents, request_bodies, stub_process

TARGET_RATIO = 0.9
DEFAULT_RUNS = ((400, 1.0), (100, 0.2))
CONCURRENCY = 32

# What a user would write to send the same requests without summarise: nothing stored, the
# reply parsed once. Kept this plain on purpose; it is the yardstick.
SCRIPT = """\
import asyncio, json, sys

import openai


async def main():
    bodies = json.load(open(sys.argv[1]))
    client = openai.AsyncOpenAI(api_key="stub", base_url=sys.argv[2])
    slots = asyncio.Semaphore(int(sys.argv[3]))

    async def one(body):
        async with slots:
            reply = await client.chat.completions.create(**body)
            return json.loads(reply.choices[0].message.tool_calls[0].function.arguments)

    answers = await asyncio.gather(*(one(body) for body in bodies))
    print(sum(len(answer["claims"]) for answer in answers), "claims")


asyncio.run(main())
"""


def run(
    runs: tuple[tuple[int, float], ...] = DEFAULT_RUNS,
    concurrency: int = CONCURRENCY,
    repeat: int = 3,
) -> dict[str, Any]:
    """Each (documents, latency) run: `repeat` alternating pairs, the median-ratio pair kept."""
    measured = []
    for documents, latency in runs:
        with tempfile.TemporaryDirectory(prefix="summarise-process-") as scratch:
            measured.append(_one_size(Path(scratch), documents, latency, concurrency, repeat))
    return {"concurrency": concurrency, "runs": measured, "target_ratio": TARGET_RATIO}


def _one_size(
    scratch: Path, documents: int, latency: float, concurrency: int, repeat: int
) -> dict[str, Any]:
    folder = scratch / "docs"
    generate_documents(folder, documents)
    bodies_file = scratch / "bodies.json"
    bodies_file.write_text(json.dumps(request_bodies(folder)), encoding="utf-8")
    script = scratch / "plain.py"
    script.write_text(SCRIPT, encoding="utf-8")
    pairs = []
    with stub_process(latency) as stub:
        for attempt in range(repeat):
            ours = _timed(
                stub,
                [
                    str(Path(sys.executable).with_name("summarise")),
                    "batch",
                    str(folder),
                    "--db",
                    str(scratch / f"run{attempt}.db"),
                    "--backend",
                    "openai",
                    "--base-url",
                    stub.base_url,
                    "--model",
                    "stub-model",
                    "--concurrency",
                    str(concurrency),
                    "--quiet",
                ],
            )
            plain = _timed(
                stub,
                [sys.executable, str(script), str(bodies_file), stub.base_url, str(concurrency)],
            )
            pairs.append(_pair(ours, plain, documents))
    pairs.sort(key=lambda pair: pair["ratio"])
    kept = pairs[len(pairs) // 2]
    return {
        "documents": documents,
        "latency": latency,
        "ideal_seconds": round(-(-documents // concurrency) * latency, 3),
        **kept,
        "ratios": [pair["ratio"] for pair in pairs],
        "median_ratio": statistics.median(pair["ratio"] for pair in pairs),
    }


def _timed(stub: StubProcess, command: list[str]) -> dict[str, Any]:
    """Run `command` to its end: wall time, start-up (launch to the stub's first request),
    its CPU (user + sys), the requests the stub saw and the exit code."""
    before = int(stub.stats(reset_peak=True)["requests"])
    launched = time.time()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.time() - launched
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    stats = stub.stats()
    first = stats.get("first_request_at")
    return {
        "seconds": round(seconds, 3),
        "startup_seconds": round(first - launched, 3) if first else None,
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "requests": int(stats["requests"]) - before,
        "max_in_flight": stats["max_in_flight"],
        "exit_code": os.waitstatus_to_exitcode(status),
        "stderr_tail": stderr.strip().splitlines()[-3:],
    }


def _pair(ours: dict[str, Any], plain: dict[str, Any], documents: int) -> dict[str, Any]:
    broken = [
        f"{name} exited {run['exit_code']} ({' / '.join(run['stderr_tail'])})"
        for name, run in (("summarise", ours), ("script", plain))
        if run["exit_code"] != 0
    ] + [
        f"{name} sent {run['requests']} requests for {documents} documents"
        for name, run in (("summarise", ours), ("script", plain))
        if run["requests"] != documents
    ]

    def after(run: dict[str, Any]) -> float:
        return float(run["seconds"] - (run["startup_seconds"] or 0.0))

    return {
        "summarise": ours,
        "script": plain,
        "broken": "; ".join(broken),
        # script time / summarise time: 1.0 is as fast as the bare client, above is faster.
        "ratio": 0.0 if broken else round(plain["seconds"] / ours["seconds"], 3),
        "ratio_after_startup": 0.0 if broken else round(after(plain) / after(ours), 3),
    }


def _parse_runs(values: list[str]) -> tuple[tuple[int, float], ...]:
    runs = []
    for value in values:
        documents, _, latency = value.partition(":")
        runs.append((int(documents), float(latency or 1.0)))
    return tuple(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        nargs="+",
        default=[f"{d}:{latency:g}" for d, latency in DEFAULT_RUNS],
        help="DOCUMENTS:LATENCY_SECONDS pairs (default 400:1 100:0.2)",
    )
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--repeat", type=int, default=3, help="alternating pairs (median kept)")
    args = parser.parse_args()
    result = run(_parse_runs(args.runs), args.concurrency, args.repeat)
    for one in result["runs"]:
        print(
            f"{one['documents']} documents, {one['latency'] * 1000:.0f} ms replies, "
            f"concurrency {result['concurrency']} (ideal {one['ideal_seconds']} s)"
        )
        for name in ("summarise", "script"):
            timing = one[name]
            print(
                f"  {name:>9}: {timing['seconds']:6.2f} s wall (start-up "
                f"{timing['startup_seconds']} s), {timing['cpu_seconds']:.2f} s CPU, "
                f"{timing['requests']} requests, up to {timing['max_in_flight']} in flight, "
                f"exit {timing['exit_code']}"
            )
        print(
            f"  script / summarise: {one['ratio']:.3f} (after start-up "
            f"{one['ratio_after_startup']:.3f}); all pairs {one['ratios']}"
            + (f"; BROKEN: {one['broken']}" if one["broken"] else "")
        )


if __name__ == "__main__":
    main()
