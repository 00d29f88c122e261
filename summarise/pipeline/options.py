"""The options of one `summarise batch`, the same for a live run, a remote job and a dry run.

Built once from the command line and handed, whole, to whichever path does the work, so no
path can quietly miss one (as --follow-symlinks once was by --via batch-api)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summarise.ingest.reader import DEFAULT_MAX_BYTES

# How a batch is extracted: live calls now, or handed to a provider as a remote job.
LIVE = "live"
VIA_BATCH_API = "batch-api"
VIA_BATCH_FILE = "batch-file"
VIAS = (LIVE, VIA_BATCH_API, VIA_BATCH_FILE)


@dataclass(frozen=True)
class BatchOptions:
    """What to read and how to extract it; the backend's own settings are BackendOptions."""

    via: str = LIVE
    # Extract again documents already extracted with the same backend, model and prompt.
    force: bool = False
    # Extract again documents whose last extraction gave no claims at all (status "empty").
    retry_empty: bool = False
    # Files larger than this are refused (failed, not skipped).
    max_bytes: int = DEFAULT_MAX_BYTES
    # Stop before the estimated tokens would pass this (live), or refuse to submit (remote).
    max_tokens: int | None = None
    # Read file symlinks that point outside the directory being walked (see ingest.paths).
    follow_symlinks: bool = False
    # Estimate and print; read no model, write nothing.
    dry_run: bool = False
    # --via batch-file: where the (first) request file goes.
    output: Path | None = None
    # Split a remote job's requests into files of at most this many lines / bytes
    # (None: the provider's limits, see backends.openai.batch_files).
    max_requests_per_file: int | None = None
    max_bytes_per_file: int | None = None

    def already_done(self, status: str | None) -> bool:
        """Whether a document whose extraction (same backend, model, prompt) has `status` is
        left alone: one extracted (or capped at the claim cap), or one that gave no claims
        unless --retry-empty; anything with --force."""
        if self.force:
            return False
        return status in ("extracted", "capped") or (status == "empty" and not self.retry_empty)

    @property
    def remote(self) -> bool:
        """Whether the documents go to a remote job instead of a live run."""
        return self.via != LIVE


__all__ = ["LIVE", "VIAS", "VIA_BATCH_API", "VIA_BATCH_FILE", "BatchOptions"]
