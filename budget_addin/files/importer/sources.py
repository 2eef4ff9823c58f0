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
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from budget_addin.core.layout import col_letter
from budget_addin.core.numbers import to_decimal
from budget_addin.files.documents import decode_text
from budget_addin.files.grid import ReadError, Sheet, read_grid

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


@dataclass(frozen=True)
class Cell:
    """A source cell: its value and whether its number format shows a percentage."""

    value: Decimal | str
    percent: bool = False


@dataclass
class Grid:
    """One sheet of a source file."""

    file: str
    sheet: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (1-based)
    _rows: dict[int, dict[int, Cell]] | None = field(default=None, repr=False, compare=False)

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
    return grids_of(path.name, read_grid(path))


def grids_of(file: str, sheets: dict[str, Sheet]) -> list[Grid]:
    """The sheets of a workbook read by :func:`~budget_addin.files.grid.read_grid`, as grids."""
    grids = []
    for name, sheet in sheets.items():
        grid = Grid(file, name, merged=list(sheet.merged))
        for (row, col), raw in sheet.cells.items():
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


def _calamine_grids(path: Path) -> list[Grid]:
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for damaged files
        raise ReadError(f"无法读取 .xls 文件：{path}（{exc}）") from None
    grids = []
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        grid = Grid(path.name, name)
        for r, values in enumerate(sheet.to_python(skip_empty_area=False)):
            for c, value in enumerate(values):
                cell = _python_cell(value)
                if cell is not None:
                    grid.cells[(r + 1, c + 1)] = cell
        for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []:
            grid.merged.append((r1 + 1, c1 + 1, r2 + 1, c2 + 1))
        if grid.cells:
            grids.append(grid)
    return grids


def _python_cell(value: object) -> Cell | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Cell(stored_number(value))
    text = str(value)
    return Cell(text) if text.strip() else None


def _csv_grid(path: Path) -> Grid:
    try:
        text = decode_text(path.read_bytes())
    except ReadError as exc:
        raise ReadError(f"{path}：{exc}") from None
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    grid = Grid(path.name, "")
    for r, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        for c, value in enumerate(values, start=1):
            if value.strip():
                grid.cells[(r, c)] = Cell(value.strip())
    return grid
