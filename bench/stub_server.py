"""A local OpenAI-compatible server for benchmarks and fault tests (127.0.0.1 only).

It answers POST .../chat/completions after a fixed latency with a valid, grounded reply built
from the request's own document (the first sentences, quoted verbatim), in the request's mode:
a tool call when the request offers tools, JSON content for response_format, else a fenced
JSON block. Optional fault rates answer 429 (with retry-after-ms) or 500 instead. It counts
every request it receives (GET /stats returns the counts and the wall-clock time of the first
request; GET /stats/ also resets the in-flight peak and that time).

    python -m bench.stub_server --port 8089 --latency 0.2
"""

from __future__ import annotations

import argparse
import json
import random
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_DOCUMENT = re.compile(r"<<<DOCUMENT (\w+)>>>\n(.*)\n<<<END DOCUMENT \1>>>", re.DOTALL)
_SENTENCE = re.compile(r"[^.!?\n]{12,}[.!?]")


class StubServer:
    def __init__(
        self,
        latency: float = 0.2,
        *,
        rate_429: float = 0.0,
        rate_500: float = 0.0,
        claims_per_document: int = 3,
        seed: int = 0,
        port: int = 0,
    ) -> None:
        self.latency = latency
        self.rate_429 = rate_429
        self.rate_500 = rate_500
        self.claims_per_document = claims_per_document
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.requests = 0
        self.by_status: dict[int, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        # Wall-clock time (time.time()) of the first request since the last GET /stats/: a
        # client process's start-up is the time from its launch to this.
        self.first_request_at: float | None = None
        self.server = _Server(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> StubServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, body: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
        with self.lock:
            self.requests += 1
            if self.first_request_at is None:
                self.first_request_at = time.time()
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            draw = self.random.random()
        try:
            time.sleep(self.latency)
            if draw < self.rate_429:
                status, headers, reply = 429, {"retry-after-ms": "20"}, _error("Rate limit")
            elif draw < self.rate_429 + self.rate_500:
                status, headers, reply = 500, {}, _error("The server had an error")
            else:
                status, headers, reply = 200, {}, self.reply(body)
        finally:
            with self.lock:
                self.in_flight -= 1
                self.by_status[status] = self.by_status.get(status, 0) + 1
        return status, headers, reply

    def reply(self, body: dict[str, Any]) -> dict[str, Any]:
        document = ""
        for message in body.get("messages", []):
            found = _DOCUMENT.search(str(message.get("content") or ""))
            if found:
                document = found.group(2)
        quotes = [m.group().strip() for m in _SENTENCE.finditer(document)]
        arguments = json.dumps(
            {
                "claims": [
                    {"text": q, "quote": q, "kind": "event"}
                    for q in quotes[: self.claims_per_document]
                ]
            }
        )
        if body.get("tools"):
            message: dict[str, Any] = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_stub",
                        "type": "function",
                        "function": {"name": "ExtractedClaims", "arguments": arguments},
                    }
                ],
            }
            finish = "tool_calls"
        elif body.get("response_format"):
            message, finish = {"role": "assistant", "content": arguments}, "stop"
        else:
            message = {"role": "assistant", "content": f"```json\n{arguments}\n```"}
            finish = "stop"
        prompt = sum(len(str(m.get("content") or "")) for m in body.get("messages", [])) // 4
        return {
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "stub"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": len(arguments) // 4,
                "total_tokens": prompt + len(arguments) // 4,
            },
        }


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops the connections a concurrent client opens
    # at once, and each dropped SYN costs a 1 s retransmit.
    request_queue_size = 256


def _error(message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "server_error", "code": None}}


def _handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
        disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms stall

        def do_GET(self) -> None:
            if self.path.rstrip("/") != "/stats":
                self._send(404, {}, _error(f"no route {self.path}"))
                return
            with stub.lock:
                figures = {
                    "requests": stub.requests,
                    "by_status": stub.by_status,
                    "max_in_flight": stub.max_in_flight,
                    "first_request_at": stub.first_request_at,
                }
                if self.path.endswith("/"):  # GET /stats/ also resets the peak and first time
                    stub.max_in_flight = 0
                    stub.first_request_at = None
            self._send(200, {}, figures)

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, {}, _error(f"no route {self.path}"))
                return
            try:
                body = json.loads(raw)
            except json.JSONDecodeError:
                self._send(400, {}, _error("request body is not JSON"))
                return
            self._send(*stub.answer(body))

        def _send(self, status: int, headers: dict[str, str], reply: dict[str, Any]) -> None:
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return None  # quiet: the counters are the record

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8089, help="0: any free port")
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--rate-429", type=float, default=0.0)
    parser.add_argument("--rate-500", type=float, default=0.0)
    args = parser.parse_args()
    with StubServer(
        args.latency, rate_429=args.rate_429, rate_500=args.rate_500, port=args.port
    ) as stub:
        print(f"OpenAI-compatible stub at {stub.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print(f"\n{stub.requests} requests: {stub.by_status}")


if __name__ == "__main__":
    main()
