<#
.SYNOPSIS
  Builds the Windows bundle dist\StateTraceIngest (statetrace.exe + statetrace-cli.exe) and its installer
  dist\StateTraceIngest-<version>-win64-setup.exe.

.DESCRIPTION
  Run from any folder in Windows PowerShell 5.1 or PowerShell 7:
    powershell -ExecutionPolicy Bypass -File packaging\build.ps1 [-Clean] [-NoInstaller] [-Python <exe>] [-Iscc <exe>]
  Needs: 64-bit CPython 3.11+ (the `py` launcher or -Python), Inno Setup 6.3+ (for the installer).
  Creates .venv if absent and installs the project with its `package` extra (PyInstaller) into it.
  The build is 64-bit: the Access backend then needs the 64-bit Access Database Engine (see README).
#>
[CmdletBinding()]
param(
  [switch]$Clean,        # drop PyInstaller's analysis cache
  [switch]$NoInstaller,  # bundle only, no Inno Setup step
  [string]$Python = "",  # interpreter used to create .venv (default: py -3.11-64, else python)
  [string]$Iscc = ""     # ISCC.exe (default: Inno Setup 6 in Program Files or the user's Programs)
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

# Native commands do not throw on failure: check every exit code.
function Invoke-Native([string]$Exe, [string[]]$Arguments) {
  & $Exe @Arguments
  if ($LASTEXITCODE -ne 0) { throw "'$Exe $($Arguments -join ' ')' failed with exit code $LASTEXITCODE" }
}

$VenvPy = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $VenvPy)) {
  if ($Python) { Invoke-Native $Python @("-m", "venv", ".venv") }
  elseif (Get-Command py -ErrorAction SilentlyContinue) { Invoke-Native py @("-3.11-64", "-m", "venv", ".venv") }
  else { Invoke-Native python @("-m", "venv", ".venv") }
}
$Bits = (& $VenvPy -c "import struct; print(struct.calcsize('P') * 8)").Trim()
if ($Bits -ne "64") {
  throw "$VenvPy is $Bits-bit: build with 64-bit Python (the installer and the ACE guidance assume x64)"
}
Invoke-Native $VenvPy @("-m", "pip", "install", "-q", "--upgrade", "pip")
# The versions CI tested (constraints.txt, `make constraints`), so the bundle does not depend on the day.
Invoke-Native $VenvPy @("-m", "pip", "install", "-q", "-c", "constraints.txt", "-e", ".[package]")

# One version source: pyproject.toml -> package metadata -> exe version resource, installer, --version.
$Version = (& $VenvPy -c "from importlib.metadata import version; print(version('statetrace-ingest'))").Trim()
Write-Host "StateTrace Ingest $Version, $Bits-bit Python"

Invoke-Native $VenvPy @("packaging\make_icons.py", "--out", "build\icons")
$PyiArgs = @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", "dist",
             "--workpath", "build\pyinstaller", "packaging\statetrace.spec")
if ($Clean) { $PyiArgs += "--clean" }
Invoke-Native $VenvPy $PyiArgs

$Bundle = Join-Path $Root "dist\StateTraceIngest"
$Bytes = (Get-ChildItem $Bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum
Write-Host ("Bundle {0}: {1:N1} MB" -f $Bundle, ($Bytes / 1MB))
$Reported = (& "$Bundle\statetrace-cli.exe" --version).Trim()
if ($Reported -ne "StateTrace Ingest $Version") { throw "statetrace-cli.exe --version says '$Reported'" }

# ODBC drivers are per bitness: show which Access driver this 64-bit build will see.
$Drivers = & $VenvPy -c "import pyodbc; print('; '.join(d for d in pyodbc.drivers() if 'Access' in d) or 'none')"
Write-Host "64-bit Access ODBC drivers on this machine: $Drivers"

if (-not $NoInstaller) {
  if (-not $Iscc) {
    $Candidates = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                    "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")
    $Iscc = $Candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $Iscc) {
      $Found = Get-Command iscc -ErrorAction SilentlyContinue
      if ($Found) { $Iscc = $Found.Source }
    }
    if (-not $Iscc) { throw "ISCC.exe not found: install Inno Setup 6.3+ (winget install JRSoftware.InnoSetup) or pass -Iscc" }
  }
  Invoke-Native $Iscc @("/Q", "/DAppVersion=$Version", "/DBundleDir=$Bundle",
                        "/DIconFile=$Root\build\icons\statetrace.ico", "packaging\windows\statetrace.iss")
  Write-Host "Installer: $Root\dist\StateTraceIngest-$Version-win64-setup.exe"
}
