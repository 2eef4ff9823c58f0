"""A faithful fake of the xlwings objects the add-in touches (see ``budget_addin.excel.xl_writer``).

Behaviour follows xlwings/Excel where the add-in depends on it:

- ``range.value`` reads a scalar for one cell, a 1-D list for one row or one
  column, else a 2-D list; numbers come back as floats, empty cells as None;
- setting ``.value`` with a 2-D list fills the block from the range's top-left
  cell (whatever the range's size), a 1-D list fills a row, a scalar fills
  every cell of the range; ``""`` empties a cell, as in Excel;
- ``sheet.used_range`` covers every cell with a value or a format, ``$A$1``
  on an empty sheet; ``sheet.clear()`` removes values, formats, links and
  notes (Excel's ``Cells.Clear``) but not charts, column widths or row heights;
- ``sheets.add`` refuses a name in use; ``add_note`` refuses a cell with a note;
  ``chart.chart_type`` accepts only xlwings' chart type names.

Only what the add-in uses is here; anything else raises ``AttributeError``
like a missing API would.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from xlwings.constants import chart_types

from budget_addin.files.grid import read_grid

_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_NUMBER = re.compile(r"[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?%?")
DEFAULT_WIDTH, DEFAULT_HEIGHT = 8.43, 15.0


def _col(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _letters(col: int) -> str:
    text = ""
    while col:
        col, rem = divmod(col - 1, 26)
        text = chr(65 + rem) + text
    return text


def parse_range(address: str) -> tuple[int, int, int, int]:
    """``B3:D9`` → (3, 2, 9, 4) (first row, first col, last row, last col)."""
    parts = address.replace("$", "").split(":")
    corners = []
    for part in parts:
        match = _CELL.fullmatch(part)
        if not match:
            raise ValueError(f"unsupported address {address!r}")
        corners.append((int(match.group(2)), _col(match.group(1))))
    (r1, c1), (r2, c2) = corners[0], corners[-1]
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _rgb(value: Any) -> tuple[int, int, int] | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.lstrip("#")
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    if isinstance(value, int):
        return value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF
    red, green, blue = value
    return int(red), int(green), int(blue)


class FakeNote:
    def __init__(self, sheet: FakeSheet, cell: tuple[int, int], text: str) -> None:
        self._sheet, self._cell, self._text = sheet, cell, text

    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value

    def delete(self) -> None:
        self._sheet.notes.pop(self._cell, None)


class FakeFont:
    def __init__(self, rng: FakeRange) -> None:
        self._range = rng

    def _get(self, key: str) -> Any:
        values = {self._range.sheet.fonts.get(cell, {}).get(key) for cell in self._range.cells()}
        return values.pop() if len(values) == 1 else None

    def _set(self, key: str, value: Any) -> None:
        for cell in self._range.cells():
            self._range.sheet.fonts.setdefault(cell, {})[key] = value

    bold = property(lambda self: self._get("bold"), lambda self, v: self._set("bold", bool(v)))
    size = property(lambda self: self._get("size"), lambda self, v: self._set("size", float(v)))


class FakeRange:
    def __init__(self, sheet: FakeSheet, address: str) -> None:
        self.sheet = sheet
        self.row, self.column, self.last_row, self.last_column = parse_range(address)

    def cells(self) -> list[tuple[int, int]]:
        return [(r, c) for r in range(self.row, self.last_row + 1) for c in range(self.column, self.last_column + 1)]

    @property
    def shape(self) -> tuple[int, int]:
        return self.last_row - self.row + 1, self.last_column - self.column + 1

    @property
    def address(self) -> str:
        first = f"${_letters(self.column)}${self.row}"
        if self.shape == (1, 1):
            return first
        return f"{first}:${_letters(self.last_column)}${self.last_row}"

    # -- values
    @property
    def value(self) -> Any:
        rows = [[self.sheet.values.get((r, c)) for c in range(self.column, self.last_column + 1)]
                for r in range(self.row, self.last_row + 1)]
        if self.shape == (1, 1):
            return rows[0][0]
        if self.shape[0] == 1:
            return rows[0]
        if self.shape[1] == 1:
            return [row[0] for row in rows]
        return rows

    @value.setter
    def value(self, data: Any) -> None:
        if isinstance(data, (list, tuple)):
            block = [list(row) for row in data] if data and isinstance(data[0], (list, tuple)) else [list(data)]
            for r, row in enumerate(block):
                for c, item in enumerate(row):
                    self.sheet.enter(self.row + r, self.column + c, item)
        else:
            for r, c in self.cells():
                self.sheet.enter(r, c, data)

    # -- formats
    @property
    def number_format(self) -> str | None:
        values = {self.sheet.formats.get(cell, "General") for cell in self.cells()}
        return values.pop() if len(values) == 1 else None

    @number_format.setter
    def number_format(self, value: str) -> None:
        for cell in self.cells():
            self.sheet.formats[cell] = value

    @property
    def column_width(self) -> float | None:
        values = {self.sheet.widths.get(c, DEFAULT_WIDTH) for c in range(self.column, self.last_column + 1)}
        return values.pop() if len(values) == 1 else None

    @column_width.setter
    def column_width(self, value: float) -> None:
        for c in range(self.column, self.last_column + 1):
            self.sheet.widths[c] = float(value)

    @property
    def row_height(self) -> float | None:
        values = {self.sheet.heights.get(r, DEFAULT_HEIGHT) for r in range(self.row, self.last_row + 1)}
        return values.pop() if len(values) == 1 else None

    @row_height.setter
    def row_height(self, value: float) -> None:
        for r in range(self.row, self.last_row + 1):
            self.sheet.heights[r] = float(value)

    @property
    def color(self) -> tuple[int, int, int] | None:
        values = {self.sheet.fills.get(cell) for cell in self.cells()}
        return values.pop() if len(values) == 1 else None

    @color.setter
    def color(self, value: Any) -> None:
        for cell in self.cells():
            if value is None:
                self.sheet.fills.pop(cell, None)
            else:
                self.sheet.fills[cell] = _rgb(value)

    @property
    def wrap_text(self) -> bool | None:
        values = {cell in self.sheet.wrapped for cell in self.cells()}
        return values.pop() if len(values) == 1 else None

    @wrap_text.setter
    def wrap_text(self, value: bool) -> None:
        for cell in self.cells():
            (self.sheet.wrapped.add if value else self.sheet.wrapped.discard)(cell)

    @property
    def font(self) -> FakeFont:
        return FakeFont(self)

    # -- position (points, as Excel measures: width in characters ≈ 7 px each + 5 px padding)
    @property
    def left(self) -> float:
        return sum((self.sheet.widths.get(c, DEFAULT_WIDTH) * 7 + 5) * 0.75 for c in range(1, self.column))

    @property
    def top(self) -> float:
        return sum(self.sheet.heights.get(r, DEFAULT_HEIGHT) for r in range(1, self.row))

    # -- links and notes
    def add_hyperlink(self, address: str, text_to_display: str | None = None, screen_tip: str | None = None) -> None:
        text = address if text_to_display is None else text_to_display
        for cell in self.cells():
            self.sheet.links[cell] = (address, screen_tip)
            self.sheet.put(*cell, text)

    @property
    def hyperlink(self) -> str:
        link = self.sheet.links.get((self.row, self.column))
        return link[0] if link else ""

    @property
    def note(self) -> FakeNote | None:
        if self.shape != (1, 1):
            raise ValueError("a note belongs to a single cell")
        cell = (self.row, self.column)
        return FakeNote(self.sheet, cell, self.sheet.notes[cell]) if cell in self.sheet.notes else None

    def add_note(self, text: str) -> FakeNote:
        if not isinstance(text, str):
            raise TypeError("Note text must be a string")
        if not text:
            raise ValueError("Note text must not be empty")
        if self.shape != (1, 1):
            raise ValueError("A note can only be added to a single cell")
        if self.note is not None:
            raise ValueError("This cell already has a note")
        self.sheet.notes[(self.row, self.column)] = text
        return FakeNote(self.sheet, (self.row, self.column), text)


class FakeChart:
    def __init__(self, charts: FakeCharts, left: float, top: float, width: float, height: float) -> None:
        self._charts = charts
        self.left, self.top, self.width, self.height = left, top, width, height
        self.name = f"Chart {len(charts.items) + 1}"
        self._chart_type = "column_clustered"
        self.source: str | None = None
        self.title: str | None = None

    @property
    def chart_type(self) -> str:
        return self._chart_type

    @chart_type.setter
    def chart_type(self, value: str) -> None:
        if value not in chart_types:
            raise ValueError(f"unknown chart type {value!r}")
        self._chart_type = value

    def set_source_data(self, source: FakeRange) -> None:
        if source.sheet is not self._charts.sheet:
            raise ValueError("source on another sheet")
        self.source = source.address

    def delete(self) -> None:
        self._charts.items.remove(self)


class FakeCharts:
    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet
        self.items: list[FakeChart] = []

    def __iter__(self):  # noqa: ANN204
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def add(self, left: float = 0, top: float = 0, width: float = 355, height: float = 211) -> FakeChart:
        chart = FakeChart(self, left, top, width, height)
        self.items.append(chart)
        return chart


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book, self.name = book, name
        self.values: dict[tuple[int, int], Any] = {}
        self.formats: dict[tuple[int, int], str] = {}
        self.fills: dict[tuple[int, int], tuple[int, int, int] | None] = {}
        self.fonts: dict[tuple[int, int], dict[str, Any]] = {}
        self.wrapped: set[tuple[int, int]] = set()
        self.links: dict[tuple[int, int], tuple[str, str | None]] = {}
        self.notes: dict[tuple[int, int], str] = {}
        self.widths: dict[int, float] = {}
        self.heights: dict[int, float] = {}
        self.charts = FakeCharts(self)

    def put(self, row: int, col: int, value: Any) -> None:
        if value is None or value == "":
            self.values.pop((row, col), None)
        elif isinstance(value, (bool, str)):
            self.values[(row, col)] = value
        elif isinstance(value, (int, float)):
            self.values[(row, col)] = float(value)  # Excel holds doubles
        else:
            raise TypeError(f"xlwings cannot write {type(value).__name__}")

    def enter(self, row: int, col: int, value: Any) -> None:
        """Assign a value as Excel does: ``'`` keeps text as text and is not stored; under a
        non-text format, text that reads as a number becomes one; ``=`` starts a formula."""
        if isinstance(value, str):
            if value.startswith("'"):
                value = value[1:]
            elif value.startswith("="):
                raise NotImplementedError(f"the fake does not evaluate formulas ({value!r})")
            elif (self.formats.get((row, col), "General") != "@" and _NUMBER.fullmatch(value.strip())
                  and any(ch.isdigit() for ch in value)):
                text = value.strip().replace(",", "")
                value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
        self.put(row, col, value)

    def range(self, address: str) -> FakeRange:
        return FakeRange(self, address)

    def __getitem__(self, address: str) -> FakeRange:
        return self.range(address)

    @property
    def used_range(self) -> FakeRange:
        cells = set(self.values) | set(self.formats) | set(self.fills) | set(self.fonts) | self.wrapped
        if not cells:
            return FakeRange(self, "A1")
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        return FakeRange(self, f"{_letters(min(cols))}{min(rows)}:{_letters(max(cols))}{max(rows)}")

    def clear(self) -> None:
        for store in (self.values, self.formats, self.fills, self.fonts, self.links, self.notes):
            store.clear()
        self.wrapped.clear()


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self.items: list[FakeSheet] = []

    def __iter__(self):  # noqa: ANN204
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key: str | int) -> FakeSheet:
        if isinstance(key, int):
            return self.items[key]
        for sheet in self.items:
            if sheet.name.lower() == key.lower():
                return sheet
        raise KeyError(key)

    def add(
        self, name: str | None = None, before: FakeSheet | None = None, after: FakeSheet | None = None
    ) -> FakeSheet:
        name = name or f"Sheet{len(self.items) + 1}"
        if any(s.name.lower() == name.lower() for s in self.items):
            raise ValueError(f"Sheet named '{name}' already present in workbook")
        sheet = FakeSheet(self.book, name)
        if after is not None:
            self.items.insert(self.items.index(after) + 1, sheet)
        elif before is not None:
            self.items.insert(self.items.index(before), sheet)
        else:  # Excel inserts before the active sheet; the add-in always passes after=
            self.items.insert(0, sheet)
        return sheet


class FakeApp:
    def __init__(self) -> None:
        self._status_bar: str | bool = False
        self.status_history: list[str | bool] = []
        self.alerts: list[dict[str, Any]] = []
        self.screen_updating = True
        self.calculations = 0

    @property
    def status_bar(self) -> str | bool:
        return self._status_bar

    @status_bar.setter
    def status_bar(self, value: str | bool) -> None:
        self._status_bar = value
        self.status_history.append(value)

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok", mode: str | None = None,
              callback: str | None = None) -> str:
        if buttons not in {"ok", "ok_cancel", "yes_no", "yes_no_cancel"} or mode not in {None, "info", "critical"}:
            raise ValueError("invalid alert arguments")
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})
        return "ok"

    def calculate(self) -> None:
        self.calculations += 1


class FakeBook:
    def __init__(self, fullname: str = "Book1.xlsm", app: FakeApp | None = None) -> None:
        self.app = app or FakeApp()
        self.fullname = fullname
        self.name = Path(fullname).name
        self.sheets = FakeSheets(self)
        self.saved = 0

    def save(self, path: str | None = None) -> None:
        self.saved += 1

    @classmethod
    def from_workbook(cls, path: Path) -> FakeBook:
        """The values (cached values of formulas) and number formats of a workbook, as Excel would show them."""
        book = cls(str(path))
        for name, grid in read_grid(Path(path)).items():
            sheet = book.sheets.add(name, after=book.sheets[-1]) if len(book.sheets) else book.sheets.add(name)
            for (r, c), cell in grid.cells.items():
                if cell.kind == "n" and cell.value is not None:
                    sheet.put(r, c, float(cell.value))
                elif cell.kind == "b":
                    sheet.put(r, c, cell.value in {"1", "TRUE"})
                elif cell.kind == "s":
                    sheet.put(r, c, cell.value)
                if cell.num_format != "General":
                    sheet.formats[(r, c)] = cell.num_format
        return book
