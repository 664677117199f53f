"""Maps the repository's top-level asset folders into the packages at build time (the rest is pyproject.toml).

`ui/` (Designer forms), `resources/` (icons) and `data/` (default settings, sample transcripts) stay at the
repository root, where Designer and the analysts edit them; wheels and editable installs see them as
`statetrace_gui/ui`, `statetrace_gui/resources` and `engine/data`, so `importlib.resources` finds them the
same way in a checkout, an installed wheel and the frozen bundle. pyproject.toml cannot list mapped
packages beside `packages.find`, hence this file.
"""

from pathlib import Path

from setuptools import find_packages, setup

# package -> (folder at the repository root, file patterns shipped from it and its subfolders)
ASSETS = {
    "statetrace_gui.ui": ("ui", ["*.ui"]),
    "statetrace_gui.resources": ("resources", ["*.svg", "*.png", "*.qss"]),
    "engine.data": ("data", ["*.json", "*.log"]),
}

package_dir: dict[str, str] = {}
package_data: dict[str, list[str]] = {"engine": ["py.typed"]}
for package, (folder, patterns) in ASSETS.items():
    for sub in [Path(folder), *sorted(p for p in Path(folder).rglob("*") if p.is_dir())]:
        name = ".".join([package, *sub.relative_to(folder).parts])
        package_dir[name] = sub.as_posix()
        package_data[name] = patterns

setup(
    packages=find_packages(include=["engine*", "statetrace_gui*"]) + list(package_dir),
    package_dir=package_dir,
    package_data=package_data,
)
