"""Machine settings, declared once.

A TOML table flattens into prefixed names: ``[sync] endpoint = ...`` sets ``sync_endpoint``, which
the environment spells ``TIP_KIOSK_SYNC_ENDPOINT``.

Settings are read in layers, each overriding the one before: the defaults below, the machine-wide
TOML file, ``TIP_KIOSK_*`` environment variables, then command-line flags. A bad value is reported
with where it came from (file and key, variable, or flag), never as a traceback.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from kiosk.core.errors import ConfigError
from kiosk.core.settings_check import Check, InvalidSettingsError, MaxItems, Prepare, Range, build

ENV_PREFIX = "TIP_KIOSK_"


def machine_config_path() -> Path:
    """Where IT puts the machine-wide configuration file on this platform."""
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "TIP Kiosk" / "kiosk.toml"
    return Path("/etc/tip-kiosk/kiosk.toml")


def _default_data_dir() -> Path:
    import platformdirs  # imported only when a default folder is needed (start-up time)

    # Windows: %LOCALAPPDATA%\TIP Kiosk, named as in Program Files and ProgramData.
    name = "TIP Kiosk" if sys.platform == "win32" else "tip-kiosk"
    return Path(platformdirs.user_data_dir(name, appauthor=False))


def _default_content_dir() -> Path:
    import platformdirs

    from kiosk.core.bundle import bundled_content_dir

    # An installed bundle starts on the sample programme it carries.
    return bundled_content_dir() or Path(platformdirs.site_data_dir("tip-kiosk", appauthor=False)) / "content"


def _split_keys(value: Any) -> Any:
    # The environment spells a list as one string: TIP_KIOSK_PACKS_TRUSTED_KEYS="key1,key2".
    return [part for part in value.replace(",", " ").split()] if isinstance(value, str) else value


def _ed25519_public_key(value: str) -> str:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ValueError("must be an Ed25519 public key: the base64 text in the .pub file made by "
                         "'tip-kiosk pack keygen'")
    return value


TrustedKeys = Annotated[tuple[Annotated[str, Check(_ed25519_public_key)], ...],
                        Prepare(_split_keys), MaxItems(2)]


@dataclass(frozen=True)
class Settings:
    """Everything an administrator can set. Learners cannot change any of it."""

    content_dir: Path = field(default_factory=_default_content_dir)
    """Folder holding programme.yaml and one folder per module."""
    data_dir: Path = field(default_factory=_default_data_dir)
    """Folder for the learner database, logs and backups (and, on a development run, the
    installation secret: see secrets_dir)."""
    secrets_dir: Path | None = None
    """Folder outside the data folder for the installation key and organisation secret (root,
    0700); default /etc/tip-kiosk/secrets where it exists (kiosk/core/keystore.py)."""
    language: str = "en"
    """Interface language offered first at sign-in (en, cy)."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    lockout_after: int = 5
    """Wrong PINs allowed before a learner must wait; each further miss doubles the wait."""
    lockout_seconds: int = 30
    """The first wait after too many wrong PINs, in seconds."""
    signin_guesses_per_day: Annotated[int, Range(ge=1, le=1000)] = 10
    """Wrong PINs one learner code gets in any 24 hours; a right PIN does not refill them
    (kiosk/core/throttle.py, docs/privacy.md "Guessing a PIN")."""
    signin_kiosk_guesses_per_hour: Annotated[int, Range(ge=1, le=10000)] = 30
    """Wrong sign-ins on this kiosk, all learner codes together, in any hour."""
    signin_kiosk_guesses_per_day: Annotated[int, Range(ge=1, le=100000)] = 100
    """Wrong sign-ins on this kiosk, all learner codes together, in any 24 hours."""
    pin_min_digits: Annotated[int, Range(ge=4, le=8)] = 6
    """The fewest digits a new PIN may have; PINs chosen before keep working whatever their length."""
    backup_hours: int = 24
    """How often the learner database is copied to a backup (0 turns backups off)."""

    # -- Signed content packs (issue 7; kiosk/core/packs, docs/deployment.md) ------------------
    packs_trusted_keys: TrustedKeys = ()
    """Public keys whose signed content packs this kiosk installs (base64, as in the .pub file):
    the current key and, while rotating, the next one; at most two."""
    packs_max_size_mb: Annotated[int, Range(ge=1)] = 4096
    """A pack may unpack to at most this many megabytes (MiB)."""
    packs_max_files: Annotated[int, Range(ge=1)] = 20_000
    """A pack may hold at most this many files."""

    # -- Shared PC: idle sign-out (issue 5, learner care) ---------------------------------------
    idle_timeout_minutes: Annotated[int, Range(ge=0, le=240)] = 10
    """Minutes without any input before the kiosk asks "Are you still there?" and, 60 seconds
    later, saves the learner's progress and signs them out. Never while a video is playing.
    0 turns idle sign-out off."""

    # -- IT: kiosk lockdown, admin panel and diagnostics ------------------------------------
    kiosk_mode: bool = False
    """Full screen with no window frame; the kiosk's own quit and close keys do nothing, and only
    the admin panel (behind the admin passphrase) can close it. The operating system must block
    its own shortcuts: see "Kiosk lockdown" in docs/deployment.md."""
    admin_passphrase_hash: str = ""
    """The admin passphrase, as the hash printed by `tip-kiosk admin set-passphrase --print`.
    When set, it is used instead of a passphrase stored on the PC, so one file serves many PCs."""
    admin_lockout_after: int = 3
    """Wrong admin passphrases allowed before a wait; each further miss doubles the wait."""
    admin_lockout_seconds: int = 60
    """The first wait after too many wrong admin passphrases, in seconds."""
    min_free_disk_mb: int = 1024
    """`tip-kiosk doctor` warns when the data folder's disk has less free space than this."""

    # -- Sync of anonymised records to the organisation's LRS (kiosk/core/records.py, sync.py;
    #    docs/deployment.md "Sync", docs/privacy.md) ---------------------------------------------
    sync_endpoint: str = ""
    """xAPI endpoint of the Learning Record Store, e.g. https://lrs.example.org/xAPI ("" = no sync)."""
    sync_key: str = ""
    """LRS key (HTTP Basic user name)."""
    sync_secret: str = field(default="", repr=False)
    """LRS secret (HTTP Basic password); prefer sync_secret_file."""
    sync_secret_file: Path | None = None
    """A file holding the LRS secret (readable only by the kiosk's account)."""
    sync_privacy_mode: Literal["pseudonymous", "anonymous"] = "pseudonymous"
    """pseudonymous: one learner's records link up under a keyed pseudonym; anonymous: never."""
    sync_organisation_secret: str = field(default="", repr=False)
    """The organisation's pseudonym key, the same on all its kiosks; prefer the _file form."""
    sync_organisation_secret_file: Path | None = None
    """A file holding the organisation's pseudonym key."""
    sync_account_home_page: str = "https://tip-kiosk.invalid/learners"
    """homePage of the xAPI account that names a learner (the organisation's own address)."""
    sync_activity_base: str = "https://tip-kiosk.invalid/xapi"
    """Base IRI of the activities (programme, modules, steps) the records describe."""
    sync_time_precision: Literal["day", "hour", "none"] = "day"
    """How precisely a record says when something happened: day (default), hour, or none (exact)."""
    sync_batch_size: Annotated[int, Range(ge=1, le=1000)] = 100
    """Records per request to the LRS."""
    sync_retention_days: Annotated[int, Range(ge=0)] = 30
    """Days a delivered record is kept on the PC before it is deleted."""
    sync_ca_bundle: Path | None = None
    """PEM file of the certificate authorities to trust for the LRS (default: the public ones)."""
    sync_connect_timeout: Annotated[float, Range(gt=0)] = 10.0
    """Seconds to wait for a connection to the LRS."""
    sync_read_timeout: Annotated[float, Range(gt=0)] = 30.0
    """Seconds to wait for the LRS to answer a request."""
    sync_interval_minutes: Annotated[int, Range(ge=1)] = 15
    """How often the kiosk tries to send while it runs (and at once when a network appears)."""
    sync_mix_learners: Annotated[int, Range(ge=2, le=1000)] = 5
    """k: unlinked records (survey answers; everything in anonymous mode) wait until the day has
    ended and leave in requests that mix at least this many learners, or one record per request."""

    # -- video (issue 3) --------------------------------------------------------------------
    video_vlc_options: str = ""
    """Extra libVLC options, separated by spaces, for IT to work around a PC's video or sound
    drivers (e.g. "--avcodec-hw=none" or "--vout=xcb_x11"). TOML: [video] vlc_options."""

    # -- Site trainers: group sessions and site reports (docs/trainers.md, docs/reports.md) --
    reports_min_cell: Annotated[int, Range(ge=2, le=1000)] = 10
    """Counts of fewer people than this are shown as '<N' in site reports ([reports] min_cell)."""
    reports_folder: str = ""
    """Where trainers save site reports, besides removable media; empty: the kiosk account's
    Documents folder. Never the data folder ([reports] folder)."""
    group_projector_screen: str = ""
    """The display a group session is presented on, by name; empty picks the first display that
    is not the main one ([group] projector_screen)."""
    group_idle_timeout_minutes: Annotated[int, Range(ge=0, le=480)] = 30
    """Minutes without input on a group session's screen before "Still presenting?" and, after
    the countdown, the trainer's sign-out (the session is kept for resuming). 0: never
    ([group] idle_timeout_minutes)."""

    def with_overrides(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


_PATH_FIELDS = {f.name for f in dataclasses.fields(Settings) if f.type in ("Path", Path, "Path | None")}


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
        return build(Settings, values)
    except InvalidSettingsError as exc:
        raise ConfigError(_explain(exc, origin)) from None


def _choose_file(config_file: Path | None, environ: Mapping[str, str]) -> tuple[Path | None, bool]:
    if config_file is not None:
        return Path(config_file), True
    if environ.get(ENV_PREFIX + "CONFIG"):
        return Path(environ[ENV_PREFIX + "CONFIG"]), True
    return machine_config_path(), False


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # imported only when there is a file to read (start-up time)

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


def _explain(exc: InvalidSettingsError, origin: Mapping[str, str]) -> str:
    lines = []
    for key, kind, message, value in exc.problems:
        where = origin.get(key, f"setting '{key}'")
        if kind == "unknown":
            lines.append(f"{where}: not a TIP Kiosk setting (check the spelling; docs/deployment.md lists them all).")
        elif _is_secret(key):
            # Error text reaches logs, screens and support tickets: a secret's value never does.
            lines.append(f"{where}: {message} (the value is not shown because it is a secret).")
        else:
            lines.append(f"{where}: {message} (got {value!r}).")
    return "The kiosk's configuration has a problem:\n" + "\n".join(lines)


def _is_secret(key: str) -> bool:
    """Settings whose values are never echoed: those hidden from repr, and any whose name says
    secret, passphrase or password (so a new one is covered without being listed here)."""
    hidden = {f.name for f in dataclasses.fields(Settings) if not f.repr}
    return key in hidden or any(word in key for word in ("secret", "passphrase", "password"))
