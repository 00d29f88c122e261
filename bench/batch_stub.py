"""A local stand-in for OpenAI's files and batches endpoints (127.0.0.1 only), plus the live
chat endpoint, so a benchmark can run `--via batch-api` end to end and count what a live
rerun asks.

Each batch moves one status per retrieve (validating, in_progress, finalizing, completed);
on completion every request line is answered as `bench.stub_server` answers a live request
(a grounded reply in the request's mode), except for a deterministic share of faults picked
by hashing the custom_id: a per-request error (error file), a malformed reply or an invented
quote on the first round (the re-ask fixes it), or a reply malformed in every round.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

from bench.stub_server import StubServer

STATUSES = ("validating", "in_progress", "finalizing", "completed")


class BatchStub:
    def __init__(
        self,
        *,
        rate_error: float = 0.0,
        rate_malformed: float = 0.0,
        rate_invented: float = 0.0,
        rate_stubborn: float = 0.0,
    ) -> None:
        self.rates = (rate_error, rate_malformed, rate_invented, rate_stubborn)
        self.lock = threading.Lock()
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.live_requests = 0
        self.batch_requests = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> BatchStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- answers -------------------------------------------------------------------------

    def live(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.live_requests += 1
        return _grounded(body)

    def answer(self, custom_id: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """(status code, body) for one request line."""
        draw = int(hashlib.sha256(custom_id.split(":r")[0].encode()).hexdigest()[:8], 16) / 2**32
        first_round = custom_id.endswith(":r0") or ":r0." in custom_id
        error, malformed, invented, stubborn = self.rates
        reply = _grounded(body)
        if draw < error:
            return 400, {"error": {"message": "stub: this request was refused", "type": "invalid"}}
        draw -= error
        if draw < stubborn or (first_round and draw - stubborn < malformed):
            _set_arguments(reply, '{"claims": [{"text": "cut off')
        elif first_round and draw - stubborn - malformed < invented:
            _set_arguments(
                reply,
                json.dumps(
                    {"claims": [{"text": "Invented.", "quote": "Never said.", "kind": "event"}]}
                ),
            )
        return 200, reply

    def finish(self, batch: dict[str, Any]) -> None:
        lines = [json.loads(x) for x in self.files[batch["input_file_id"]].splitlines() if x]
        output, errors = [], []
        for number, line in enumerate(lines):
            status, body = self.answer(line["custom_id"], line["body"])
            entry = {
                "id": f"batch_req_{number}",
                "custom_id": line["custom_id"],
                "response": {"status_code": status, "request_id": f"req_{number}", "body": body},
                "error": None,
            }
            (output if status == 200 else errors).append(entry)
        with self.lock:
            self.batch_requests += len(lines)
            for kind, entries in (("output", output), ("error", errors)):
                if entries:
                    file_id = f"file-{kind}-{batch['id']}"
                    self.files[file_id] = "".join(json.dumps(e) + "\n" for e in entries).encode()
                    batch[f"{kind}_file_id"] = file_id
            batch["request_counts"] = {
                "total": len(lines),
                "completed": len(output),
                "failed": len(errors),
            }

    # -- endpoints -----------------------------------------------------------------------

    def upload(self, content_type: str, raw: bytes) -> dict[str, Any]:
        boundary = content_type.split("boundary=")[1].encode()
        content = b""
        for part in raw.split(b"--" + boundary):
            if b'name="file"' in part:
                content = part.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0]
        with self.lock:
            file_id = f"file-in-{len(self.files) + 1}"
            self.files[file_id] = content
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": int(time.time()),
            "filename": "requests.jsonl",
            "purpose": "batch",
            "status": "processed",
        }

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            batch_id = f"batch_{len(self.batches) + 1}"
            self.batches[batch_id] = {
                "id": batch_id,
                "object": "batch",
                "endpoint": body["endpoint"],
                "input_file_id": body["input_file_id"],
                "completion_window": body["completion_window"],
                "status": STATUSES[0],
                "created_at": int(time.time()),
                "metadata": body.get("metadata"),
                "request_counts": {"total": 0, "completed": 0, "failed": 0},
            }
            return self.batches[batch_id]

    def retrieve(self, batch_id: str) -> dict[str, Any]:
        batch = self.batches[batch_id]
        if batch["status"] in STATUSES[:-1]:
            batch["status"] = STATUSES[STATUSES.index(batch["status"]) + 1]
            if batch["status"] == "completed":
                self.finish(batch)
        return batch


def _grounded(body: dict[str, Any]) -> dict[str, Any]:
    # bench.stub_server's reply needs only `claims_per_document` of its server.
    return StubServer.reply(SimpleNamespace(claims_per_document=3), body)  # type: ignore[arg-type]


def _set_arguments(reply: dict[str, Any], arguments: str) -> None:
    message = reply["choices"][0]["message"]
    if message.get("tool_calls"):
        message["tool_calls"][0]["function"]["arguments"] = arguments
    else:
        message["content"] = arguments


def _handler(stub: BatchStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = self.path.split("?")[0].rstrip("/")
            if path.endswith("/batches"):
                self._json(200, {"object": "list", "data": list(stub.batches.values())})
            elif "/batches/" in path:
                self._json(200, stub.retrieve(path.rsplit("/", 1)[1]))
            elif path.endswith("/content"):
                data = stub.files[path.split("/")[-2]]
                self._send(200, "application/octet-stream", data)
            else:
                self._json(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            path = self.path.split("?")[0].rstrip("/")
            if path.endswith("/chat/completions"):
                self._json(200, stub.live(json.loads(raw)))
            elif path.endswith("/files"):
                self._json(200, stub.upload(self.headers["content-type"], raw))
            elif path.endswith("/batches"):
                self._json(200, stub.create(json.loads(raw)))
            elif path.endswith("/cancel"):
                batch = stub.batches[path.split("/")[-2]]
                batch["status"] = "cancelled"
                self._json(200, batch)
            else:
                self._json(404, {"error": {"message": f"no route {self.path}"}})

        def _json(self, status: int, body: dict[str, Any]) -> None:
            self._send(status, "application/json", json.dumps(body).encode())

        def _send(self, status: int, kind: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return Handler
