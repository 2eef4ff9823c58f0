"""Read the cell grid of an ``.xlsx``/``.xlsm`` straight from its XML parts.

The headless adapter: no Excel, no openpyxl object model, only the parts the
reader needs (sheet names, cell values as stored, number formats, merged
ranges). Fast enough that checking a workbook costs less than opening it with
openpyxl.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO
from xml.etree import ElementTree as ET

from budget_addin.core.layout import split_ref

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
M = "{" + NS["m"] + "}"
_C, _V, _F, _SHEET_DATA = M + "c", M + "v", M + "f", M + "sheetData"
HEAD_ROWS = 2  # rows read of a sheet named in read_grid's ``heads``
_split_ref = lru_cache(maxsize=1 << 14)(split_ref)  # the same A1 addresses recur in every workbook of a batch
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 49: "@"}


class ReadError(Exception):
    """A workbook that cannot be read at all; the message is Chinese and says why."""


@dataclass
class RawCell:
    """A cell as stored: value (str for text, str of digits for numbers), type and number format."""

    value: str | None
    kind: str  # "n" number, "s" text, "b" bool, "e" error, "f" formula without cached value
    num_format: str = "General"
    formula: str | None = None


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    max_row: int = 0
    formulas_known: bool = True  # False when read through .value only (xlwings), where formulas are not seen

    def get(self, row: int, col: int) -> RawCell | None:
        return self.cells.get((row, col))

    def merge_anchor(self, row: int, col: int) -> tuple[int, int] | None:
        """Top-left cell of the merged range holding (row, col), if it is not itself the anchor."""
        for r1, c1, r2, c2 in self.merged:
            if r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1):
                return r1, c1
        return None


def _open(path: Path) -> zipfile.ZipFile:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise ReadError(f"找不到文件：{path}") from None
    except PermissionError:
        raise ReadError(f"文件被锁定或没有读取权限：{path}（请关闭正在使用它的程序后重试）") from None
    except IsADirectoryError:
        raise ReadError(f"这是一个文件夹，不是工作簿：{path}") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(f"文件已加密或为旧版 .xls 格式，无法读取：{path}（请另存为 .xlsx/.xlsm，且不设打开密码）")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ReadError(f"文件已损坏或不是 Excel 工作簿：{path}") from None


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    try:
        root = ET.fromstring(archive.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    return ["".join(t.text or "" for t in si.iter(M + "t")) for si in root.iter(M + "si")]


def _formats(archive: zipfile.ZipFile) -> list[str]:
    try:
        root = ET.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return []
    custom = {int(n.get("numFmtId", 0)): n.get("formatCode", "") for n in root.iter(M + "numFmt")}
    xfs = root.find(M + "cellXfs")
    result = []
    for xf in xfs if xfs is not None else []:
        number = int(xf.get("numFmtId", 0))
        result.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
    return result


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name, in workbook order."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(PKG_REL)}
    result: dict[str, str] = {}
    for sheet in workbook.iter(M + "sheet"):
        target = targets.get(sheet.get(REL_NS + "id"), "")
        result[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return result


def read_grid(path: Path, wanted: set[str] | None = None, heads: set[str] | frozenset[str] = frozenset()) -> dict[str, Sheet]:
    """The sheets of a workbook (only ``wanted`` ones when given).

    Of the sheets in ``heads`` only the first two rows are read (a summary sheet's title and stamp):
    the parser stops there instead of reading a sheet of thousands of rows for one cell.
    """
    archive = _open(path)
    with archive:
        try:
            paths = sheet_paths(archive)
            strings = _shared_strings(archive)
            formats = _formats(archive)
            sheets: dict[str, Sheet] = {}
            for name, part in paths.items():
                if wanted is not None and name not in wanted:
                    continue
                if name in heads:
                    with archive.open(part) as handle:
                        sheets[name] = _read_head(name, handle, strings, formats, HEAD_ROWS)
                    continue
                sheets[name] = _read_sheet(name, archive.read(part), strings, formats)
        except (KeyError, ET.ParseError) as exc:
            raise ReadError(f"工作簿结构损坏，无法读取：{path}（{exc}）") from None
    return sheets


def _fill(sheet: Sheet, elements: Iterable[ET.Element], strings: list[str], formats: list[str],
          last_row: int | None = None) -> None:
    """Put the ``<c>`` elements into the sheet (up to ``last_row``): the hot loop of a batch, kept inline."""
    cells = sheet.cells
    for c in elements:
        attrib = c.attrib
        ref = attrib.get("r")
        if ref is None:
            continue
        value: str | None = None
        formula: str | None = None
        for child in c:
            if child.tag == _V:
                value = child.text
            elif child.tag == _F:
                formula = child.text
        kind = attrib.get("t", "n")
        if kind == "s" and value is not None:
            value = strings[int(value)]
        elif kind == "inlineStr":
            value, kind = "".join(t.text or "" for t in c.iter(M + "t")), "s"
        elif kind == "str":
            kind = "s"
        if value is None and formula is None:
            continue
        if value is None:
            kind = "f"
        row, col = _split_ref(ref)
        if last_row is not None and row > last_row:
            return
        style = int(attrib.get("s", 0))
        cells[(row, col)] = RawCell(value, kind, formats[style] if style < len(formats) else "General", formula)
        if row > sheet.max_row:
            sheet.max_row = row


def _head_cells(handle: IO[bytes]) -> Iterator[ET.Element]:
    """The ``<c>`` elements of a sheet part as the parser reaches them (so reading can stop early)."""
    parser = ET.XMLPullParser(events=("end",))
    while chunk := handle.read(1 << 14):
        parser.feed(chunk)
        for _event, element in parser.read_events():
            if element.tag == _SHEET_DATA:
                return
            if element.tag == _C:
                yield element


def _read_head(name: str, handle: IO[bytes], strings: list[str], formats: list[str], last_row: int) -> Sheet:
    sheet = Sheet(name)
    _fill(sheet, _head_cells(handle), strings, formats, last_row)
    return sheet


def _read_sheet(name: str, xml: bytes, strings: list[str], formats: list[str]) -> Sheet:
    sheet = Sheet(name)
    root = ET.fromstring(xml)
    _fill(sheet, root.iter(_C), strings, formats)
    for merge in root.iter(M + "mergeCell"):
        first, _, last = (merge.get("ref") or "").partition(":")
        if first and last:
            r1, c1 = split_ref(first)
            r2, c2 = split_ref(last)
            sheet.merged.append((r1, c1, r2, c2))
    return sheet
