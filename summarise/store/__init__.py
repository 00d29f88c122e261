"""The only package that touches SQLite (through sqlite-utils)."""

from summarise.store.connection import (
    DB_ENV,
    DEFAULT_DB,
    StoreBusy,
    StoreError,
    default_path,
)
from summarise.store.decisions import InvalidDecision, StaleDecision
from summarise.store.store import ClaimFilter, RunCounts, Store, UngroundedClaim

__all__ = [
    "DB_ENV",
    "DEFAULT_DB",
    "ClaimFilter",
    "InvalidDecision",
    "RunCounts",
    "StaleDecision",
    "Store",
    "StoreBusy",
    "StoreError",
    "UngroundedClaim",
    "default_path",
]
