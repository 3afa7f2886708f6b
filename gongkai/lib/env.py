"""Typed readers for environment settings; a bad value fails loudly at start-up."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default)
    if value not in ("", "True", "False", "1", "0", "true", "false"):
        raise ImproperlyConfigured(
            f"Unexpected value {name}={value}, use True or False"
        )
    return value in ("True", "1", "true")


def envint(name: str, default: int) -> int:
    value = os.getenv(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be an integer, got {value!r}"
        ) from None


def envsecret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (container secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.getenv(name, default)
