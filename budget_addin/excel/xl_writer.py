"""xlwings writer: summary sheet specs → sheets of the open workbook, and cell marks.

Works on any object with the xlwings shape, so tests use a faithful fake
(``tests/fake_xlwings.py``). This module never imports xlwings. The calls it
makes — the whole set, kept small on purpose:

- ``book.sheets``: iterate, ``book.sheets[name]``, ``book.sheets.add(name, after=sheet)``;
- ``sheet.name``, ``sheet.clear()``, ``sheet.range(address)``, ``sheet.charts``
  (iterate; ``.add(left, top, width, height)``);
- ``chart.set_source_data(range)``, ``chart.chart_type``, ``chart.name``,
  ``chart.title`` (shown from xlwings 0.37; older versions ignore it), ``chart.delete()``;
- ``range.value`` (a 2-D list fills the block from its top-left cell),
  ``range.number_format``, ``range.column_width``, ``range.row_height``,
  ``range.color``, ``range.wrap_text``, ``range.font.bold``, ``range.font.size``,
  ``range.add_hyperlink(address, text, tip)``, ``range.left``/``range.top``;
- marks: ``range.note`` (``.text``, ``.delete()``) and ``range.add_note(text)``
  (xlwings ≥ 0.37; else ``range.api.AddComment(text)``, Windows);
- ``app.status_bar``, ``app.screen_updating``.

Borders and alignment are left to Excel's defaults here (the headless writer
draws thin borders); values, formats, widths, heights, fills, links and charts
are the same as :mod:`budget_addin.files.xlsx` writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budget_addin.core.layout import col_letter
from budget_addin.files.xlsx.worksheet import location
from budget_addin.summaries.specs import (
    HEADER_FILL,
    STAMP_CELL,
    TITLE_CELL,
    Block,
    SheetSpec,
    Value,
)

CHART_TYPES = {"pie": "pie", "bar": "bar_clustered", "column": "column_clustered"}
MARK_TAG = "【预算公开校验】"
MARK_FILLS = {"error": "#FFC7CE", "warning": "#FFEB9C", "info": "#DDEBF7"}
_ORIGINAL = "原底色："


def rgb(colour: str) -> tuple[int, int, int]:
    """``#FFEB9C`` → (255, 235, 156)."""
    text = colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def hex_colour(value: Any) -> str | None:
    """An xlwings colour (RGB tuple, int BGR or hex text) as ``#RRGGBB``; None for no fill."""
    if value is None:
        return None
    if isinstance(value, str):
        return "#" + value.lstrip("#").upper()
    if isinstance(value, int):
        return f"#{value & 0xFF:02X}{(value >> 8) & 0xFF:02X}{(value >> 16) & 0xFF:02X}"
    red, green, blue = value
    return f"#{red:02X}{green:02X}{blue:02X}"


def excel_value(value: Value, number_format: str = "General") -> Any:
    """A spec value as handed to ``range.value``.

    Text outside a text (``@``) column gets Excel's ``'`` prefix, so ``"94%"`` or
    ``"=…"`` stay text instead of turning into a number or a formula.
    """
    if isinstance(value, Decimal):
        return float(value)
    if value == "":
        return None
    if isinstance(value, str) and number_format != "@":
        return "'" + value
    return value


# -- sheets ----------------------------------------------------------------------------------------


def _sheet_names(book: Any) -> list[str]:
    return [sheet.name for sheet in book.sheets]


def owned_sheet(book: Any, name: str) -> Any:
    """The sheet ``name``, emptied (values, formats, charts) if it exists, else added after the last sheet."""
    if name in _sheet_names(book):
        sheet = book.sheets[name]
        for chart in list(sheet.charts):
            chart.delete()
        sheet.clear()
        return sheet
    sheets = list(book.sheets)
    return book.sheets.add(name, after=sheets[-1]) if sheets else book.sheets.add(name)


def _write_block(sheet: Any, block: Block) -> None:
    last_col = col_letter(block.width)
    if block.caption:
        caption = sheet.range(f"A{block.top - 1}")
        caption.value = block.caption
        caption.font.bold = True
        caption.font.size = 11
    whole = f"A{block.top}:{last_col}{block.bottom}"
    for col, fmt in enumerate(block.formats):  # formats first, so "@" keeps text as text
        letter = col_letter(col + 1)
        sheet.range(f"{letter}{block.top}:{letter}{block.bottom}").number_format = fmt
    header = sheet.range(f"A{block.top}:{last_col}{block.top}")
    header.number_format = "@"
    sheet.range(whole).value = [list(block.headers),
                                *([excel_value(v, block.formats[c]) for c, v in enumerate(row)] for row in block.rows)]
    header.color = rgb(HEADER_FILL)
    header.font.bold = True
    header.wrap_text = True
    for col in sorted(block.wrap):
        if block.rows:
            letter = col_letter(col + 1)
            sheet.range(f"{letter}{block.top + 1}:{letter}{block.bottom}").wrap_text = True
    for row in sorted(block.bold_rows):
        sheet.range(f"A{block.top + 1 + row}:{last_col}{block.top + 1 + row}").font.bold = True
    for (row, col), colour in sorted(block.fills.items()):
        sheet.range(block.address(row, col)).color = rgb(colour)
    for (row, col), target in sorted(block.links.items()):
        shown = block.rows[row][col]
        sheet.range(block.address(row, col)).add_hyperlink(
            "#" + location(target), str(shown if shown not in (None, "") else target), f"转到 {target}")


