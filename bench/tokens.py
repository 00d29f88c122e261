"""Counting tokens offline: the model's tokenizer when it can be had, a stated estimate if not.

tiktoken fetches its BPE ranks from the network at first use, which these machines cannot
reach. The `bpe-openai` package ships the same `o200k_base` ranks file (byte-identical:
tiktoken checks its published SHA-256 on load), so it is placed in a private tiktoken cache
directory and tiktoken runs offline. Without those packages the count is an estimate, and
the result says so.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

ENCODING = "o200k_base"  # the GPT-4o / GPT-4.1 / o-series tokenizer
_RANKS_URL = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"


@dataclass(frozen=True)
class Counter:
    method: str
    count: Callable[[str], int]


def estimate(text: str) -> int:
    """The documented fallback: the larger of chars/4 and words*4/3 (English prose)."""
    return max(round(len(text) / 4), round(len(text.split()) * 4 / 3))


def counter() -> Counter:
    """The most faithful counter available here."""
    try:
        tiktoken = import_module("tiktoken")
    except ImportError:
        tiktoken = None
    # Only the package's data file is needed, not its own tokenizer: find it unimported.
    spec = find_spec("bpe_openai")
    locations = list(spec.submodule_search_locations or []) if spec else []
    if tiktoken is None or not locations:
        return Counter(
            "estimate: max(chars/4, words*4/3); install '.[bench]' for tiktoken o200k_base",
            estimate,
        )
    cache = Path(tempfile.gettempdir()) / "summarise-bench-tiktoken"
    cache.mkdir(exist_ok=True)
    # tiktoken names cache files by the SHA-1 of the URL it would download.
    target = cache / hashlib.sha1(_RANKS_URL.encode()).hexdigest()
    if not target.exists():
        packed = Path(locations[0]) / "data" / f"{ENCODING}.tiktoken.gz"
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(gzip.decompress(packed.read_bytes()))
        partial.replace(target)  # never leave a half-written file for tiktoken to trust
    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    try:
        encoding = tiktoken.get_encoding(ENCODING)
    finally:
        if previous is None:
            os.environ.pop("TIKTOKEN_CACHE_DIR", None)
        else:
            os.environ["TIKTOKEN_CACHE_DIR"] = previous
    return Counter(
        f"tiktoken {ENCODING} (exact)",
        lambda text: len(encoding.encode(text, disallowed_special=())),
    )
