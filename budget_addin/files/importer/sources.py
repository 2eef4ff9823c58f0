"""Any table file as grids of cells: ``.xlsx``/``.xlsm`` (the project's own grid reader),
``.xls`` (python-calamine) and ``.csv`` (encoding detected by charset-normalizer).

A :class:`Grid` keeps each cell's value (``Decimal`` for a stored number, ``str`` for text),
whether it was shown as a percentage, its A1 reference, and the merged ranges, so a header
spread over merged cells can be read as one.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from budget_addin.core.layout import col_letter
from budget_addin.core.numbers import to_decimal
from budget_addin.files.documents import decode_text
from budget_addin.files.grid import ReadError, Sheet, read_grid
from budget_addin.files.guards import shown_name
from budget_addin.files.limits import LimitExceeded, Limits, check_file_size, current, describe

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


@dataclass(frozen=True, slots=True)
class Cell:
    """A source cell: its value and whether its number format shows a percentage."""

    value: Decimal | str
    percent: bool = False
    formula: bool = False  # a formula without a stored result: a figure that cannot be read


@dataclass
class Grid:
    """One sheet of a source file."""

    file: str
    sheet: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (1-based)
    _rows: dict[int, dict[int, Cell]] | None = field(default=None, repr=False, compare=False)
    table_no: int | None = None  # a table of a document: its number, and the text lines put above it
    lines_above: int = 0
    page: int | None = None  # a table of a PDF: the page it starts on, and the page of each row (1-based rows)
    row_pages: dict[int, int] = field(default_factory=dict)

    @property
    def max_row(self) -> int:
        return max((r for r, _c in self.cells), default=0)

    @property
    def max_col(self) -> int:
        return max((c for _r, c in self.cells), default=0)

    def get(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def row(self, row: int) -> dict[int, Cell]:
        """The non-empty cells of a row, by column (indexed on first use)."""
        if self._rows is None:
            self._rows = {}
            for (r, c), cell in sorted(self.cells.items()):
                self._rows.setdefault(r, {})[c] = cell
        return self._rows.get(row, {})

    def shown(self, row: int, col: int) -> Cell | None:
        """The cell as shown: a cell inside a merged range shows its anchor's value."""
        cell = self.cells.get((row, col))
        if cell is not None:
            return cell
        for r1, c1, r2, c2 in self.merged:
            if r1 <= row <= r2 and c1 <= col <= c2:
                return self.cells.get((r1, c1))
        return None

    def where(self, row: int, col: int) -> str:
        """The cell as a reader finds it: ``收支.xlsx › Sheet1!B7`` (a .csv has no sheet)."""
        if self.table_no is not None:
            return f"{self.file} › 第{self.table_no}个表格第{row - self.lines_above}行第{col}列"
        ref = f"{col_letter(col)}{row}"
        return f"{self.file} › {ref}" if self.sheet == "" else f"{self.file} › {self.sheet}!{ref}"


