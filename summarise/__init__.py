"""summarise: documents in, grounded and reviewed claims out, every sentence cited."""

__version__ = "0.1.0"
