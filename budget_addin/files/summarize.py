"""Headless summaries: read a workbook, compute the summary sheets, write them into a copy.

``budget-addin summarize WORKBOOK [-o OUT.xlsm]`` calls :func:`summarize`. The
input sheets, ``xl/vbaProject.bin`` and the ribbon are kept byte for byte (see
:mod:`budget_addin.files.xlsx`); the file is replaced atomically.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from lxml import etree

from budget_addin.core.dataset import Dataset
from budget_addin.core.findings import Finding
from budget_addin.core.model import Book, formula_template
from budget_addin.core.schema import CONFIG_SHEET, OWNED_SHEETS, TABLES, TABLES_BY_KEY
from budget_addin.files.grid import ReadError, Sheet, read_grid, refuse_doctypes, split_cell_ref
from budget_addin.files.package import atomic_write
from budget_addin.files.reader import read_sheets
from budget_addin.rules import run_rules
from budget_addin.summaries import specs as summaries
from budget_addin.summaries.specs import Settings, SheetSpec


def config_pairs(sheet: Sheet | None) -> dict[str, str]:
    """Key (column A) → value (column B) of the ``xlwings.conf`` sheet."""
    if sheet is None:
        return {}
    pairs: dict[str, str] = {}
    for (row, col), cell in sorted(sheet.cells.items()):
        if col == 1 and cell.value:
            value = sheet.get(row, 2)
            pairs[cell.value.strip()] = value.value if value is not None and value.value is not None else ""
    return pairs


def read_all(path: Path) -> dict[str, Sheet]:
    """The input sheets, the stamps of the tool's own sheets (A1:A2 only) and xlwings.conf, in one read."""
    return read_grid(Path(path), {t.sheet for t in TABLES} | set(OWNED_SHEETS) | {CONFIG_SHEET}, set(OWNED_SHEETS))


def summary_specs_for(path: Path, now: datetime | None = None, settings: Settings | None = None) -> list[SheetSpec]:
    """The summary sheet specs of a workbook file (read, checked, computed)."""
    grid = read_all(path)
    result = read_sheets(grid, str(path))
    report = run_rules(result.book)
    result.attach(report)
    summaries.add_stale_findings(
        report, stamps(grid), summaries.fingerprint(result.book.data), summaries.SUMMARY_SHEETS
    )
    settings = settings or summaries.settings_from_config(config_pairs(grid.get(CONFIG_SHEET)))
    return summaries.summary_specs(result.book, report, now or datetime.now(), settings, result.issues)


def summarize(src: Path, out: Path, now: datetime | None = None, settings: Settings | None = None,
              notes: list[str] | None = None) -> list[str]:
    """Write the summary sheets of ``src`` into ``out`` (may be ``src``); returns the sheet names written.

    ``now`` is the time stamped on the sheets (injectable, so two runs can be compared byte for byte).
    A formula cell saved without its result (the workbook was edited by a program that does not
    calculate) gets the engine's value cached beside its formula, as ``publish`` does, and ``notes`` says so.
    """
    from budget_addin.files.xlsx.workbook import write_sheets

    src, out = Path(src), Path(out)
    specs = summary_specs_for(src, now, settings)  # reads src within the limits, or raises ReadError
    package = src.read_bytes()
    refuse_doctypes(package)
    try:
        written = write_sheets(package, specs)
        written, filled = with_cached_values(written, lambda: engine_values(src))
    except (KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError):
        raise ReadError(f"工作簿结构损坏（部件缺失或 XML 无效），无法写入汇总表：{src}") from None
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, written)
    if notes is not None and filled:
        notes.append(f"{filled} 个公式单元格没有保存计算结果（文件由不计算公式的程序保存），已填入本程序计算的值")
    return [spec.name for spec in specs]


Computed = dict[tuple[int, int], object]  # (row, col) → the engine's value of a formula cell
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"  # xlsx.base.MAIN (not imported by `check`)
_C, _F, _V = (f"{{{MAIN}}}{tag}" for tag in ("c", "f", "v"))
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
# a formula followed by no value, or by an empty one (openpyxl writes <v></v>; Excel's empty text result also
# matches and is kept: it has t="str")
_NO_RESULT = re.compile(rb"(?:</f>|<f[^>]*/>)\s*(?:</c>|<v\s*/>|<v>\s*</v>)")


def engine_values(src: Path) -> dict[str, Computed]:
    """Sheet name → the engine's value of every computed cell of the input tables (reads ``src``)."""
    return book_values(read_sheets(read_all(src), str(src)).book)


