"""Section 3: tokens per request spent on instructions and schema, not on the document.

Measured on what is really sent: the model backend is pointed at a capture server on
127.0.0.1 that records each request body and refuses it (HTTP 400, which no client
retries). A request's tokens are its messages' contents plus its tool or response-format
schema as JSON, plus the chat framing (3 tokens a message and 3 to prime the reply, as
OpenAI documents for its chat models); the overhead is that total minus the document's
own tokens. Function schemas are counted as their JSON, which is close to (not exactly)
how the provider renders them for the model.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.corpus import article
from bench.report import Figure, Section, Target
from bench.tokens import counter

PROMPT = "prompt_overhead"
TARGET_TOKENS = 700
_PER_MESSAGE = 3
_REPLY_PRIMING = 3


def build(sizes: dict[str, Any], title: str) -> Section:
    from bench.sections import require

    require("summarise.backends.openai.prompts", "issue: model backend prompts")
    require("summarise.backends.openai", "issue: model backend")
    from summarise.backends import registry
    from summarise.backends.base import BackendOptions
    from summarise.ingest.reader import parse_bytes

    tokens = counter()
    bodies: list[dict[str, Any]] = []
    server = _capture_server(bodies)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    overheads: list[int] = []
    responses: list[str] = []
    parts: dict[str, list[int]] = {"instructions": [], "schema": []}
    try:
        for index in range(sizes["prompt_documents"]):
            document = parse_bytes(article(index).encode("utf-8"), f"bench-{index}.txt").document
            assert document is not None
            backend = registry.create(
                "openai",
                BackendOptions(
                    model="gpt-4o-mini",
                    base_url=f"http://127.0.0.1:{server.server_address[1]}/v1",
                    api_key="bench",
                ),
            )
            before = len(bodies)
            try:
                asyncio.run(_extract_once(backend, document))
            except Exception as exc:  # the server refuses every request: only the request counts
                responses.append(type(exc).__name__)
            else:
                responses.append("no error")
            for body in bodies[before:]:
                instructions, schema = _request_tokens(body, tokens.count)
                document_tokens = tokens.count(document.text)
                overheads.append(instructions + schema - document_tokens)
                parts["instructions"].append(instructions - document_tokens)
                parts["schema"].append(schema)
    finally:
        server.shutdown()
        server.server_close()
    if not overheads:
        raise RuntimeError("the model backend sent no request to the capture server")
    mean = round(statistics.mean(overheads))
    section = Section(
        PROMPT,
        title,
        details={
            "requests": len(overheads),
            "counted_with": tokens.method,
            "instructions_tokens": round(statistics.mean(parts["instructions"])),
            "schema_tokens": round(statistics.mean(parts["schema"])),
            "per_request": overheads,
            "backend_outcomes": sorted(set(responses)),
        },
    )
    section.figures = [
        Figure(
            "instructions (messages without the document)",
            section.details["instructions_tokens"],
            "tokens",
        ),
        Figure("schema (tools / response format)", section.details["schema_tokens"], "tokens"),
        Figure(
            "overhead per request",
            mean,
            "tokens",
            Target("<=", TARGET_TOKENS),
            f"counted with {tokens.method}",
        ),
    ]
    return section


async def _extract_once(backend: Any, document: Any) -> None:
    try:
        await backend.extract(document)
    finally:
        await backend.aclose()


def _request_tokens(body: dict[str, Any], count: Any) -> tuple[int, int]:
    """(message tokens with framing, schema tokens) of one chat-completions request body."""
    messages = body.get("messages", [])
    text = 0
    for message in messages:
        content = message.get("content") or ""
        if isinstance(content, list):  # content parts
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        text += count(str(content)) + _PER_MESSAGE
    text += _REPLY_PRIMING
    schema_parts = [body[k] for k in ("tools", "functions", "response_format") if k in body]
    schema = count(json.dumps(schema_parts, ensure_ascii=False)) if schema_parts else 0
    return text, schema


def _capture_server(bodies: list[dict[str, Any]]) -> ThreadingHTTPServer:
    class Capture(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            bodies.append(json.loads(self.rfile.read(length) or b"{}"))
            payload = json.dumps(
                {"error": {"message": "benchmark capture server", "type": "invalid_request"}}
            ).encode()
            self.send_response(400)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return None  # keep the benchmark's output to its table

    return ThreadingHTTPServer(("127.0.0.1", 0), Capture)
