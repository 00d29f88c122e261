"""Live runs and remote jobs: ingest, extract, store; concurrency, budget and progress events."""
