"""Batch orchestration: ingest, extract, store; concurrency, budget and progress events."""
