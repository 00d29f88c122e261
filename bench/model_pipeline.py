"""The model backend's concurrency and cache, measured through the real `summarise batch`.

Runs the batch command in-process against `bench.stub_server` (a real HTTP server on
127.0.0.1 answering after a fixed latency, in its own process as a real server would be) on
generated documents, once per concurrency, each into a fresh database; then reruns the last
one to count the requests a rerun makes (and once more with --force: the response cache).

Beside each batch, in the same run and against the same stub, a plain `AsyncOpenAI` loop sends
the same request bodies (the same prompts and tool schema, built by the backend) at the same
concurrency: the batch's requests a second and CPU per request are reported as ratios to it,
so the figures say what the project costs over the client it is built on, whatever the
machine's load.

    python -m bench.model_pipeline                       # 200 documents, 200 ms, 8 16 32
    python -m bench.model_pipeline --documents 50 --latency 0.1 --concurrency 1 4 16
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from summarise.cli import cli

_PLACES = ("Rafah", "Khan Younis", "Cairo", "Doha", "Jerusalem", "Amman", "Geneva", "Beirut")
_ACTORS = ("the ministry", "the agency", "negotiators", "the council", "officials", "the envoy")
_EVENTS = (
    "announced a pause in the talks",
    "reported that 14 trucks crossed the border",
    "said the meeting would resume on Thursday",
    "confirmed that 3 hostages had been released",
    "rejected the latest proposal",
    "called for an immediate ceasefire",
)


def generate_documents(directory: Path, count: int, seed: int = 7) -> list[Path]:
    """`count` distinct articles of about 1,500 characters each."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        sentences = [
            f"In {rng.choice(_PLACES)}, {rng.choice(_ACTORS)} {rng.choice(_EVENTS)} "
            f"(report {number}-{line})."
            for line in range(16)
        ]
        text = f"Report {number}\n\n" + "\n\n".join(
            " ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)
        )
        path = directory / f"doc_{number:04d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def batch(directory: Path, db: Path, base_url: str, concurrency: int, *extra: str) -> int:
    """`summarise batch` in-process (no interpreter start-up in the timing); its exit code."""
    args = [
        "batch",
        str(directory),
        "--db",
        str(db),
        "--backend",
        "openai",
        "--base-url",
        base_url,
        "--model",
        "stub-model",
        "--concurrency",
        str(concurrency),
        "--quiet",
        *extra,
    ]
    # The closing line goes to stderr with the harness's progress: stdout is for its table.
    with contextlib.redirect_stdout(sys.stderr):
        try:
            cli.main(args=args, prog_name="summarise", standalone_mode=False)
        except SystemExit as done:
            return int(done.code or 0)
    return 0


