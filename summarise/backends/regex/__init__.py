"""The offline, deterministic regex backend: sentence splitting, figures, attribution, rules."""
