"""Name -> backend factory. Test doubles register here too, so they run the real pipeline."""

from __future__ import annotations

import os
from collections.abc import Callable

from summarise.backends.base import Backend, BackendOptions

BackendFactory = Callable[[BackendOptions], Backend]

_FACTORIES: dict[str, BackendFactory] = {}


class UnknownBackend(ValueError):
    pass


def register(name: str, factory: BackendFactory) -> None:
    _FACTORIES[name] = factory


def available() -> list[str]:
    _load_builtins()
    return sorted(_FACTORIES)


def resolve_name(name: str, options: BackendOptions) -> str:
    """`auto` means the model backend when a key or base URL is configured, else regex."""
    if name != "auto":
        return name
    configured = (
        options.api_key
        or options.base_url
        or os.environ.get("OPENAI_API_KEY")
        or os.environ.get("OPENAI_BASE_URL")
    )
    return "openai" if configured else "regex"


def create(name: str, options: BackendOptions | None = None) -> Backend:
    options = options or BackendOptions()
    _load_builtins()
    resolved = resolve_name(name, options)
    try:
        factory = _FACTORIES[resolved]
    except KeyError:
        raise UnknownBackend(
            f"unknown backend {resolved!r}; choose one of: auto, {', '.join(available())}"
        ) from None
    return factory(options)


def _load_builtins() -> None:
    # Imported lazily: the model backend pulls in instructor/openai, which `stats` or
    # `review` never need.
    if "regex" not in _FACTORIES:
        register("regex", _regex_factory)
    if "openai" not in _FACTORIES:
        register("openai", _openai_factory)


def _regex_factory(options: BackendOptions) -> Backend:
    # Its ~40 patterns cost ~50 ms to compile: paid only by a batch that uses the rules.
    from summarise.backends.regex.backend import RegexBackend

    return RegexBackend()


def _openai_factory(options: BackendOptions) -> Backend:
    from summarise.backends.openai.backend import OpenAIBackend

    return OpenAIBackend(options)
