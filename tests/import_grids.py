"""In-memory source grids for the importer's fast tests (no workbook written or read).

``grid`` lays rows out as a sheet does (row 1 first, column A first): a number becomes a stored
figure (``Decimal``), a string stays text, a :class:`Cell` is taken as it is, ``None`` or ``""``
is an empty cell. ``imported`` finds and places every standard table of the grids, as
``budget-addin import`` does for a table file.
"""

from __future__ import annotations

from decimal import Decimal

from budget_addin.files.importer import locate
from budget_addin.files.importer.place import place_table
from budget_addin.files.importer.placer import Placer
from budget_addin.files.importer.sources import Cell, Grid


def cell(value: object) -> Cell:
    if isinstance(value, Cell):
        return value
    if isinstance(value, (int, Decimal)):
        return Cell(Decimal(value))
    return Cell(str(value))


def grid(
    rows: list[list[object]],
    merged: list[tuple[int, int, int, int]] | None = None,
    sheet: str = "表1",
    file: str = "来源.xlsx",
) -> Grid:
    g = Grid(file, sheet, merged=list(merged or []))
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None and value != "":
                g.cells[(r, c)] = cell(value)
    return g


def imported(*grids: Grid) -> Placer:
    """Every table of the grids placed; what the report lists is checked against the grids it came from."""
    placer = Placer({})
    for g in grids:
        for found in locate.find_tables(g):
            place_table(placer, found)
    cells = {g.where(r, c): cell for g in grids for (r, c), cell in g.cells.items()}
    for listed in placer.unplaced:  # a figure left names its cell and shows what the cell holds
        assert listed.item and isinstance(listed.where, str) and listed.where, listed
        if listed.where in cells and locate.is_figure(cells[listed.where]):
            assert listed.value == cells[listed.where].value, listed
    assert all(c.item and c.where in cells for c in placer.conflicts), placer.conflicts
    for key, where in placer.sources.items():  # every placed figure says which cell it came from
        assert isinstance(where, str) and where in cells, (key, where)
    return placer


def value(placer: Placer, table: str, row: str | int, col: str) -> object:
    return placer.data.get(table, {})[row].get(col)


def left(placer: Placer) -> list[tuple[str, str, str]]:
    """What was not placed: (where, item, reason)."""
    return [(u.where, u.item, u.reason) for u in placer.unplaced]
