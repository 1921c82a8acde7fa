"""The kiosk's own errors. Each carries a message written for the person who will read it."""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk expects and explains.

    ``str(error)`` is a plain-words message fit to show on screen or print from the CLI.
    """


class ConfigError(KioskError):
    """The machine's configuration (file, environment or flags) is not usable."""


class ContentError(KioskError):
    """Course content is missing or malformed. ``problems`` lists every problem found."""

    def __init__(self, problems: list["object"]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StoreError(KioskError):
    """The learner database cannot be opened or written."""


class SignInError(KioskError):
    """Sign-in or registration was refused; the message says why and what to do."""


class LockedOut(SignInError):
    """Too many wrong PINs; ``seconds`` says how long until the next try is allowed."""

    def __init__(self, message: str, seconds: float):
        super().__init__(message)
        self.seconds = seconds


class PackError(KioskError):
    """A content pack was refused (or could not be made); nothing installed was changed.

    ``reason`` is a short code naming the check that refused it (for logs and tests), e.g.
    ``signature``, ``rollback``, ``unsafe-name``, ``limit``, ``mismatch``; ``str(error)`` says it in
    plain words.
    """

    def __init__(self, message: str, reason: str = "invalid"):
        super().__init__(message)
        self.reason = reason
