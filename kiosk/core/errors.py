"""The kiosk's own errors. Each carries a message written for the person who will read it.

Messages a learner may see are written as a template plus named parameters, with the template
marked by ``QT_TRANSLATE_NOOP("errors", ...)``. The core has no Qt, so the marker does nothing
here; ``pyside6-lupdate`` finds it by name and puts the template in the translation files, and
the UI translates the template and fills in the parameters when it shows the error
(``kiosk.ui.i18n.error_text``). ``str(error)`` stays the English text for logs and the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kiosk.core.content import ContentProblem
    from kiosk.core.elearning import PackageProblem

ERRORS_CONTEXT = "errors"
"""The translation context of every marked core message."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    """Mark ``text`` for translation under ``context``; returns it unchanged."""
    return text


class KioskError(Exception):
    """Base of every error the kiosk expects and explains.

    Args:
        message: plain words fit to show on screen or print from the CLI; may be a marked
            template with ``{name}`` placeholders filled from ``params``.
        **params: values for the template's placeholders (numbers, names of things; never a
            learner's code or free text).
    """

    def __init__(self, message: str = "", /, **params: Any):
        self.template = message
        self.params = params
        try:
            text = message.format(**params) if params else message
        except (KeyError, IndexError, ValueError):
            text = f"{message} {params}"  # reporting an error must never raise another
        super().__init__(text)


class ConfigError(KioskError):
    """The machine's configuration (file, environment or flags) is not usable."""


class ContentError(KioskError):
    """Course content is missing or malformed. ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[ContentProblem | PackageProblem | str]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StoreError(KioskError):
    """The learner database cannot be opened or written."""


class InstallationKeyError(StoreError):
    """The installation key on disk cannot be the one the learner database's accounts were made
    with (missing, empty, damaged or different). The kiosk stops instead of making new identities."""


class SignInError(KioskError):
    """Sign-in or registration was refused; the message says why and what to do."""


class LockedOutError(SignInError):
    """Too many wrong PINs; ``seconds`` says how long until the next try is allowed."""

    def __init__(self, message: str, seconds: float, /, **params: Any):
        super().__init__(message, **params)
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


class PackageError(KioskError):
    """A standard eLearning package (SCORM 1.2, SCORM 2004, H5P) was refused; nothing was added.

    ``problems`` lists ``kiosk.core.elearning.PackageProblem``s, each naming the file inside the
    package (and the line, for a manifest); ``reason`` is a short code for logs and tests
    (``zip``, ``unsafe-name``, ``duplicate-name``, ``special-file``, ``limit``, ``manifest``,
    ``missing``, ``library``, ``media``, ``module``, ``exists``, ``disk``, ``unsupported``).
    """

    def __init__(self, problems: list[PackageProblem], reason: str = "invalid"):
        self.problems = list(problems)
        self.reason = reason
        super().__init__("\n".join(str(p) for p in self.problems))


class PackageDataError(KioskError):
    """What an eLearning package sent (a SCORM commit, an H5P statement or saved state) was not
    accepted: not the expected shape, or over a size limit. Nothing saved before it is lost."""
