"""Machine settings, declared once.

A TOML table flattens into prefixed names: ``[sync] endpoint = ...`` sets ``sync_endpoint``, which
the environment spells ``TIP_KIOSK_SYNC_ENDPOINT``.

Settings are read in layers, each overriding the one before: the defaults below, the machine-wide
TOML file, ``TIP_KIOSK_*`` environment variables, then command-line flags. A bad value is reported
with where it came from (file and key, variable, or flag), never as a traceback.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping

import platformdirs
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError

from kiosk.core.errors import ConfigError

ENV_PREFIX = "TIP_KIOSK_"
_STRICT = ConfigDict(extra="forbid")


def machine_config_path() -> Path:
    """Where IT puts the machine-wide configuration file on this platform."""
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "TIP Kiosk" / "kiosk.toml"
    return Path("/etc/tip-kiosk/kiosk.toml")


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("tip-kiosk", appauthor=False))


def _default_content_dir() -> Path:
    return Path(platformdirs.site_data_dir("tip-kiosk", appauthor=False)) / "content"


@dataclass(frozen=True)
class Settings:
    """Everything an administrator can set. Learners cannot change any of it."""

    __pydantic_config__ = _STRICT

    content_dir: Path = field(default_factory=_default_content_dir)
    """Folder holding programme.yaml and one folder per module."""
    data_dir: Path = field(default_factory=_default_data_dir)
    """Folder for the learner database, logs and the installation secret."""
    language: str = "en"
    """Interface language offered first at sign-in (en, cy)."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    lockout_after: int = 5
    """Wrong PINs allowed before a learner must wait; each further miss doubles the wait."""
    lockout_seconds: int = 30
    """The first wait after too many wrong PINs, in seconds."""
    backup_hours: int = 24
    """How often the learner database is copied to a backup (0 turns backups off)."""

    # -- Site trainers: group sessions and site reports (docs/trainers.md, docs/reports.md) --
    reports_min_cell: Annotated[int, Field(ge=2, le=1000)] = 10
    """Counts of fewer people than this are shown as '<N' in site reports ([reports] min_cell)."""
    group_projector_screen: str = ""
    """The display a group session is presented on, by name; empty picks the first display that
    is not the main one ([group] projector_screen)."""

    def with_overrides(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)


_ADAPTER = TypeAdapter(Settings)
_PATH_FIELDS = {f.name for f in dataclasses.fields(Settings) if f.type in ("Path", Path)}


def load_settings(
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    flags: Mapping[str, Any] | None = None,
) -> Settings:
    """Build the settings from file, environment and flags.

    Args:
        config_file: an explicit file (``--config``); it must exist. Without one, the
            ``TIP_KIOSK_CONFIG`` variable, then the machine-wide file if present, are used.
        environ: the environment (defaults to ``os.environ``).
        flags: values given on the command line, by setting name; ``None`` values are ignored.

    Raises:
        ConfigError: naming the file and key, variable or flag that is wrong.
    """
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}

    path, explicit = _choose_file(config_file, environ)
    if path is not None and (explicit or path.exists()):
        for key, (value, spelled) in _flatten(_read_toml(path)).items():
            if key in _PATH_FIELDS and isinstance(value, str):
                value = str((path.parent / value).expanduser())
            values[key] = value
            origin[key] = f"{path}: key '{spelled}'"

    known = {f.name for f in dataclasses.fields(Settings)}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == ENV_PREFIX + "CONFIG":
            continue
        key = name[len(ENV_PREFIX):].lower()
        if key not in known:
            raise ConfigError(f"Environment variable {name} is not a TIP Kiosk setting.")
        values[key] = value
        origin[key] = f"environment variable {name}"

    for key, value in (flags or {}).items():
        if value is not None:
            values[key] = value
            origin[key] = f"command-line flag --{key.replace('_', '-')}"

    try:
        return _ADAPTER.validate_python(values)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, origin)) from None


def _choose_file(config_file: Path | None, environ: Mapping[str, str]) -> tuple[Path | None, bool]:
    if config_file is not None:
        return Path(config_file), True
    if environ.get(ENV_PREFIX + "CONFIG"):
        return Path(environ[ENV_PREFIX + "CONFIG"]), True
    return machine_config_path(), False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"The configuration file {path} does not exist.") from None
    except OSError as exc:
        raise ConfigError(f"The configuration file {path} cannot be read: {exc.strerror}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The configuration file {path} is not valid TOML: {exc}.") from None


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, tuple[Any, str]]:
    """Map ``{"sync": {"endpoint": x}}`` to ``{"sync_endpoint": (x, "sync.endpoint")}``."""
    flat: dict[str, tuple[Any, str]] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            for inner, (val, spelled) in _flatten(value, f"{prefix}{key}.").items():
                flat[f"{key}_{inner}"] = (val, spelled)
        else:
            flat[key] = (value, f"{prefix}{key}")
    return flat


def _explain(exc: ValidationError, origin: Mapping[str, str]) -> str:
    lines = []
    for err in exc.errors():
        key = str(err["loc"][0]) if err["loc"] else "?"
        where = origin.get(key, f"setting '{key}'")
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            lines.append(f"{where}: not a TIP Kiosk setting (check the spelling; docs/deployment.md lists them all).")
        else:
            lines.append(f"{where}: {err['msg']} (got {err.get('input')!r}).")
    return "The kiosk's configuration has a problem:\n" + "\n".join(lines)