def stored_number(value: float | int) -> Decimal:
    """A stored number as the decimal that was typed: the shortest repr (562.18, not 562.1799…), 6 not 6.0."""
    number = to_decimal(value)
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def is_table_file(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def read_grids(path: Path) -> list[Grid]:
    """Every non-empty sheet of a table file (raises ReadError with a Chinese reason)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ReadError(f"找不到文件：{path}")
    if suffix == ".csv":
        return [_csv_grid(path)]
    if suffix == ".xls":
        return _calamine_grids(path)
    return _xlsx_grids(path)


def _xlsx_grids(path: Path) -> list[Grid]:
    return grids_of(shown_name(path), read_grid(path))


def grids_of(file: str, sheets: dict[str, Sheet]) -> list[Grid]:
    """The sheets of a workbook read by :func:`~budget_addin.files.grid.read_grid`, as grids."""
    grids = []
    for name, sheet in sheets.items():
        grid = Grid(file, name, merged=list(sheet.merged))
        for (row, col), raw in sheet.cells.items():
            if raw.kind == "f":  # a formula saved without its result (written by a program, never opened)
                grid.cells[(row, col)] = Cell(f"={raw.formula}", formula=True)
                continue
            if raw.value is None or raw.value == "":
                continue
            if raw.kind == "n":
                try:
                    number = stored_number(float(raw.value))
                except (ValueError, InvalidOperation):
                    continue
                grid.cells[(row, col)] = Cell(number, "%" in raw.num_format)
            elif raw.kind == "s" and raw.value.strip():
                grid.cells[(row, col)] = Cell(raw.value)
        if grid.cells:
            grids.append(grid)
    return grids


XLS_SECONDS = 300  # a .xls read longer than this is given up


def _calamine_grids(path: Path) -> list[Grid]:
    """The sheets of a .xls, read by python-calamine in a child process.

    calamine is native code that can abort the whole process on a damaged file (a Rust panic);
    in a child, such an abort becomes an unreadable-file message and the command goes on.
    """
    import json
    import subprocess
    import sys

    limits = current()
    try:
        check_file_size(path.stat().st_size, limits)
    except LimitExceeded as exc:
        raise ReadError(f"{path}：{exc}") from None
    try:
        done = subprocess.run([sys.executable, "-m", "budget_addin.files.importer.sources", os.fsdecode(path)],
                              capture_output=True, timeout=XLS_SECONDS, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ReadError(f"无法读取 .xls 文件：{path}（{XLS_SECONDS} 秒内未读完）") from None
    try:
        answer = json.loads(done.stdout) if done.returncode == 0 else None
    except ValueError:
        answer = None
    if answer is None:
        raise ReadError(f"无法读取 .xls 文件：{path}（文件已损坏，读取程序异常退出）")
    if "error" in answer:
        raise ReadError(f"无法读取 .xls 文件：{path}（{answer['error']}）")
    grids = []
    for sheet in answer["sheets"]:
        grid = Grid(shown_name(path), sheet["name"])
        for r, c, value in sheet["cells"]:
            grid.cells[(r, c)] = Cell(stored_number(value) if isinstance(value, (int, float)) else value)
        grid.merged.extend(tuple(m) for m in sheet["merged"])
        grids.append(grid)
    return grids


def _read_xls(name: str) -> dict[str, object]:
    """What the child process answers: every non-empty sheet's cells and merges, or the error."""
    from python_calamine import CalamineWorkbook

    limits = current()
    try:
        data = Path(name).read_bytes()  # read by Python: a name that is not UTF-8 is still found
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        count = 0
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            cells = []
            for r, values in enumerate(sheet.to_python(skip_empty_area=False), start=1):
                if r > limits.max_rows:
                    return {"error": f"超过{describe('max_rows', limits)}"}
                for c, value in enumerate(values, start=1):
                    if value is None or isinstance(value, bool) or value == "":
                        continue
                    if isinstance(value, (int, float)):
                        if value != value or value in (float("inf"), float("-inf")):
                            continue
                        cells.append((r, c, value))
                    elif str(value).strip():
                        cells.append((r, c, str(value)))
                count += len(cells)
                if count > limits.max_cells:
                    return {"error": f"超过{describe('max_cells', limits)}"}
            merged = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []]
            if cells:
                sheets.append({"name": sheet_name, "cells": cells, "merged": merged})
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for damaged files
        return {"error": str(exc) or type(exc).__name__}
    return {"sheets": sheets}


def _csv_grid(path: Path) -> Grid:
    """A CSV file as one grid, within the limits: file size, one field, rows and cells (refused at once past one)."""
    limits = current()
    try:
        check_file_size(path.stat().st_size, limits)
        text = decode_text(path.read_bytes())
    except (ReadError, LimitExceeded) as exc:
        raise ReadError(f"{path}：{exc}") from None
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    grid = Grid(shown_name(path), "")
    cells = grid.cells
    csv.field_size_limit(limits.max_field_kb * 1024)
    rows = csv.reader(_lines(text), dialect)
    r = 0
    try:
        for r, values in enumerate(rows, start=1):
            if r > limits.max_rows:
                raise ReadError(f"{path}：超过{describe('max_rows', limits)}")
            for c, value in enumerate(values, start=1):
                if value and not value.isspace():
                    cells[(r, c)] = Cell(value.strip())
            if len(cells) > limits.max_cells:
                raise ReadError(f"{path}：超过{describe('max_cells', limits)}")
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ReadError(f"{path}：第 {r + 1} 行有一个字段超过{describe('max_field_kb', limits)}") from None
        raise ReadError(f"{path}：第 {r + 1} 行无法按 CSV 读取（{exc}）") from None
    if not cells:
        raise ReadError(f"{path}：CSV 文件中没有任何内容")
    return grid


