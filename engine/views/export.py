"""Tables out of the program: TSV for the clipboard, CSV and XLSX files that carry their query.

One module for the window (Ctrl+C, "Export CSV…/XLSX…") and the CLI (`--csv`, `export`), so a table reads
the same wherever it was taken. The file formats, chosen so Excel opens them without an import dialog:

- **TSV (clipboard):** a header row, then one line per row, tab-separated. A cell holding a tab, a newline
  or a double quote is quoted the way Excel's own copy does (`"a<TAB>b"`, inner quotes doubled), so pasting
  into Excel or LibreOffice gives back the same cells; plain cells are left as they are.
- **CSV:** UTF-8 with a byte-order mark (Excel otherwise reads it as the local code page). First an "about"
  block, one `# key: value` line per `meta` entry (the query, capture times, site, when exported), then one
  blank line, then the header row and the rows. Excel shows the block in column A above the table; a script
  skips lines up to the first blank one (`read_csv` below does). Cells that Excel would run as a formula
  (starting `=`, `+`, `-`, `@`, tab or CR, apart from plain numbers) get a leading `'`, as OWASP advises:
  a port description is typed by whoever configures the switch.
- **XLSX:** sheet "Data" with the header row bold and frozen and an auto-filter; sheet "About" with the
  `meta` as key/value rows. Every text cell is stored as text (never a formula); numbers stay numbers and
  datetimes become Excel dates. Control characters XML cannot carry are dropped.

Both files are written to a temporary name beside the target and renamed over it, so a failed export
leaves no half file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

Cell = object
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# XML 1.0 forbids these; openpyxl raises IllegalCharacterError on them (transcripts can hold ESC, BEL, ...).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMATS = ("csv", "xlsx")


def cell_text(value: Cell) -> str:
    """How a cell reads as text: empty for None, ISO for dates, `str()` for the rest."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def tsv(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The clipboard text of a table: header row and rows, tab-separated, Excel-style quoting."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow([cell_text(c) for c in columns])
    for row in rows:
        writer.writerow([cell_text(c) for c in row])
    return out.getvalue()


def _csv_safe(text: str) -> str:
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_table(path: str | os.PathLike[str], columns: Sequence[str], rows: Iterable[Sequence[Cell]],
                meta: Mapping[str, str] | None = None) -> Path:
    """Write a table to `path`, CSV or XLSX by its suffix, with `meta` (query, capture times) in the file.

    Raises ValueError for another suffix, before anything is written.
    """
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValueError(f"cannot export to {target.name!r}: the name must end in .csv or .xlsx")
    about = dict(meta or {})
    about.setdefault("exported", dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if kind == "csv":
            _write_csv(tmp, columns, rows, about)
        else:
            _write_xlsx(tmp, columns, rows, about)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Cell]],
               about: Mapping[str, str]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        for key, value in about.items():
            # One cell per line: joined onto one line so a newline in a query cannot start a data row.
            fh.write("# " + f"{key}: {value}".replace("\r", " ").replace("\n", " ") + "\r\n")
        fh.write("\r\n")
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([_csv_safe(cell_text(c)) for c in columns])
        for row in rows:
            writer.writerow([_csv_safe(cell_text(c)) for c in row])


def read_csv(path: str | os.PathLike[str]) -> tuple[dict[str, str], list[str], list[list[str]]]:
    """Read back a file `write_table` wrote: (meta, columns, rows), the formula guard left in the cells."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        meta: dict[str, str] = {}
        for line in fh:
            line = line.rstrip("\r\n")
            if not line:
                break
            key, _, value = line.removeprefix("# ").partition(": ")
            meta[key] = value
        table = list(csv.reader(fh))
    columns = table[0] if table else []
    return meta, columns, table[1:]


def _xlsx_value(value: Cell) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        # Excel has no time zones: capture times are kept as printed (docs/capture-time.md), so is this.
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    return _XML_ILLEGAL.sub("", str(value))


def _write_xlsx(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Cell]],
                about: Mapping[str, str]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # Write-only: rows stream to the file, so a 100,000-row export does not build a cell graph in memory.
    book = Workbook(write_only=True)
    data = book.create_sheet("Data")
    data.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(data, value=_XML_ILLEGAL.sub("", str(name)))
        cell.font = bold
        header.append(cell)
    data.append(header)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            converted = _xlsx_value(value)
            cell = WriteOnlyCell(data, value=converted)
            if isinstance(converted, str):
                cell.data_type = "s"  # text stays text: "=cmd|..." in a description is not a formula
            cells.append(cell)
        data.append(cells)
        count += 1
    if columns:
        data.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    sheet = book.create_sheet("About")
    for key, value in about.items():
        key_cell = WriteOnlyCell(sheet, value=_XML_ILLEGAL.sub("", key))
        key_cell.font = bold
        value_cell = WriteOnlyCell(sheet, value=_XML_ILLEGAL.sub("", str(value)))
        value_cell.data_type = "s"
        sheet.append([key_cell, value_cell])
    book.save(path)
