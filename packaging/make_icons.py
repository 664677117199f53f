"""Render the app icon (resources/icons/app.svg) into the raster files the platforms want.

Writes <out>/statetrace.ico (16-256 px: the Windows executables and the installer) and
<out>/statetrace.png (256 px: the Linux .desktop entry). The SVG stays the one source: the rasters are
build products (build/icons by default), never committed. Qt's SVG renderer draws them, so no extra
dependency (Pillow) is needed; the ICO container is written by hand because Qt's ICO plugin stores a
single size only.

Usage: python packaging/make_icons.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "app.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; 6.11 accepts str only
    buf.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An ICO holding PNG-compressed entries (valid since Windows Vista; 0 in a size byte means 256)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, payload = b"", b""
    for size, png in sorted(images.items()):
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "icons", help="output folder")
    args = parser.parse_args(argv)
    if not SVG.is_file():
        print(f"make_icons: {SVG} is missing", file=sys.stderr)
        return 1
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    images = {size: render_png(SVG, size) for size in ICO_SIZES}
    (out / "statetrace.ico").write_bytes(ico_bytes(images))
    (out / "statetrace.png").write_bytes(images[256])
    print(f"make_icons: wrote statetrace.ico and statetrace.png to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
