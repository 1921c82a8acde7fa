"""The MSI public properties IT sets at install, and how each lands in kiosk.toml.

A property is the setting's own name in capitals (``SYNC_ENDPOINT`` sets ``sync_endpoint``, as
``TIP_KIOSK_SYNC_ENDPOINT`` does), written by the MSI's IniFile table as ``[sync]`` /
``endpoint='...'``: the kiosk's loader flattens the table back to ``sync_endpoint``. Only settings
with an underscore can be written so (an INI line always has a section).

Values are written as TOML *literal* strings ('...'): no escapes, so a Windows path's backslashes
stay as typed, and the loader turns '30' into a number and 'true' into a boolean as it does for
environment variables. A literal string cannot hold an apostrophe: a launch condition refuses
such a value before anything is installed. A property not given writes nothing (its component's
condition is false), so the file's default, or IT's earlier edit, stays.

No secret is offered as a property: msiexec's verbose log (/l*v) records every property's value.
The secret *files* are offered instead.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

# Component GUIDs are derived from the property, so every version of the MSI uses the same ones.
_GUIDS = uuid.UUID("3f0c6a52-1c0e-4a9f-8d51-7b7e25f0a1c4")


@dataclass(frozen=True)
class MsiSetting:
    setting: str
    """The Settings field (kiosk/core/config.py)."""
    choices: tuple[str, ...] = ()
    """Values the property may take (checked at install); empty: any text without an apostrophe."""
    boolean: bool = False
    """Written as a TOML true/false from yes/no, true/false or 1/0."""

    @property
    def prop(self) -> str:
        return self.setting.upper()

    @property
    def section(self) -> str:
        return self.setting.partition("_")[0]

    @property
    def key(self) -> str:
        return self.setting.partition("_")[2]

    def component(self, suffix: str = "") -> str:
        return "Set" + "".join(part.title() for part in self.setting.split("_")) + suffix

    def guid(self, suffix: str = "") -> str:
        return str(uuid.uuid5(_GUIDS, self.component(suffix))).upper()


SETTINGS: tuple[MsiSetting, ...] = (
    MsiSetting("kiosk_mode", boolean=True),
    MsiSetting("admin_passphrase_hash"),
    MsiSetting("content_dir"),
    MsiSetting("data_dir"),
    MsiSetting("idle_timeout_minutes"),
    MsiSetting("packs_trusted_keys"),
    MsiSetting("reports_folder"),
    MsiSetting("sync_endpoint"),
    MsiSetting("sync_key"),
    MsiSetting("sync_secret_file"),
    MsiSetting("sync_privacy_mode", choices=("pseudonymous", "anonymous")),
    MsiSetting("sync_organisation_secret_file"),
    MsiSetting("sync_account_home_page"),
    MsiSetting("sync_activity_base"),
    MsiSetting("sync_ca_bundle"),
)

_YES = ('~="yes"', '~="true"', '="1"')
_NO = ('~="no"', '~="false"', '="0"')


def _any_of(prop: str, tests: tuple[str, ...]) -> str:
    return " OR ".join(f"{prop}{test}" for test in tests)


# The Startup shortcut's component condition. It must also hold while uninstalling, or the
# shortcut is left behind when the uninstall is run without the property.
AUTOSTART_CONDITION = f'{_any_of("AUTOSTART", _YES)} OR REMOVE~="ALL"'

# CONFIG_FOLDER=DIR copies the kiosk.toml in DIR (a share, a USB stick) over the one in ProgramData
# (MoveFile table, before the properties are written on top). A folder, not a file: AppSearch
# can then check the file is there (CONFIG_FOUND) and a launch condition stop the install if not.
# Its component is Permanent, like the rest of the configuration.
COPY_CONFIG = ("CopyConfig", str(uuid.uuid5(_GUIDS, "CopyConfig")).upper(), "CONFIG_FOLDER")

# The file the IniFile rows write: short|long name, as the Filename column type wants.
INI_FILE = "KIOSK~1.TOM|kiosk.toml"
CONFIG_DIR = "CONFIGDIR"


def components() -> list[tuple[str, str, str]]:
    """(component, GUID, condition) for the CONFIG_FILE copy and each setting's writer (a boolean
    has one for each value)."""
    rows = [COPY_CONFIG]
    for s in SETTINGS:
        if s.boolean:
            rows.append((s.component("On"), s.guid("On"), _any_of(s.prop, _YES)))
            rows.append((s.component("Off"), s.guid("Off"), _any_of(s.prop, _NO)))
        else:
            rows.append((s.component(), s.guid(), s.prop))
    return rows


def ini_rows() -> list[tuple[str, str, str, str, str, str, int, str]]:
    """IniFile table rows: (IniFile, FileName, DirProperty, Section, Key, Value, Action, Component_).

    Action 0 adds the line or replaces the key's value in its section."""
    rows = []
    for s in SETTINGS:
        if s.boolean:
            for suffix, value in (("On", "true"), ("Off", "false")):
                rows.append((s.component(suffix), INI_FILE, CONFIG_DIR, s.section, s.key, value, 0,
                             s.component(suffix)))
        else:
            rows.append((s.component(), INI_FILE, CONFIG_DIR, s.section, s.key, f"'[{s.prop}]'", 0,
                         s.component()))
    return rows


def launch_conditions() -> list[tuple[str, str]]:
    """LaunchCondition rows (condition that must hold, message when it does not)."""
    rows = [(f"NOT AUTOSTART OR {_any_of('AUTOSTART', _YES + _NO)}",
             "AUTOSTART must be yes or no."),
            ("NOT CONFIG_FOLDER OR CONFIG_FOUND",
             "CONFIG_FOLDER must be a folder holding kiosk.toml: [CONFIG_FOLDER] has none.")]
    for s in SETTINGS:
        if s.boolean:
            rows.append((f"NOT {s.prop} OR {_any_of(s.prop, _YES + _NO)}",
                         f"{s.prop} must be yes or no (or true/false, 1/0)."))
        elif s.choices:
            allowed = " OR ".join(f'{s.prop}="{c}"' for c in s.choices)
            rows.append((f"NOT {s.prop} OR {allowed}", f"{s.prop} must be one of: {', '.join(s.choices)}."))
        else:
            # TipApostrophe is a private property holding "'" (tip-kiosk.wxs): a literal string
            # in kiosk.toml cannot hold one, and a broken kiosk.toml would stop the kiosk.
            rows.append((f"NOT ({s.prop} >< TipApostrophe)",
                         f"{s.prop} cannot contain an apostrophe ('): kiosk.toml could not hold it."))
    return rows
