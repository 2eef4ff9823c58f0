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


def _format_of(sheet: Any, row: int, col: int, value: Any) -> str | None:
    """The number format of a figure (one call per numeric cell): it decides the decimals shown.

    A sheet object without ``range`` (values only) leaves the format unknown, and the
    figure's own digits decide.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not hasattr(sheet, "range"):
        return None
    return sheet.range(f"{col_letter(col)}{row}").number_format


def sheets_from_xlwings(book: Any) -> dict[str, Sheet]:
    """Input sheets of an xlwings Book as grid sheets (values only, one read per sheet)."""
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
        grid = Sheet(sheet.name, formulas_known=False)
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                cell = _raw(value, _format_of(sheet, first_row + r, first_col + c, value))
                if cell is not None:
                    grid.cells[(first_row + r, first_col + c)] = cell
                    grid.max_row = max(grid.max_row, first_row + r)
        result[sheet.name] = grid
    return result
