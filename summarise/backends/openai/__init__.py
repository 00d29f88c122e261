"""The model backend: instructor over the openai client (the only place either is imported)."""

from summarise.backends.openai.backend import OpenAIBackend
from summarise.backends.openai.settings import MODES, ModelSettings, SettingsError

__all__ = ["MODES", "ModelSettings", "OpenAIBackend", "SettingsError"]
