"""Pick and cache the configured AI provider: `get_provider()`.

Config `AI_PROVIDER` names a module here ("offline", "gemini", "openai"); each module
exposes `create_provider(config) -> AIProvider`. One instance is kept per app and
provider name.
"""

import importlib

from flask import Flask, current_app

from app.ai.providers.base import AIProvider, ProviderError, UnsupportedTask
from app.errors import ConfigError

KNOWN_PROVIDERS = ("offline", "gemini", "openai")
_CACHE_KEY = "viva_ai_providers"

__all__ = [
    "AIProvider",
    "ProviderError",
    "UnsupportedTask",
    "describe_provider",
    "get_provider",
    "unpaced",
]


def _load_module(name: str):
    module_name = f"{__name__}.{name}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise ConfigError(
            f"The {name.capitalize()} provider is not available in this build"
        ) from exc


def get_provider(app: Flask | None = None, name: str | None = None) -> AIProvider:
    """The configured provider instance (or the one called `name`, e.g. "offline" for
    the fallback), cached per app; ConfigError when unusable."""
    app = app or current_app._get_current_object()
    name = (name or app.config.get("AI_PROVIDER") or "offline").lower()
    if name not in KNOWN_PROVIDERS:
        raise ConfigError(
            f"Unknown AI provider {name!r}; use one of: {', '.join(KNOWN_PROVIDERS)}"
        )
    cache = app.extensions.setdefault(_CACHE_KEY, {})
    if name not in cache:
        cache[name] = _load_module(name).create_provider(app.config)
    return cache[name]


def unpaced(provider: AIProvider) -> AIProvider:
    """The provider for a caller nobody watches stream (the JSON API, demo data): the
    offline provider without its pauses between words; any other as it is."""
    if provider.name != "offline":
        return provider
    from app.ai.providers.offline import OfflineProvider

    return OfflineProvider()


def describe_provider(app: Flask | None = None) -> dict:
    """The provider's health, or an "unavailable" report when it cannot be loaded."""
    app = app or current_app._get_current_object()
    try:
        return get_provider(app).health()
    except ConfigError as error:
        name = (app.config.get("AI_PROVIDER") or "offline").lower()
        model = app.config.get(f"{name.upper()}_MODEL") or ""
        return {
            "provider": name,
            "model": model,
            "status": "unavailable",
            "last_error": error.message,
        }
