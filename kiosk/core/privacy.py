"""Secrets from the machine configuration, and the organisation-keyed learner pseudonym.

The pseudonym is HMAC-SHA256(organisation secret, normalised learner code). Every kiosk of one
organisation shares the secret, so one person's records link up across kiosks; the LRS never holds
it, so it cannot turn a pseudonym back into a staff number (an unkeyed hash of a 7-digit number
is reversed in seconds). The raw code exists only while the learner signs in.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.core.accounts import normalise_code
from kiosk.core.errors import ConfigError

MIN_ORGANISATION_SECRET = 16


def without_userinfo(url: str) -> str:
    """An address as shown in a message or a log: a 'user:secret@' in it never reaches a screen."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="…@" + parts.netloc.rsplit("@", 1)[1]).geturl()


def read_secret(value: str, file: Path | None, setting: str) -> str:
    """A secret given in the configuration directly or as a file holding it ('' if neither).

    Raises:
        ConfigError: the file is named but cannot be read, or is empty.
    """
    if file is not None:
        try:
            text = Path(file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"The file {file} named by the setting {setting}_file cannot be read "
                              f"({exc.strerror}).") from None
        if not text:
            raise ConfigError(f"The file {file} named by the setting {setting}_file is empty.")
        return text
    return value.strip()


def organisation_secret(value: str, file: Path | None) -> bytes | None:
    """The organisation's pseudonym key, or None if none is configured.

    Raises:
        ConfigError: the key is too short to resist guessing.
    """
    secret = read_secret(value, file, "sync_organisation_secret")
    if not secret:
        return None
    if len(secret) < MIN_ORGANISATION_SECRET:
        raise ConfigError(f"The organisation secret (sync_organisation_secret) must be at least "
                          f"{MIN_ORGANISATION_SECRET} characters long; a short one can be guessed.")
    return secret.encode("utf-8")


def pseudonymiser(secret: bytes) -> Callable[[str], str]:
    """``code -> HMAC-SHA256(secret, normalised code)`` as 64 hex digits, for ``Accounts``."""

    def pseudonymise(code: str) -> str:
        return hmac.new(secret, normalise_code(code).encode("utf-8"), hashlib.sha256).hexdigest()

    return pseudonymise