def book_values(book: Book) -> dict[str, Computed]:
    """Sheet name → the engine's value of every computed cell of the input tables of a book read from a file."""
    values: dict[str, Computed] = {}
    for (table, row, col), ref in book._refs.items():  # the reader's addresses
        if formula_template(TABLES_BY_KEY[table], row, col) is None:
            continue
        sheet, _, address = ref.rpartition("!")
        position = split_cell_ref(address)
        if position is not None:
            try:
                values.setdefault(sheet, {})[position] = book.value(table, row, col)
            except Exception:  # a formula the engine cannot evaluate stays empty
                continue
    return values


def with_cached_values(package: bytes, computed: Callable[[], dict[str, Computed]]) -> tuple[bytes, int]:
    """The package with the engine's value cached in every formula cell saved without one (after an edit by
    a program that does not calculate), so LibreOffice and WPS show values, not #VALUE!/#NAME?; and how many.

    ``computed`` is called only when some formula lacks its result; a package saved by Excel comes back as it was.
    """
    from budget_addin.files.package import rewrite
    from budget_addin.files.xlsx.workbook import read_members, sheet_names_by_part

    members = read_members(package)
    parts = sheet_names_by_part(members)
    if not any(_NO_RESULT.search(members[part]) for part in parts if part in members):
        return package, 0
    values = computed()
    changes: dict[str, bytes | None] = {}
    filled = 0
    for part, name in parts.items():
        if part in members and name in values:
            fixed, count = _cache_formulas(members[part], values[name])
            if fixed is not None:
                changes[part] = fixed
                filled += count
    return (rewrite(package, changes) if changes else package), filled


def _cache_formulas(sheet_xml: bytes, computed: Computed) -> tuple[bytes | None, int]:
    """A worksheet part whose formula cells saved without a result hold the engine's (formulas kept)."""
    from budget_addin.files.xlsx.base import xml_bytes

    root = etree.fromstring(sheet_xml, _PARSER)
    filled = 0
    for cell in root.iter(_C):
        if cell.find(_F) is None:
            continue
        value = cell.find(_V)
        if value is not None and (value.text is not None or cell.get("t") == "str"):
            continue  # a cached result (an empty text counts): Excel's own, kept byte for byte
        position = split_cell_ref(cell.get("r") or "")
        found = computed.get(position) if position is not None else None
        if isinstance(found, bool) or found is None:
            continue
        if value is None:
            value = etree.SubElement(cell, _V)
        if isinstance(found, (int, float, Decimal)) and Decimal(str(found)).is_finite():
            number = Decimal(str(found))
            cell.attrib.pop("t", None)
            value.text = format(number.normalize(), "f") if number == number.to_integral_value() else str(number)
        else:
            cell.set("t", "str")  # a formula's text result, as Excel caches it
            value.text = _XML_FORBIDDEN.sub("", str(found))
        filled += 1
    return (xml_bytes(root) if filled else None), filled


def stamps(grid: dict[str, Sheet]) -> dict[str, object]:
    """Owned sheet name → the text of its stamp cell (A2)."""
    result: dict[str, object] = {}
    for name in OWNED_SHEETS:
        sheet = grid.get(name)
        if sheet is not None:
            cell = sheet.get(2, 1)
            result[name] = cell.value if cell is not None else None
    return result


def stale(book_path: Path) -> list[str]:
    """Owned sheets of a workbook whose stamped fingerprint no longer matches its input values."""
    grid = read_all(book_path)
    current = summaries.fingerprint(read_sheets(grid, str(book_path)).book.data)
    return summaries.stale_sheets(stamps(grid), current)


def stale_findings(book_path: Path, grid: dict[str, Sheet] | None = None, data: Dataset | None = None) -> list[Finding]:
    """One warning per stale owned sheet, for the checks (``budget-addin check``).

    Pass the grid and the data already read to avoid reading the file twice.
    """
    grid = read_all(book_path) if grid is None else grid
    found = stamps(grid)
    if not found:  # no summary sheet: nothing can be stale, and the fingerprint of a long table is not free
        return []
    current = summaries.fingerprint(read_sheets(grid, str(book_path)).book.data if data is None else data)
    return [summaries.stale_finding(name, found[name], current) for name in summaries.stale_sheets(found, current)]


__all__ = ["read_all", "summarize", "stale", "stale_findings", "summary_specs_for", "config_pairs", "stamps",
           "engine_values", "book_values", "with_cached_values"]
