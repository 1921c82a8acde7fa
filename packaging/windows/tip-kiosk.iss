; Inno Setup 6 script for TIP Kiosk on Windows: a per-machine install of the PyInstaller bundle.
; Built by .github/workflows/windows.yml (iscc); it cannot be built on the Linux build machine.
;
; Silent install, as IT deploys it:
;   tip-kiosk-<version>-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART ^
;       /CONFIG="\\server\share\kiosk.toml" /AUTOSTART=yes
; /CONFIG=FILE   copy FILE to %ProgramData%\TIP Kiosk\kiosk.toml (replacing the one there)
; /AUTOSTART=yes start TIP Kiosk when anyone signs in (all users' Startup folder)
; No self-updater: a new version is a new installer, deployed the same way.

; Variant: lean (default; no web engine) or standard (built with
;   python packaging/build.py --bundle-only --variant standard
; then iscc /DVariant=standard ...): plays SCORM/H5P package modules too. Both install to the same
; folder under the same AppId, so installing one replaces the other.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef Variant
  #define Variant "lean"
#endif
#if Variant == "standard"
  #define Stem "tip-kiosk-standard"
#else
  #define Stem "tip-kiosk"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\" + Stem
#endif

[Setup]
AppId={{6F3C1E2A-5B7D-4C8E-9A1F-2D3E4F5A6B7C}
AppName=TIP Kiosk
AppVersion={#AppVersion}
AppPublisher=TIP Kiosk maintainers
DefaultDirName={autopf}\TIP Kiosk
DisableDirPage=yes
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename={#Stem}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
UninstallDisplayIcon={app}\tip-kiosk.exe
CloseApplications=yes
RestartApplications=no

[InstallDelete]
; The bundle's files differ between versions and variants: remove the old ones first, so nothing
; stale stays behind (e.g. the standard variant's web engine under a lean install).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The configuration IT passes with /CONFIG replaces the one on the PC; without /CONFIG a default
; (every setting commented out) is written only if there is none, and uninstalling keeps it.
Source: "{code:ConfigParam}"; DestDir: "{commonappdata}\TIP Kiosk"; DestName: "kiosk.toml"; \
    Flags: external ignoreversion uninsneveruninstall; Check: HasConfigParam
Source: "kiosk.toml"; DestDir: "{commonappdata}\TIP Kiosk"; \
    Flags: onlyifdoesntexist uninsneveruninstall; Check: not HasConfigParam

[Icons]
Name: "{autoprograms}\TIP Kiosk"; Filename: "{app}\tip-kiosk.exe"
Name: "{commonstartup}\TIP Kiosk"; Filename: "{app}\tip-kiosk.exe"; Check: WantAutostart

[Code]
function HasConfigParam(): Boolean;
begin
  Result := ExpandConstant('{param:CONFIG|}') <> '';
end;

function ConfigParam(Param: String): String;
begin
  Result := ExpandConstant('{param:CONFIG|}');
end;

function WantAutostart(): Boolean;
var
  Value: String;
begin
  Value := Lowercase(ExpandConstant('{param:AUTOSTART|no}'));
  Result := (Value = 'yes') or (Value = 'true') or (Value = '1');
end;

function InitializeSetup(): Boolean;
begin
  Result := True;
  if HasConfigParam() and not FileExists(ConfigParam('')) then
  begin
    SuppressibleMsgBox('The configuration file given with /CONFIG was not found: ' + ConfigParam(''),
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;
