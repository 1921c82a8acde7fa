"""Patch the tables wixl 0.101 leaves wrong or out (packaging/windows/msi.py builds, then calls this).

Each table is exported with msiinfo, changed here and imported back whole with msibuild (an
exported table is plain tab-separated text, so no value needs SQL quoting). What changes:

- Component: kiosk.toml is NeverOverwrite + Permanent (upgrades and uninstalls keep IT's edits);
  the autostart shortcut and each setting's writer get their conditions (wixl crashes on
  <Condition> under <Component>); the writers are Permanent, or uninstalling would take IT's
  values back out of kiosk.toml.
- IniFile (wixl has none): one row per setting, and the WriteIniValues/RemoveIniValues actions.
- LaunchCondition: a value kiosk.toml could not hold stops the install before anything changes.
- CreateFolder: every folder of the bundle is removed on uninstall once empty (Wine's msiexec
  leaves a folder that holds only folders, such as _internal).
- Upgrade: an MSI of the same version replaces the installed one too (the other variant, or a
  rebuild), instead of installing a second product over the same files.
- MoveFile/DrLocator/Signature: CONFIG_FOLDER's kiosk.toml is found, then copied in.
- Property: every property of ours is a secure one (SecureCustomProperties).
- AppSearch/RegLocator/CustomAction: AUTOSTART not given on an upgrade keeps the value the last
  install recorded (HKLM\\Software\\TIP Kiosk, Autostart), so an upgrade does not silently turn
  autostart off.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import msi_settings

PERMANENT, NEVER_OVERWRITE = 16, 128
VERSION_MAX_INCLUSIVE = 512  # msidbUpgradeAttributesVersionMaxInclusive
# RegLocator type: a raw registry value (2), read from the 64-bit view (16), where the Win64
# component wrote it.
RAW_VALUE_64 = 2 | 16
HKLM = 2
# CustomAction type 51 sets a property from a formatted text.
SET_PROPERTY = 51

MOVEFILE_HEADER = [
    ["FileKey", "Component_", "SourceName", "DestName", "SourceFolder", "DestFolder", "Options"],
    ["s72", "s72", "L255", "L255", "S72", "s72", "i2"],
    ["MoveFile", "FileKey"],
]
DRLOCATOR_HEADER = [
    ["Signature_", "Parent", "Path", "Depth"],
    ["s72", "S72", "S255", "I2"],
    ["DrLocator", "Signature_", "Parent", "Path"],
]
INIFILE_HEADER = [
    ["IniFile", "FileName", "DirProperty", "Section", "Key", "Value", "Action", "Component_"],
    ["s72", "l255", "S72", "l96", "l128", "l255", "i2", "s72"],
    ["IniFile", "IniFile"],
]


@dataclass
class Table:
    """One exported table: the three header lines of the IDT format, then the rows."""

    header: list[list[str]]
    rows: list[list[str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.header[2][0]

    def column(self, name: str) -> int:
        return self.header[0].index(name)

    def text(self) -> str:
        def escape(value: str) -> str:
            # IDT's own escapes for a tab, newline and carriage return inside a value.
            return value.replace("\t", "\x10").replace("\r", "\x11").replace("\n", "\x19")

        lines = ["\t".join(line) for line in self.header]
        lines += ["\t".join(escape(v) for v in row) for row in self.rows]
        return "\r\n".join(lines) + "\r\n"


def export(msi: Path, table: str) -> Table:
    out = subprocess.run(["msiinfo", "export", str(msi), table], capture_output=True, check=True)
    lines = out.stdout.decode("utf-8").replace("\r\n", "\n").rstrip("\n").split("\n")
    parsed = [line.split("\t") for line in lines]
    return Table(parsed[:3], parsed[3:])


def import_table(msi: Path, table: Table, work: Path) -> None:
    idt = work / f"{table.name}.idt"
    idt.write_bytes(table.text().encode("utf-8"))
    subprocess.run(["msibuild", str(msi), "-i", str(idt)], capture_output=True, check=True)


def patch(msi: Path, work: Path) -> None:
    _components(msi, work)
    _ini_file(msi, work)
    _copy_config(msi, work)
    _launch_conditions(msi, work)
    _remember_autostart(msi, work)
    _secure_properties(msi, work)
    _remove_folders(msi, work)
    _same_version_upgrades(msi, work)


def _components(msi: Path, work: Path) -> None:
    table = export(msi, "Component")
    name, attrs, cond = table.column("Component"), table.column("Attributes"), table.column("Condition")
    conditions = {"Autostart": msi_settings.AUTOSTART_CONDITION}
    conditions |= {component: condition for component, _guid, condition in msi_settings.components()}
    permanent = {"MachineConfig"} | {c for c, _g, _cond in msi_settings.components()}
    for row in table.rows:
        if row[name] in conditions:
            row[cond] = conditions[row[name]]
        if row[name] in permanent:
            row[attrs] = str(int(row[attrs]) | PERMANENT)
        if row[name] == "MachineConfig":
            row[attrs] = str(int(row[attrs]) | NEVER_OVERWRITE)
    import_table(msi, table, work)


def _sequence(msi: Path, work: Path, table_name: str, actions: list[tuple[str, str, int]]) -> None:
    table = export(msi, table_name)
    present = {row[0] for row in table.rows}
    table.rows += [[a, c, str(s)] for a, c, s in actions if a not in present]
    table.rows.sort(key=lambda row: int(row[2]))
    import_table(msi, table, work)


def _ini_file(msi: Path, work: Path) -> None:
    table = Table(INIFILE_HEADER, [[str(v) for v in row] for row in msi_settings.ini_rows()])
    import_table(msi, table, work)
    # The standard places: values come off before files (3100), go on after them (5100).
    _sequence(msi, work, "InstallExecuteSequence",
              [("RemoveIniValues", "", 3100), ("WriteIniValues", "", 5100)])


def _copy_config(msi: Path, work: Path) -> None:
    """CONFIG_FOLDER: copy its kiosk.toml (MoveFile options 0 copies: IT's file stays), found
    first by AppSearch so a launch condition can refuse a folder without one."""
    component = msi_settings.COPY_CONFIG[0]
    table = Table(MOVEFILE_HEADER, [[component, component, "kiosk.toml", msi_settings.INI_FILE,
                                     "CONFIG_FOLDER", msi_settings.CONFIG_DIR, "0"]])
    import_table(msi, table, work)
    import_table(msi, Table(DRLOCATOR_HEADER, [["ConfigFound", "", "[CONFIG_FOLDER]", "0"]]), work)
    signature = export(msi, "Signature")
    signature.rows.append(["ConfigFound", "kiosk.toml"] + [""] * (len(signature.header[0]) - 2))
    import_table(msi, signature, work)
    search = export(msi, "AppSearch")
    search.rows.append(["CONFIG_FOUND", "ConfigFound"])
    import_table(msi, search, work)
    # Before InstallFiles (4000), so a kiosk.toml copied in is never replaced by the default.
    _sequence(msi, work, "InstallExecuteSequence", [("MoveFiles", "", 3800)])


def _launch_conditions(msi: Path, work: Path) -> None:
    table = export(msi, "LaunchCondition")
    table.rows += [[c, d] for c, d in msi_settings.launch_conditions()]
    import_table(msi, table, work)


def _remember_autostart(msi: Path, work: Path) -> None:
    locator = export(msi, "RegLocator")
    locator.rows.append(["AutostartSaved", str(HKLM), r"Software\TIP Kiosk", "Autostart",
                         str(RAW_VALUE_64)])
    import_table(msi, locator, work)
    search = export(msi, "AppSearch")
    search.rows.append(["AUTOSTART_SAVED", "AutostartSaved"])
    import_table(msi, search, work)
    actions = export(msi, "CustomAction")
    width = len(actions.header[0])
    actions.rows.append((["RememberAutostart", str(SET_PROPERTY), "AUTOSTART", "[AUTOSTART_SAVED]"]
                         + [""] * width)[:width])
    import_table(msi, actions, work)
    # After AppSearch (50) has read the saved value, before LaunchConditions (100) check it; in
    # both sequences, as a silent install runs only the execute one.
    steps = [("AppSearch", "", 50), ("RememberAutostart", "NOT AUTOSTART AND AUTOSTART_SAVED", 60)]
    for sequence in ("InstallUISequence", "InstallExecuteSequence"):
        _sequence(msi, work, sequence, steps)


def _secure_properties(msi: Path, work: Path) -> None:
    """Public properties given to a per-machine install reach its elevated part only when listed
    as secure (an interactive install passes them from the UI to the execute sequence)."""
    table = export(msi, "Property")
    ours = ["AUTOSTART", "AUTOSTART_SAVED", "CONFIG_FOLDER", "CONFIG_FOUND"] + [s.prop for s in msi_settings.SETTINGS]
    for row in table.rows:
        if row[0] == "SecureCustomProperties":
            row[1] = ";".join([row[1]] + ours)
            break
    else:
        table.rows.append(["SecureCustomProperties", ";".join(ours)])
    import_table(msi, table, work)


def _remove_folders(msi: Path, work: Path) -> None:
    """Every folder of the bundle becomes a CreateFolder folder of the (always installed) Start-menu
    component, so RemoveFolders, which runs after RemoveFiles, removes it on uninstall once empty.
    Without this Wine's msiexec leaves _internal and Program Files\\TIP Kiosk behind (a folder
    holding only folders); RemoveFile rows do not help there, as Wine works through them before
    it deletes the files."""
    directories = export(msi, "Directory")
    parent = {row[0]: row[1] for row in directories.rows}

    def depth(directory: str) -> int | None:
        steps = 0
        while directory != "INSTALLDIR":
            if not directory:
                return None
            directory, steps = parent.get(directory, ""), steps + 1
        return steps

    ours = sorted((d for d in parent if depth(d) is not None), key=lambda d: (-depth(d), d))
    created = export(msi, "CreateFolder")
    created.rows += [[directory, "StartMenuShortcut"] for directory in ours]
    import_table(msi, created, work)


def _same_version_upgrades(msi: Path, work: Path) -> None:
    table = export(msi, "Upgrade")
    attrs, action = table.column("Attributes"), table.column("ActionProperty")
    for row in table.rows:
        if row[action] == "WIX_UPGRADE_DETECTED":
            row[attrs] = str(int(row[attrs]) | VERSION_MAX_INCLUSIVE)
    import_table(msi, table, work)
