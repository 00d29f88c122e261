"""The benchmarks at tiny sizes, so they keep running: shapes and sane values, never timings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import analysis_scale, memory, model_pipeline, regex_pipeline
from bench.__main__ import main
from bench.corpus import article, corpus_files, write_corpus
from bench.model_section import UnexpectedResult, read_runs
from bench.prompt_overhead import _request_tokens
from bench.report import Figure, Section, Target, results, table
from bench.sections import ANALYSIS, MODEL, ORDER, PROMPT, REVIEW, run_section
from bench.tokens import counter, estimate
from summarise.ingest.reader import parse_bytes

TINY = {
    "documents": 12,
    "memory_documents": 12,
    "model_documents": 6,
    "latency": 0.005,
    "concurrencies": [1, 3],
    "prompt_documents": 1,
    "review_claims": 300,
    "review_decisions": 5,
    "analysis_documents": 10,
}


def test_corpus_is_deterministic_distinct_and_ingestible(tmp_path: Path) -> None:
    assert article(5) == article(5)
    assert article(5) != article(6)
    assert article(5, seed=1) != article(5, seed=2)
    corpus = write_corpus(tmp_path, 130)
    files = corpus_files(tmp_path)
    assert len(files) == corpus.files == 130
    assert corpus.bytes == sum(Path(f).stat().st_size for f in files)
    ids = set()
    for path in files[:20]:
        result = parse_bytes(Path(path).read_bytes(), path)
        assert result.document is not None and 2000 < len(result.document.text) < 6000
        ids.add(result.document.id)
    assert len(ids) == 20


def test_regex_pipeline_section_measures_pipeline_and_floor() -> None:
    raw = regex_pipeline.run(TINY["documents"])
    assert raw["documents_stored"] == TINY["documents"]
    assert raw["claims"] > 10 * TINY["documents"]  # articles are full of claims
    assert raw["pipeline_seconds"] > 0 and raw["floor_seconds"] > 0
    # Seconds are kept to 0.1 ms: at a dozen documents the floor takes a few ms.
    assert raw["ratio_to_floor"] == pytest.approx(
        raw["pipeline_seconds"] / raw["floor_seconds"], rel=0.05
    )
    assert raw["passed"] is (raw["ratio_to_floor"] <= regex_pipeline.TARGET_RATIO)


@pytest.mark.slow  # a child process batch: CI runs it
def test_memory_section_reads_a_child_peak() -> None:
    raw = memory.run(TINY["memory_documents"])
    assert raw["documents_stored"] == TINY["memory_documents"]
    assert 5 < raw["imports_only_peak_rss_mb"] <= raw["peak_rss_mb"] < 2000
    assert raw["passed"] is (raw["peak_rss_mb"] <= memory.TARGET_MB)


@pytest.mark.slow
def test_analysis_section_times_refresh_against_the_batch() -> None:
    section = run_section(ANALYSIS, TINY)
    raw = section.details
    assert raw["documents_stored"] == TINY["analysis_documents"] + raw["added_documents"]
    assert raw["added_documents"] >= 1
    assert raw["claims"] > 10 * TINY["analysis_documents"] and raw["stories"] >= 1
    assert raw["batch_seconds"] > 0 and raw["analysis_seconds"] > 0
    assert raw["incremental_seconds"] > 0
    assert raw["identical_to_rebuild"] is True
    assert raw["summary_peak_mb"] > 0 and raw["summary_bytes"] > 0
    assert raw["passed"] is (
        raw["ratio_to_batch"] <= analysis_scale.TARGET_RATIO
        and raw["incremental_ratio"] <= analysis_scale.INCREMENTAL_TARGET
        and raw["summary_peak_mb"] <= analysis_scale.SUMMARY_PEAK_MB
    )
    by_name = {figure.name: figure for figure in section.figures}
    ratio = by_name["analysis time / batch time"]
    incremental = by_name[f"+{raw['added_documents']} documents: analysis / first analysis"]
    assert ratio.target == Target("<=", 1.0) and ratio.value == raw["ratio_to_batch"]
    assert incremental.value == raw["incremental_ratio"]
    # Every step says how long it took and its peak memory.
    for step in ("batch", "first analysis", "rebuild", "summary of every story"):
        assert by_name[f"{step}: peak memory"].value > 0


@pytest.mark.slow
def test_a_kept_analysis_run_leaves_its_database_and_reruns_the_summary_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = tmp_path / "kept"
    raw = analysis_scale.run(12, keep=str(keep))
    assert (keep / "a.db").is_file() and raw["identical_to_rebuild"] is True
    with pytest.raises(SystemExit):  # a folder holding a run is never written over
        analysis_scale.run(12, keep=str(keep))
    assert analysis_scale.main(["summary", str(keep / "a.db")]) == 0
    step = json.loads(capsys.readouterr().out)
    # The same summary again, but for its time stamp (microseconds are left out when zero).
    assert step["step"] == "summary" and abs(step["bytes"] - raw["summary_bytes"]) <= 7
    assert step["seconds"] > 0 and step["peak_mb"] > 0


def test_model_section_runs_the_batch_against_the_stub() -> None:
    section = run_section(MODEL, TINY)
    assert section.not_measured is None
    raw = section.details["raw"]
    assert set(raw["runs"]) == set(TINY["concurrencies"])
    for concurrency, run in raw["runs"].items():
        # Every document cost exactly one request, and the slots were really used.
        assert run["exit_code"] == 0 and run["requests"] == TINY["model_documents"]
        assert 1 <= run["max_in_flight"] <= concurrency
        assert run["seconds"] >= TINY["model_documents"] * TINY["latency"] / concurrency
    assert (raw["rerun_requests"], raw["forced_rerun_requests"]) == (0, 0)
    figures = {f.name: f for f in section.figures}
    assert figures["requests made by a second run"].passed is True
    top = figures["ideal / wall at concurrency 3"]
    assert top.target == Target(">=", 0.85) and 0 < top.value < 1
    assert figures["client CPU per request at concurrency 3"].value > 0


def test_prompt_section_counts_what_the_backend_sends() -> None:
    section = run_section(PROMPT, TINY)
    assert section.not_measured is None
    details = section.details
    assert details["requests"] == TINY["prompt_documents"]  # one request per short article
    assert details["backend_outcomes"] == ["ExtractionFailed"]  # the capture server refuses
    instructions, schema, overhead = (f.value for f in section.figures)
    assert instructions > 100 and schema > 100  # the system prompt and the tool schema
    assert overhead == instructions + schema
    assert section.figures[-1].target == Target("<=", 700)


@pytest.mark.slow
def test_review_section_runs_or_says_why_not() -> None:
    section = run_section(REVIEW, TINY).as_dict()
    if section["status"] == "not measured":
        assert "is not on this branch" in section["reason"] and not section["figures"]
        assert section["passed"] is None
    else:
        assert section["figures"] and all(f["value"] >= 0 for f in section["figures"])
        assert any(f["target"] for f in section["figures"])


def test_main_writes_json_and_prints_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "r.json"
    args = ["--quick", "--only", "regex_pipeline", "--documents", "8", "--output", str(output)]
    assert main(args) == 0
    data = json.loads(output.read_text())
    assert set(data) == {"command", "machine", "sizes", "passed", "sections"}
    assert {"cpu_count", "cpu_model", "python", "date"} <= set(data["machine"])
    assert list(data["sections"]) == ["regex_pipeline"]
    ratio = data["sections"]["regex_pipeline"]["figures"][-1]
    assert ratio["target"] == {"comparison": "<=", "value": 3.0}
    assert ratio["passed"] is (ratio["value"] <= 3.0)
    assert "| 1. Regex pipeline | pipeline time / floor time |" in capsys.readouterr().out
    assert set(ORDER) >= set(data["sections"])


def test_report_marks_pass_fail_and_not_measured() -> None:
    good = Section("a", "A", [Figure("x", 2.0, "ms", Target("<=", 3.0))])
    bad = Section("b", "B", [Figure("y", 0.5, "of ideal", Target(">=", 0.85))])
    missing = Section("c", "C", not_measured="bench.thing is not on this branch")
    data = results([good, bad, missing], command="python -m bench", sizes={})
    assert data["passed"] is False
    assert data["sections"]["c"] | {"seconds": 0} == {
        "title": "C",
        "status": "not measured",
        "reason": "bench.thing is not on this branch",
        "passed": None,
        "figures": [],
        "details": {},
        "seconds": 0,
    }
    text = table(data)
    assert "| A | x | 2 ms | ≤ 3 ms | pass |" in text
    assert "| B | y | 0.50 of ideal | ≥ 0.85 of ideal | FAIL |" in text
    assert "| C | not measured: bench.thing is not on this branch |" in text


def test_model_results_are_read_strictly() -> None:
    run = {"seconds": 1.5, "cpu_seconds": 0.5, "requests": 6, "max_in_flight": 3, "exit_code": 0}
    assert read_runs({"runs": {3: run}}, [3]) == {3: run}
    with pytest.raises(UnexpectedResult, match="no runs"):
        read_runs({"timings": []}, [3])
    with pytest.raises(UnexpectedResult, match="no run at concurrency 8"):
        read_runs({"runs": {3: run}}, [3, 8])
    with pytest.raises(UnexpectedResult, match="lacks cpu_seconds"):
        read_runs({"runs": {3: {**run, "cpu_seconds": None}}}, [3])


def test_a_failed_model_run_is_a_failure_not_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    run = {"seconds": 0.01, "cpu_seconds": 0.01, "requests": 0, "max_in_flight": 0}
    canned = {
        "runs": {1: {**run, "exit_code": 1}, 3: {**run, "exit_code": 0}},
        "rerun_requests": 0,
        "forced_rerun_requests": 0,
    }
    monkeypatch.setattr(model_pipeline, "run", lambda *args: canned)
    figures = {f.name: f for f in run_section(MODEL, TINY).figures}
    assert "exited 1" in figures["ideal / wall at concurrency 1"].note
    top = figures["ideal / wall at concurrency 3"]
    assert top.value == 0.0 and top.passed is False and "0 requests for 6" in top.note


def test_tokens_are_counted_exactly_or_by_a_stated_estimate() -> None:
    assert estimate("one two three four") == 5  # words*4/3 beats chars/4 here
    count = counter()
    if count.method.startswith("tiktoken"):
        assert count.count("hello world") == 2  # o200k_base: [24912, 2375]
    else:
        assert count.method.startswith("estimate")
    body = {
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "x"}],
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
    }
    text, schema = _request_tokens(body, lambda s: len(s.split()))
    assert text == 2 + 1 + 2 * 3 + 3
    assert schema > 0


def test_a_whole_process_pair_that_failed_is_no_ratio() -> None:
    from bench import model_process

    ok = {"seconds": 2.0, "startup_seconds": 1.0, "requests": 6, "exit_code": 0}
    pair = model_process._pair(ok, {**ok, "seconds": 1.8}, 6)
    assert (pair["ratio"], pair["ratio_after_startup"], pair["broken"]) == (0.9, 0.8, "")
    failed = model_process._pair({**ok, "exit_code": 1, "stderr_tail": ["boom"]}, ok, 6)
    assert failed["ratio"] == 0.0 and "summarise exited 1 (boom)" in failed["broken"]
    short = model_process._pair(ok, {**ok, "requests": 5}, 6)
    assert short["ratio"] == 0.0 and "script sent 5 requests for 6" in short["broken"]


@pytest.mark.slow
def test_whole_processes_are_timed_with_their_start_up() -> None:
    from bench import model_process

    raw = model_process.run(((6, 0.01),), concurrency=3, repeat=1)
    [run] = raw["runs"]
    assert run["broken"] == "", run
    for side in ("summarise", "script"):
        timing = run[side]
        assert timing["requests"] == 6 and timing["exit_code"] == 0
        assert 0 < timing["startup_seconds"] < timing["seconds"]
    assert run["ratio"] == pytest.approx(
        run["script"]["seconds"] / run["summarise"]["seconds"], abs=0.002
    )
