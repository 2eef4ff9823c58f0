"""The grid of an open workbook, through the few xlwings calls the add-in uses.

Works on any object with the xlwings shape (``book.sheets``, ``sheet.name``,
``sheet.used_range.value``/``.address``), so tests use a faithful fake. The core
never imports xlwings; this module does not either.
"""

from __future__ import annotations

from typing import Any

from budget_addin.core.layout import col_letter, split_ref
from budget_addin.core.schema import TABLES
from budget_addin.files.grid import RawCell, Sheet


def _raw(value: Any, number_format: str | None = None) -> RawCell | None:
    """A cell as the reader takes it; the number format tells how many decimals it shows."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return RawCell(str(value).upper(), "b")
    if isinstance(value, (int, float)):
        text = f"{value:.12g}" if isinstance(value, float) else str(value)
        return RawCell(text, "n", number_format or "General")
    text = str(value)
    if text.startswith("#"):
        return RawCell(text, "e")
    return RawCell(text, "s")


def _squash(text: object) -> str:
    return "".join(str(text).split())


def _percent_columns(sheet_name: str, values: list[list[Any]], first_col: int) -> set[int]:
    """Columns headed by a percent column of the schema (found by label in the first rows, as the reader does)."""
    labels = {_squash(c.label) for t in TABLES if t.sheet == sheet_name for c in t.columns if c.fmt == "percent"}
    return {first_col + c for row in values[:10] for c, value in enumerate(row)
            if isinstance(value, str) and _squash(value) in labels}


def _format_of(sheet: Any, row: int, col: int) -> str | None:
    """The number format of one cell; a sheet object without ``range`` (values only) cannot tell."""
    return sheet.range(f"{col_letter(col)}{row}").number_format if hasattr(sheet, "range") else None


def sheets_from_xlwings(book: Any) -> dict[str, Sheet]:
    """Input sheets of an xlwings Book as grid sheets (values in one read per sheet).

    A percentage shows the decimals of its number format, which ``.value`` does not carry: the
    format is read for the figures of percent columns only (one call each), and the reader
    rounds them half-up to it, as it does from the file.
    """
    wanted = {t.sheet for t in TABLES}
    result: dict[str, Sheet] = {}
    for sheet in book.sheets:
        if sheet.name not in wanted:
            continue
        used = sheet.used_range
        top_left = used.address.replace("$", "").split(":")[0]
        first_row, first_col = split_ref(top_left)
        values = used.value
        if not isinstance(values, list):
            values = [[values]]
        elif values and not isinstance(values[0], list):
            values = [values]
        percent = _percent_columns(sheet.name, values, first_col)
        grid = Sheet(sheet.name, formulas_known=False)
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                where = (first_row + r, first_col + c)
                numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
                cell = _raw(value, _format_of(sheet, *where) if numeric and where[1] in percent else None)
                if cell is not None:
                    grid.cells[where] = cell
                    grid.max_row = max(grid.max_row, where[0])
        result[sheet.name] = grid
    return result