def _lines(text: str) -> Iterator[str]:
    """The lines of a text with their endings, one at a time (a StringIO would copy the text at 4 bytes a character)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end


# -- tables of a Word document -----------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LINES_ABOVE = 3  # paragraphs before a table that may hold its title and unit line


def docx_grids(path: Path) -> list[Grid]:
    """The tables of a .docx, each with the paragraphs just above it (title, unit line) as its first rows."""
    from budget_addin.files.documents import word_blocks

    limits = current()
    grids: list[Grid] = []
    above: list[str] = []
    for child in word_blocks(path):
        if child.tag == f"{_W}p":
            text = _text(child).strip()
            if text:
                above = [*above, text][-LINES_ABOVE:]
        elif child.tag == f"{_W}tbl":
            grid = _docx_table(shown_name(path), len(grids) + 1, child, above, limits)
            if grid.cells:
                grids.append(grid)
            above = []
    return grids


def _text(element: object) -> str:
    return "".join(node.text or "" for node in element.iter(f"{_W}t"))  # type: ignore[attr-defined]


def _docx_table(file: str, number: int, table: object, above: list[str], limits: Limits) -> Grid:
    grid = Grid(file, f"表格{number}", table_no=number, lines_above=len(above))
    for row, text in enumerate(above, start=1):
        grid.cells[(row, 1)] = Cell(text)
    open_merges: dict[int, list[int]] = {}  # column → [first row, last row] of a vertical merge
    covered = 0
    row = len(above)
    for tr in table.iter(f"{_W}tr"):  # type: ignore[attr-defined]
        row += 1
        col = 1
        for tc in tr.iter(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span_node = props.find(f"{_W}gridSpan") if props is not None else None
            span = _span(span_node.get(f"{_W}val") if span_node is not None else None, file, limits)
            covered += span
            if covered > limits.max_cells:
                raise ReadError(f"{file} 的第{number}个表格合并后超过{describe('max_cells', limits)}")
            vmerge = props.find(f"{_W}vMerge") if props is not None else None
            if vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue" and col in open_merges:
                open_merges[col][1] = row
            else:
                _close(grid, open_merges, col)
                text = _text(tc).strip()
                if text:
                    grid.cells[(row, col)] = Cell(text)
                if span > 1:
                    grid.merged.append((row, col, row, col + span - 1))
                if vmerge is not None:
                    open_merges[col] = [row, row]
            col += span
    for col in list(open_merges):
        _close(grid, open_merges, col)
    return grid


def _close(grid: Grid, open_merges: dict[int, list[int]], col: int) -> None:
    """End the vertical merge open in a column, recording it when it spans more than one row."""
    if col in open_merges:
        first, last = open_merges.pop(col)
        if last > first:
            grid.merged.append((first, col, last, col))


# -- tables of a web page ------------------------------------------------------------------------

_HTML_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
_HTML_TEXT_TAGS = _HTML_BLOCKS | {"div", "center"}


def html_grids(path: Path) -> list[Grid]:
    """The tables of a web page, each with the text lines just above it (title, unit line) as its first rows."""
    from lxml import etree

    from budget_addin.files.documents import html_root

    try:
        check_file_size(path.stat().st_size)
    except LimitExceeded as exc:
        raise ReadError(f"{shown_name(path)}：{exc}") from None
    root = html_root(path.read_bytes(), shown_name(path))
    limits = current()
    holds_table = set()  # elements with a table somewhere inside: each marked once, so linear in the page
    for table in root.iter("table"):
        for ancestor in table.iterancestors():
            if ancestor in holds_table:
                break
            holds_table.add(ancestor)
    grids: list[Grid] = []
    above: list[str] = []
    walk = etree.iterwalk(root, events=("start",))
    for _event, element in walk:
        if not isinstance(element.tag, str):
            continue
        if element.tag == "table":
            walk.skip_subtree()  # a table inside a table is part of it
            caption = element.find("caption")
            if caption is not None and caption.text_content().strip():
                above = [*above, " ".join(caption.text_content().split())][-LINES_ABOVE:]
            grid = _html_table(shown_name(path), len(grids) + 1, element, above, limits)
            if grid.cells:
                grids.append(grid)
            above = []
        elif element.tag in _HTML_TEXT_TAGS and element not in holds_table:
            whole = element.tag in _HTML_BLOCKS  # a paragraph is one line, whatever inline tags it holds
            text = " ".join((element.text_content() if whole else element.text or "").split())
            if text:
                above = [*above, text][-LINES_ABOVE:]
    return grids


def _html_table(file: str, number: int, table: object, above: list[str], limits: Limits) -> Grid:
    grid = Grid(file, f"表格{number}", table_no=number, lines_above=len(above))
    for row, text in enumerate(above, start=1):
        grid.cells[(row, 1)] = Cell(text)
    busy: dict[int, int] = {}  # column → last row a rowspan from above still covers
    covered = 0
    row = len(above)
    for tr in table.iter("tr"):  # type: ignore[attr-defined]
        row += 1
        col = 1
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while busy.get(col, 0) >= row:
                col += 1
            span = _span(cell.get("colspan"), file, limits)
            down = _span(cell.get("rowspan"), file, limits)
            covered += span * down
            if covered > limits.max_cells:
                raise ReadError(f"{file} 的第{number}个表格合并后超过{describe('max_cells', limits)}")
            text = " ".join(cell.text_content().split())
            if text:
                grid.cells[(row, col)] = Cell(text)
            if span > 1 or down > 1:
                grid.merged.append((row, col, row + down - 1, col + span - 1))
            if down > 1:
                for c in range(col, col + span):
                    busy[c] = row + down - 1
            col += span
    return grid


def _span(value: str | None, file: str, limits: Limits) -> int:
    """A cell's span as written (text or nonsense reads as 1); one past ``max_span`` is refused."""
    try:
        span = max(1, int((value or "1").strip()))
    except ValueError:
        return 1
    if span > limits.max_span:
        raise ReadError(f"{file} 中有单元格跨 {span} 行或列，超过{describe('max_span', limits)}")
    return span


# the child process of _calamine_grids: python -m budget_addin.files.importer.sources FILE.xls
if __name__ == "__main__":
    import json
    import sys

    sys.stdout.write(json.dumps(_read_xls(sys.argv[1]), ensure_ascii=True, default=str))
