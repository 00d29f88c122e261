"""The OpenAI files and batches endpoints, faked on respx routes with their state in memory.

Each created batch walks through `statuses` one step per retrieve; when it reaches its last
status its output and error files are made by `answer(custom_id, body)`, which returns a
chat-completion dict (an output line), an ("error", status, message) tuple (an error-file
line) or None (no line: the request went unanswered, as in an expired batch).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import respx

from tests import openai_replies as replies

Answer = Callable[[str, dict[str, Any]], Any]


def grounded(custom_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """A grounded reply in the request's mode (a tool call, or JSON content)."""
    claims = replies.grounded_claims(replies.document_in(body))
    if body.get("tools"):
        return replies.tool_call(claims)
    return replies.content(json.dumps(claims))


class FakeBatchProvider:
    def __init__(
        self,
        mock: respx.MockRouter,
        answer: Answer = grounded,
        statuses: tuple[str, ...] = ("validating", "in_progress", "finalizing", "completed"),
    ) -> None:
        self.answer = answer
        self.statuses = list(statuses)
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.steps: dict[str, int] = {}
        self.uploads = 0
        self.creates = 0
        self.fail_create: Exception | None = None
        self.fail_download: Exception | None = None
        mock.post("/files").mock(side_effect=self._upload)
        mock.post("/batches").mock(side_effect=self._create)
        mock.get("/batches").mock(side_effect=self._list)
        mock.get(url__regex=r"/batches/[^/]+$").mock(side_effect=self._retrieve)
        mock.post(url__regex=r"/batches/[^/]+/cancel$").mock(side_effect=self._cancel)
        mock.get(url__regex=r"/files/[^/]+/content$").mock(side_effect=self._content)

    def requests_in(self, file_id: str) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.files[file_id].decode().splitlines()]

    def all_requests(self) -> list[dict[str, Any]]:
        return [
            line
            for batch in self.batches.values()
            for line in self.requests_in(batch["input_file_id"])
        ]

    # -- routes --------------------------------------------------------------------------

    def _upload(self, request: httpx.Request) -> httpx.Response:
        self.uploads += 1
        raw = request.content
        # multipart: the file part is the JSONL between its headers and the next boundary
        boundary = request.headers["content-type"].split("boundary=")[1].encode()
        parts = raw.split(b"--" + boundary)
        content = b""
        for part in parts:
            if b'name="file"' in part:
                content = part.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0]
        file_id = f"file-in-{len(self.files) + 1}"
        self.files[file_id] = content
        return httpx.Response(200, json=_file(file_id, len(content), "batch"))

    def _create(self, request: httpx.Request) -> httpx.Response:
        self.creates += 1
        if self.fail_create is not None:
            error, self.fail_create = self.fail_create, None
            raise error
        body = json.loads(request.content)
        assert body["endpoint"] == "/v1/chat/completions"
        assert body["completion_window"] == "24h"
        batch_id = f"batch_{len(self.batches) + 1}"
        lines = self.requests_in(body["input_file_id"])
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": body["endpoint"],
            "input_file_id": body["input_file_id"],
            "completion_window": "24h",
            "status": self.statuses[0],
            "created_at": 1700000000,
            "metadata": body.get("metadata"),
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
        }
        self.steps[batch_id] = 0
        return httpx.Response(200, json=self.batches[batch_id])

    def _list(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"object": "list", "data": list(self.batches.values()), "has_more": False}
        )

    def _retrieve(self, request: httpx.Request) -> httpx.Response:
        batch_id = request.url.path.rsplit("/", 1)[1]
        batch = self.batches[batch_id]
        if batch["status"] not in ("cancelled",):
            step = min(self.steps[batch_id] + 1, len(self.statuses) - 1)
            self.steps[batch_id] = step
            batch["status"] = self.statuses[step]
            if step == len(self.statuses) - 1:
                self._finish(batch)
        return httpx.Response(200, json=batch)

    def _cancel(self, request: httpx.Request) -> httpx.Response:
        batch_id = request.url.path.split("/")[-2]
        batch = self.batches[batch_id]
        batch["status"] = "cancelled"
        self._finish(batch)
        return httpx.Response(200, json=batch)

    def _content(self, request: httpx.Request) -> httpx.Response:
        if self.fail_download is not None:
            error, self.fail_download = self.fail_download, None
            raise error
        file_id = request.url.path.split("/")[-2]
        return httpx.Response(200, content=self.files[file_id])

    def _finish(self, batch: dict[str, Any]) -> None:
        if batch.get("output_file_id") or batch.get("error_file_id"):
            return
        output, errors = [], []
        for number, line in enumerate(self.requests_in(batch["input_file_id"])):
            answer = self.answer(line["custom_id"], line["body"])
            if answer is None:
                continue
            request_id = f"req_{batch['id']}_{number}"
            if isinstance(answer, tuple):
                _, status, message = answer
                errors.append(
                    {
                        "id": f"batch_req_{number}",
                        "custom_id": line["custom_id"],
                        "response": {
                            "status_code": status,
                            "request_id": request_id,
                            "body": {"error": {"message": message, "type": "invalid_request"}},
                        },
                        "error": None,
                    }
                )
            else:
                output.append(
                    {
                        "id": f"batch_req_{number}",
                        "custom_id": line["custom_id"],
                        "response": {"status_code": 200, "request_id": request_id, "body": answer},
                        "error": None,
                    }
                )
        for kind, lines in (("output", output), ("error", errors)):
            if lines:
                file_id = f"file-{kind}-{batch['id']}"
                self.files[file_id] = "".join(json.dumps(x) + "\n" for x in lines).encode()
                batch[f"{kind}_file_id"] = file_id
        batch["request_counts"] = {
            "total": batch["request_counts"]["total"],
            "completed": len(output),
            "failed": len(errors),
        }


def _file(file_id: str, size: int, purpose: str) -> dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": 1700000000,
        "filename": "requests.jsonl",
        "purpose": purpose,
        "status": "processed",
    }