def write_spec(book: Any, spec: SheetSpec) -> Any:
    """Write one summary sheet (replacing the tool's own sheet of that name); returns the sheet."""
    sheet = owned_sheet(book, spec.name)
    for index, width in enumerate(spec.widths, start=1):
        sheet.range(f"{col_letter(index)}1").column_width = width
    title = sheet.range(TITLE_CELL)
    title.value = spec.title
    title.font.bold = True
    title.font.size = 14
    stamp = sheet.range(STAMP_CELL)
    stamp.value = spec.stamp
    stamp.font.size = 9
    for block in spec.blocks:
        _write_block(sheet, block)
    for row, text in spec.notes:
        note = sheet.range(f"A{row}")
        note.value = text
        note.font.size = 9
    for row, height in spec.row_heights:
        sheet.range(f"A{row}").row_height = height
    for number, chart_spec in enumerate(spec.charts, start=1):
        anchor = sheet.range(chart_spec.anchor)
        chart = sheet.charts.add(anchor.left, anchor.top, chart_spec.width, chart_spec.height)
        chart.set_source_data(sheet.range(chart_spec.source))
        chart.chart_type = CHART_TYPES[chart_spec.kind]
        chart.name = f"图表 {number}"
        chart.title = chart_spec.title
    return sheet


def write_specs(book: Any, specs: Sequence[SheetSpec], progress: Callable[[str], None] | None = None) -> list[str]:
    """Write several summary sheets; ``progress`` hears each sheet's name first. Returns the names."""
    app = book.app
    app.screen_updating = False
    try:
        for spec in specs:
            if progress:
                progress(spec.name)
            write_spec(book, spec)
    finally:
        app.screen_updating = True
    return [spec.name for spec in specs]


# -- marks -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """What to put on one input cell: the fill for its worst finding and a note naming the rules."""

    ref: str
    severity: str
    lines: tuple[str, ...]


def marks_for(findings: Iterable[Any], sheets: Iterable[str]) -> list[Mark]:
    """One mark per cell (on the given sheets) named by any finding, worst severity first."""
    order = {"error": 0, "warning": 1, "info": 2}
    wanted = set(sheets)
    grouped: dict[str, list[Any]] = {}
    for finding in findings:
        for ref in finding.cells:
            if ref.rpartition("!")[0] in wanted:
                grouped.setdefault(ref, []).append(finding)
    result = []
    for ref, found in grouped.items():
        worst = min(found, key=lambda f: order[f.severity])
        lines = tuple(dict.fromkeys(f"{f.rule}：{f.message}" for f in found))
        result.append(Mark(ref, worst.severity, lines))
    return result


def _cell(book: Any, ref: str) -> Any:
    sheet, _, address = ref.rpartition("!")
    return book.sheets[sheet.strip("'")].range(address)


def _add_note(cell: Any, text: str) -> None:
    if hasattr(cell, "add_note"):
        cell.add_note(text)
    else:  # xlwings < 0.37 on Windows
        cell.api.AddComment(text)


Step = Callable[[int, int], None]  # hears (cells done, cells in all) during a long write
STEP_EVERY = 10  # cells between two progress reports (each is a round trip to Excel)


def _step(progress: Step | None, done: int, total: int) -> None:
    if progress is not None and (done % STEP_EVERY == 0 or done == total):
        progress(done, total)


def mark_cells(book: Any, marks: Sequence[Mark], progress: Step | None = None) -> int:
    """Fill each cell and add a note naming the rules; values are not touched. The note keeps the old fill."""
    for done, mark in enumerate(marks, start=1):
        _step(progress, done, len(marks))
        cell = _cell(book, mark.ref)
        if cell.note is not None:
            if not str(cell.note.text).startswith(MARK_TAG):
                continue  # the user's own note: leave the cell alone
            _clear(cell)
        original = hex_colour(cell.color)
        text = "\n".join([MARK_TAG, *mark.lines, f"{_ORIGINAL}{original or '无'}"])
        cell.color = rgb(MARK_FILLS[mark.severity])
        _add_note(cell, text)
    return len(marks)


def _clear(cell: Any) -> bool:
    note = cell.note
    if note is None or not str(note.text).startswith(MARK_TAG):
        return False
    original = str(note.text).rpartition(_ORIGINAL)[2].strip()
    cell.color = None if original in ("", "无") else rgb(original)
    note.delete()
    return True


def clear_marks(book: Any, refs: Iterable[str], progress: Step | None = None) -> int:
    """Remove the tool's marks from these cells (fill restored, note deleted); returns how many were cleared."""
    cleared = 0
    names = set(_sheet_names(book))
    unique = list(dict.fromkeys(refs))
    for done, ref in enumerate(unique, start=1):
        _step(progress, done, len(unique))
        if ref.rpartition("!")[0].strip("'") in names and _clear(_cell(book, ref)):
            cleared += 1
    return cleared


__all__ = ["write_spec", "write_specs", "owned_sheet", "marks_for", "mark_cells", "clear_marks", "Mark",
           "MARK_TAG", "CHART_TYPES"]