class StubProcess:
    """`bench.stub_server` in a child process, read through its /stats endpoint."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def stats(self, reset_peak: bool = False) -> dict[str, Any]:
        url = self.base_url.removesuffix("/v1") + ("/stats/" if reset_peak else "/stats")
        with urllib.request.urlopen(url, timeout=10) as reply:
            return dict(json.load(reply))

    @property
    def requests(self) -> int:
        return int(self.stats()["requests"])


@contextmanager
def stub_process(latency: float, *options: str) -> Iterator[StubProcess]:
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.stub_server",
            "--port",
            "0",
            "--latency",
            str(latency),
            *options,
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        if " at " not in line:
            raise RuntimeError(f"the stub server did not start: {line!r}")
        yield StubProcess(line.split(" at ", 1)[1].split()[0])
    finally:
        child.terminate()
        child.wait(timeout=10)


def request_bodies(folder: Path) -> list[dict[str, Any]]:
    """The chat-completions bodies the batch sends for the documents in `folder` (tools mode,
    one chunk each), built by the backend itself."""
    from summarise.backends.base import BackendOptions
    from summarise.backends.openai.backend import OpenAIBackend
    from summarise.ingest.reader import read_input

    backend = OpenAIBackend(
        BackendOptions(base_url="http://127.0.0.1:1/v1", model="stub-model", mode="tools")
    )
    bodies = []
    for path in sorted(folder.iterdir()):
        document = read_input(str(path)).document
        assert document is not None
        [span] = backend.plan(document)
        bodies.append(backend.build_request(document, span, mode="tools"))
    return bodies


def plain_client(base_url: str, bodies: list[dict[str, Any]], concurrency: int) -> dict[str, Any]:
    """The same requests through a plain AsyncOpenAI loop: what the client alone costs."""
    import asyncio

    import openai

    async def main() -> int:
        client = openai.AsyncOpenAI(api_key="stub", base_url=base_url, max_retries=0)
        slots = asyncio.Semaphore(concurrency)

        async def one(body: dict[str, Any]) -> None:
            async with slots:
                reply = await client.chat.completions.create(**body)
                assert reply.choices[0].message.tool_calls

        async with asyncio.TaskGroup() as group:
            for body in bodies:
                group.create_task(one(body))
        await client.close()
        return len(bodies)

    started, cpu = time.perf_counter(), time.process_time()
    sent = asyncio.run(main())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "requests": sent}


def run(
    documents: int = 200,
    latency: float = 0.2,
    concurrencies: list[int] | None = None,
    repeat: int = 1,
) -> dict[str, Any]:
    """Time a batch of `documents` at each concurrency, and a plain client beside it (`repeat`
    pairs each, the run with the median ratio kept; on a shared machine one pair is noisy);
    count a rerun's requests."""
    concurrencies = concurrencies or [8, 16, 32]
    # Import the model backend (instructor, openai) before the clock starts, so the first
    # timed run does not pay a one-off start-up cost the others do not.
    import summarise.backends.openai.backend  # noqa: F401

    runs: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as scratch, stub_process(latency) as stub:
        folder = Path(scratch) / "docs"
        generate_documents(folder, documents)
        bodies = request_bodies(folder)
        # Warm up (lazy imports, pydantic validators built on first use) on other documents,
        # so that one-off cost lands in no timed run.
        warm = Path(scratch) / "warm"
        generate_documents(warm, 16, seed=99)
        batch(warm, Path(scratch) / "warm.db", stub.base_url, max(concurrencies))
        plain_client(stub.base_url, bodies[:16], max(concurrencies))
        db = Path(scratch) / "unused.db"
        for concurrency in concurrencies:
            pairs = []
            for attempt in range(repeat):
                db = Path(scratch) / f"c{concurrency}-{attempt}.db"
                pairs.append(_pair(stub, folder, db, bodies, concurrency))
            pairs.sort(key=lambda pair: pair["ratio"])
            runs[concurrency] = {
                **pairs[len(pairs) // 2],
                "ratios": [pair["ratio"] for pair in pairs],
                "cpu_ratios": sorted(pair["cpu_ratio"] for pair in pairs),
            }
            db = Path(scratch) / f"c{concurrency}-{repeat // 2}.db"
        before = stub.requests
        rerun_code = batch(folder, db, stub.base_url, concurrencies[-1])
        rerun_requests = stub.requests - before
        before = stub.requests
        forced_code = batch(folder, db, stub.base_url, concurrencies[-1], "--force")
        forced_requests = stub.requests - before
    slowest, fastest = runs[concurrencies[0]]["seconds"], runs[concurrencies[-1]]["seconds"]
    return {
        "documents": documents,
        "latency": latency,
        "runs": runs,
        "speedup": round(slowest / fastest, 2) if fastest else None,
        "rerun_requests": rerun_requests,
        "rerun_exit_code": rerun_code,
        "forced_rerun_requests": forced_requests,
        "forced_rerun_exit_code": forced_code,
    }


def _pair(
    stub: StubProcess, folder: Path, db: Path, bodies: list[dict[str, Any]], concurrency: int
) -> dict[str, Any]:
    """One batch and, right after it, the plain client on the same bodies."""
    before = int(stub.stats(reset_peak=True)["requests"])
    started, cpu = time.perf_counter(), time.process_time()
    code = batch(folder, db, stub.base_url, concurrency)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = stub.stats()
    plain = plain_client(stub.base_url, bodies, concurrency)
    requests = after["requests"] - before
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "requests": requests,
        "max_in_flight": after["max_in_flight"],
        "exit_code": code,
        "plain": plain,
        # requests a second, batch / plain client; CPU per request, batch / plain
        "ratio": round((requests / seconds) / (plain["requests"] / plain["seconds"]), 3),
        "cpu_ratio": round(
            (cpu / max(1, requests)) / (plain["cpu_seconds"] / plain["requests"]), 3
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 16, 32])
    parser.add_argument("--repeat", type=int, default=1, help="pairs per concurrency (median)")
    args = parser.parse_args()
    result = run(args.documents, args.latency, args.concurrency, args.repeat)
    print(f"{result['documents']} documents, stub latency {result['latency'] * 1000:.0f} ms")
    for concurrency, figures in result["runs"].items():
        print(
            f"  --concurrency {concurrency:>3}: {figures['seconds']:7.2f} s "
            f"({figures['cpu_seconds']:.2f} s CPU), "
            f"{figures['requests']} requests, up to {figures['max_in_flight']} in flight, "
            f"exit {figures['exit_code']}"
        )
        plain = figures["plain"]
        print(
            f"      plain AsyncOpenAI: {plain['seconds']:7.2f} s ({plain['cpu_seconds']:.2f} s "
            f"CPU); batch/plain requests a second {figures['ratio']:.3f}, CPU per request "
            f"{1000 * figures['cpu_seconds'] / max(1, figures['requests']):.1f} ms vs "
            f"{1000 * plain['cpu_seconds'] / plain['requests']:.1f} ms "
            f"({figures['cpu_ratio']:.2f}x)"
            + (
                f"; ratios over {len(figures['ratios'])} pairs: {figures['ratios']}"
                if len(figures["ratios"]) > 1
                else ""
            )
        )
    first, last = args.concurrency[0], args.concurrency[-1]
    print(f"  speed-up {first} -> {last}: {result['speedup']}x")
    print(f"  rerun: {result['rerun_requests']} requests (exit {result['rerun_exit_code']})")
    print(
        f"  rerun with --force: {result['forced_rerun_requests']} requests "
        f"(response cache; exit {result['forced_rerun_exit_code']})"
    )


if __name__ == "__main__":
    main()
