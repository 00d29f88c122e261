"""The only package that touches SQLite (through sqlite-utils).

`Store` (store.py) is the facade the other layers use; the modules under it are plain
functions or small classes over the connection and never import it back (an import contract
in pyproject.toml). What a live run and a remote job's collection both write lives in
extractions.py."""

from summarise.store.claim_filter import ClaimFilter
from summarise.store.conflicts import ConflictStore, UnknownConflict
from summarise.store.connection import (
    DB_ENV,
    DEFAULT_DB,
    StoreBusy,
    StoreError,
    default_path,
)
from summarise.store.decisions import InvalidDecision, StaleDecision
from summarise.store.extractions import UngroundedClaim
from summarise.store.runs import RunCounts
from summarise.store.store import Store
from summarise.store.stories import StoryStore, UnknownStory
from summarise.store.syntheses import CachedSynthesis, SynthesisCache

__all__ = [
    "DB_ENV",
    "DEFAULT_DB",
    "CachedSynthesis",
    "ClaimFilter",
    "ConflictStore",
    "InvalidDecision",
    "RunCounts",
    "StaleDecision",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoryStore",
    "SynthesisCache",
    "UngroundedClaim",
    "UnknownConflict",
    "UnknownStory",
    "default_path",
]
