; Inno Setup 6.3+ script for StateTrace Ingest: installs dist\StateTraceIngest (both executables),
; a Start menu group, an uninstaller, and "Open with StateTrace Ingest" for .log transcripts.
; Built by packaging\build.ps1, which passes the version from the package metadata:
;   ISCC.exe /DAppVersion=0.1.0 /DBundleDir=...\dist\StateTraceIngest /DIconFile=...\build\icons\statetrace.ico statetrace.iss
; Installs per user without admin rights by default (analysts rarely have them); the first page offers
; an all-users install to administrators.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (packaging\build.ps1 does, from the package metadata)
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\StateTraceIngest"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\statetrace.ico"
#endif
#define AppName "StateTrace Ingest"
#define GuiExe "statetrace.exe"
#define CliExe "statetrace-cli.exe"
#define ProgId "StateTraceIngest.log"

[Setup]
; The AppId identifies the product for upgrades and uninstall: never change it.
AppId={{6C1D3B8E-5E7A-4C1B-9E2F-3A7D1B0C9F41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=StateTrace
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; The bundle is 64-bit Python: 64-bit Windows only (and 64-bit Access Database Engine, see [Code]).
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#BundleDir}\..
OutputBaseFilename=StateTraceIngest-{#AppVersion}-win64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
; Close a running StateTrace before replacing its files.
CloseApplications=yes

[Tasks]
Name: "logassoc"; Description: "Add ""Open with {#AppName}"" for .log transcripts"; GroupDescription: "File association:"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: files a previous version had and this one dropped must go.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"
; A console in the install folder, so `statetrace-cli ingest ...` works as typed.
Name: "{group}\{#AppName} command line"; Filename: "{cmd}"; Parameters: "/k {#CliExe} --help"; WorkingDir: "{app}"; IconFilename: "{app}\{#CliExe}"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; "Open with" list entry (the app stays out of the default .log handler: analysts read logs in an editor).
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Network device transcript"; Flags: uninsdeletekey; Tasks: logassoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"; Tasks: logassoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: logassoc
Root: HKA; Subkey: "Software\Classes\.log\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: logassoc
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey; Tasks: logassoc
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".log"; ValueData: ""; Tasks: logassoc
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: logassoc
; Right-click verb on any .log file, whatever program owns .log.
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\.log\shell\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Open with {#AppName}"; Flags: uninsdeletekey; Tasks: logassoc
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\.log\shell\{#ProgId}"; ValueType: string; ValueName: "Icon"; ValueData: "{app}\{#GuiExe},0"; Tasks: logassoc
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\.log\shell\{#ProgId}\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: logassoc

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The workspace (%LOCALAPPDATA%\StateTraceIngest: settings, site databases, logs) is user data: the
; uninstaller leaves it.

[Code]
const
  AceOdbcKey = 'SOFTWARE\ODBC\ODBCINST.INI\Microsoft Access Driver (*.mdb, *.accdb)';

{ The Access backend loads the Access Database Engine (ACE) into this 64-bit process: a 32-bit ACE
  (installed with 32-bit Office) cannot load. Warn when only the 32-bit one is present; no ACE at all is
  fine (SQLite is the default backend). }
procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and not RegKeyExists(HKLM64, AceOdbcKey) and RegKeyExists(HKLM32, AceOdbcKey) then
    SuppressibleMsgBox('Only the 32-bit Microsoft Access Database Engine is installed on this computer.' + #13#10 + #13#10 +
      '{#AppName} is a 64-bit program: its Access (.accdb) backend needs the 64-bit Access Database Engine ' +
      '2016 Redistributable (accessdatabaseengine_X64.exe). The default SQLite backend works without it.',
      mbInformation, MB_OK, IDOK);
end;
