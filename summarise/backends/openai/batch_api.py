"""The OpenAI Batch API through the openai client: upload, create, poll, cancel, download.

The client's own retries stay off (max_retries=0) for `batches.create`: a retried create
could start a second, paid batch. Instead, resuming a batch whose creation may have happened
looks for a batch already made from the same input file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import openai

from summarise.backends.openai.batch_codec import URL
from summarise.backends.openai.settings import ModelSettings
from summarise.backends.openai.transport import public_url, redact

COMPLETION_WINDOW = "24h"


class BatchServiceError(Exception):
    """The provider refused or failed a files/batches call (message says what and why)."""


@dataclass(frozen=True)
class BatchState:
    status: str
    total: int
    completed: int
    failed: int
    output_file_id: str | None
    error_file_id: str | None
    errors: str | None


class BatchService:
    def __init__(self, settings: ModelSettings) -> None:
        self.settings = settings
        api_key = settings.api_key or ("not-needed" if settings.base_url else None)
        try:
            self.client = openai.OpenAI(
                api_key=api_key,
                base_url=settings.base_url,
                max_retries=0,
                timeout=settings.timeout,
            )
        except openai.OpenAIError as exc:
            raise BatchServiceError(
                "the Batch API needs OPENAI_API_KEY, or a server's --base-url"
            ) from exc

    def close(self) -> None:
        self.client.close()

    def upload(self, name: str, content: bytes) -> str:
        """Upload one request file (purpose batch); its file id."""
        with self._errors("uploading " + name):
            return self.client.files.create(
                file=(name, content, "application/jsonl"), purpose="batch"
            ).id

    def create(self, input_file_id: str, metadata: dict[str, str]) -> tuple[str, str]:
        """Start a batch on an uploaded file: (batch id, status)."""
        with self._errors("creating the batch for " + input_file_id):
            made = self.client.batches.create(
                input_file_id=input_file_id,
                endpoint=URL,
                completion_window=COMPLETION_WINDOW,
                metadata=metadata,
            )
        return made.id, made.status

    def find(self, input_file_id: str) -> tuple[str, str] | None:
        """A batch already created from this file (a create whose answer was lost)."""
        with self._errors("listing batches"):
            for made in self.client.batches.list(limit=100):
                if made.input_file_id == input_file_id:
                    return made.id, made.status
        return None

    def retrieve(self, batch_id: str) -> BatchState:
        with self._errors("checking batch " + batch_id):
            found = self.client.batches.retrieve(batch_id)
        counts = found.request_counts
        errors = None
        if found.errors and found.errors.data:
            errors = "; ".join(
                f"{e.code or 'error'}: {e.message or ''}"
                + (f" (line {e.line})" if e.line is not None else "")
                for e in found.errors.data[:5]
            )
        return BatchState(
            status=found.status,
            total=counts.total if counts else 0,
            completed=counts.completed if counts else 0,
            failed=counts.failed if counts else 0,
            output_file_id=found.output_file_id,
            error_file_id=found.error_file_id,
            errors=self._redact(errors) if errors else None,
        )

    def cancel(self, batch_id: str) -> str:
        with self._errors("cancelling batch " + batch_id):
            return self.client.batches.cancel(batch_id).status

    def lines(self, file_id: str) -> Iterator[dict[str, Any]]:
        """The JSON lines of an output or error file, streamed (files reach 200 MB).

        A line that is not a JSON object comes back as {"unreadable": text}."""
        with (
            self._errors("downloading " + file_id),
            self.client.files.with_streaming_response.content(file_id) as response,
        ):
            for text in response.iter_lines():
                if text.strip():
                    yield parse_line(text)

    def _errors(self, doing: str) -> _Translate:
        return _Translate(doing, self.settings.api_key, self.settings.base_url)

    def _redact(self, text: str) -> str:
        return redact(text, self.settings.api_key)


def parse_line(text: str) -> dict[str, Any]:
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        return {"unreadable": text[:500]}
    return parsed if isinstance(parsed, dict) else {"unreadable": text[:500]}


class _Translate:
    """Turns openai's exceptions into one line naming the step, with the key masked."""

    def __init__(self, doing: str, api_key: str | None, base_url: str | None) -> None:
        self.doing = doing
        self.api_key = api_key
        self.base_url = base_url

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, _: Any) -> bool:
        if isinstance(error, openai.APIStatusError):
            message = f"{error.status_code}: {error.message}"
        elif isinstance(error, openai.APIConnectionError):
            where = public_url(self.base_url) or "api.openai.com"
            message = f"cannot reach {where} ({type(error).__name__})"
        elif isinstance(error, openai.OpenAIError):
            message = str(error)
        else:
            return False
        raise BatchServiceError(f"{self.doing}: {redact(message, self.api_key)}") from None
