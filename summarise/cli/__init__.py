"""The `summarise` console script: one click group, one module per command."""

from __future__ import annotations

import sys

from summarise.cli.app import cli


def main() -> None:
    cli(prog_name="summarise")


__all__ = ["cli", "main"]

if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
