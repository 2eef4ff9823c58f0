"""Long list tables take fast paths; each must answer exactly what the cell-by-cell path answers.

The reader walks a sheet's cells in the order the grid stores them (row by row) and falls back to
asking cell by cell when they come in another order; the rules read whole list columns at once
(:meth:`Book.column`) instead of one cell at a time.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from budget_addin.core.schema import TABLES, TABLES_BY_KEY, Table
from budget_addin.files.grid import RawCell, Sheet
from budget_addin.files.reader import Refs, read_sheets, read_table
from budget_addin.files.summarize import read_all
from tests.conftest import COMMITTED


def _reordered(sheet: Sheet, rng: random.Random | None = None) -> Sheet:
    """The same sheet with its cells stored in another order (as an xlwings grid may hold them)."""
    keys = list(sheet.cells)
    if rng is None:
        keys.reverse()
    else:
        rng.shuffle(keys)
    return Sheet(sheet.name, {k: sheet.cells[k] for k in keys}, list(sheet.merged), sheet.max_row,
                 sheet.formulas_known, list(sheet.issues))


def _read(sheet: Sheet, table: Table) -> tuple[object, list[str], dict]:
    data: dict = {}
    refs, issues = Refs(), []
    read_table(sheet, table, data, refs, issues)
    body = data[table.key]
    ordered = [list(r.items()) for r in body] if isinstance(body, list) else [(k, list(v.items())) for k, v in body.items()]
    return ordered, issues, dict(refs)


def test_seed_reads_the_same_in_any_cell_order() -> None:
    grid = read_all(COMMITTED)
    for table in TABLES:
        sheet = grid.get(table.sheet)
        if sheet is not None:
            assert _read(sheet, table) == _read(_reordered(sheet), table), table.key


_NUMBERS = ("12.5", "3", "0", "-4.25", "0.125", "562.1799999999999", "1e400")
_TEXTS = ("12.5", "abc", "—", "", "三千", "5元", "7万元", "A0201", "B01", "C99", "注：说明", "合计", "#N/A")


def _cell(rng: random.Random) -> RawCell:
    kind = rng.choice("nnnnsssebf")
    if kind == "n":
        return RawCell(rng.choice(_NUMBERS), "n", rng.choice(["General", "0%", "0.0%", "#,##0.00"]))
    if kind == "s":
        return RawCell(rng.choice(_TEXTS), "s", formula=rng.choice([None, None, "=X"]))
    if kind == "e":
        return RawCell("#DIV/0!", "e")
    if kind == "b":
        return RawCell("TRUE", "b")
    return RawCell(None, "f", formula="=A1")


def _messy_list_sheet(rng: random.Random, table: Table) -> Sheet:
    """A list sheet with moved or missing headers, merged ranges, bad cells, typed constants and a 注： line."""
    cells: dict[tuple[int, int], RawCell] = {}
    order = list(range(len(table.columns)))
    if rng.random() < 0.2:
        rng.shuffle(order)
    header = rng.choice([1, 2, 3])
    for col, index in enumerate(order, start=1):
        if rng.random() < 0.95:
            cells[(header, col)] = RawCell(table.columns[index].label, "s")
    last = header + rng.randint(0, 25)
    for row in range(header + 1, last + 1):
        for col in range(1, len(table.columns) + 2):
            if rng.random() < 0.6:
                cells[(row, col)] = _cell(rng)
    if rng.random() < 0.2:
        cells[(last + 1, 1)] = RawCell("注：以下不读", "s")
        cells[(last + 2, 3)] = RawCell("9", "n")
    merged = []
    for _ in range(rng.choice([0, 0, 1, 3])):
        r1, c1 = rng.randint(1, last + 1), rng.randint(1, len(table.columns))
        merged.append((r1, c1, r1 + rng.randint(0, 3), c1 + rng.randint(0, 2)))
    max_row = max(r for r, _c in cells)
    return Sheet(table.sheet, dict(sorted(cells.items())), merged, max_row, rng.random() < 0.8)


@pytest.mark.parametrize("seed", range(6))
def test_messy_list_sheets_read_the_same_in_any_cell_order(seed: int) -> None:
    rng = random.Random(seed)
    tables = [t for t in TABLES if not t.is_form]
    for _ in range(60):
        table = rng.choice(tables)
        sheet = _messy_list_sheet(rng, table)
        assert _read(sheet, table) == _read(_reordered(sheet, rng), table)


def test_walk_reads_merged_rows_bad_cells_and_stops_at_a_note() -> None:
    table = TABLES_BY_KEY["procurement"]
    cells = {(1, i): RawCell(col.label, "s") for i, col in enumerate(table.columns, start=1)}
    cells.update({
        (2, 1): RawCell("办公设备购置", "s"), (2, 4): RawCell("A02010104", "s"), (2, 8): RawCell("3.5", "n", "#,##0.00"),
        (2, 9): RawCell("三千", "s"), (2, 14): RawCell("货物", "s"),  # a typed constant over 品目类别's formula
        (3, 3): RawCell("打印机", "s"), (3, 8): RawCell("#REF!", "e"),  # row 3 lies in the merged A2:A3
        (4, 1): RawCell("—", "s"), (4, 8): RawCell("—", "s"),  # dashes only: no record
        (5, 1): RawCell("注：单位万元", "s"), (6, 8): RawCell("9", "n"),
    })
    sheet = Sheet(table.sheet, dict(sorted(cells.items())), [(2, 1, 3, 1)], 6, True)
    data: dict = {}
    refs, issues = Refs(), []
    read_table(sheet, table, data, refs, issues)
    assert data["procurement"] == [
        {"project": "办公设备购置", "catalog": "A02010104", "amount": Decimal("3.5")},
        {"project": "办公设备购置", "item": "打印机"},
    ]
    assert issues == ['政府采购预算!I2：无法识别的数值 "三千"', "政府采购预算!H3：单元格为错误值 #REF!",
                      "政府采购预算!N2：计算单元格的公式已被数值或文字替换（发布版或手工改写），校验按公式重新计算"]
    assert refs[("procurement", 1, "item")] == "政府采购预算!C3"
    assert _read(sheet, table) == _read(_reordered(sheet), table)


def test_reader_book_is_the_same_in_any_cell_order() -> None:
    grid = read_all(COMMITTED)
    shuffled = {name: _reordered(sheet, random.Random(1)) for name, sheet in grid.items()}
    fast, slow = read_sheets(grid, "seed"), read_sheets(shuffled, "seed")
    assert fast.book.data == slow.book.data and fast.issues == slow.issues
