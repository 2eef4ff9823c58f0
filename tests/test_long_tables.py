"""Long list tables take fast paths; each must answer exactly what the cell-by-cell path answers.

The reader walks a sheet's cells in the order the grid stores them (row by row) and falls back to
asking cell by cell when they come in another order; the rules read whole list columns at once
(:meth:`Book.column`) instead of one cell at a time.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from decimal import Decimal

import pytest

from budget_addin.core import functions
from budget_addin.core.model import Book
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
    ordered = (
        [list(r.items()) for r in body] if isinstance(body, list) else [(k, list(v.items())) for k, v in body.items()]
    )
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
    cells.update(
        {
            (2, 1): RawCell("办公设备购置", "s"),
            (2, 4): RawCell("A02010104", "s"),
            (2, 8): RawCell("3.5", "n", "#,##0.00"),
            (2, 9): RawCell("三千", "s"),
            (2, 14): RawCell("货物", "s"),  # a typed constant over 品目类别's formula
            (3, 3): RawCell("打印机", "s"),
            (3, 8): RawCell("#REF!", "e"),  # row 3 lies in the merged A2:A3
            (4, 1): RawCell("—", "s"),
            (4, 8): RawCell("—", "s"),  # dashes only: no record
            (5, 1): RawCell("注：单位万元", "s"),
            (6, 8): RawCell("9", "n"),
        }
    )
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


# -- whole list columns -------------------------------------------------------------------------

def _long_procurement(seed_data: dict, extra: int = 300) -> dict:
    """The seed with a long procurement list: dashes, blanks, typed text, odd codes, figures as ints and floats."""
    data = copy.deepcopy(seed_data)
    rng = random.Random(13)
    odd = ["A0201", "a0299", " C0101 ", "B07", "", "—", "D01", "A07", "9", None, Decimal("102")]
    numbers: list[object] = [
        Decimal("1.5"),
        Decimal("1.50"),
        Decimal("-0"),
        3,
        2.25,
        "—",
        "",
        None,
        "三千",
        Decimal("0.005"),
    ]
    for index in range(extra):
        record: dict[str, object] = {"project": rng.choice(["项目甲", "项目 乙", "—", "", "项目（丙）"]),
                                     "item": f"物品{index}", "catalog": rng.choice(odd)}
        for col in ("project_budget", "quantity", "unit_price", "amount", "gp", "fund", "other"):
            value = rng.choice(numbers)
            if value is not None:
                record[col] = value
        data["procurement"].append({k: v for k, v in record.items() if v is not None})
    return data


def _cell_by_cell(book: Book, table: str, col: str) -> tuple[list, list, list, list]:
    rows = book.rows(table)
    return ([book.value(table, i, col) for i in rows], [book.number(table, i, col) for i in rows],
            [book.text(table, i, col) for i in rows], [book.ref(table, i, col) for i in rows])


def _assert_columns_as_cells(make_book: Callable[[], Book]) -> None:
    for table in (t for t in TABLES if not t.is_form):
        for column in table.columns:
            fast, slow = make_book(), make_book()  # separate books: the per-cell answers share no cache
            expected = _cell_by_cell(slow, table.key, column.key)
            rows = list(fast.rows(table.key))
            got = (fast.column(table.key, column.key), fast.numbers(table.key, column.key),
                   fast.texts(table.key, column.key), fast.refs(table.key, rows, column.key))
            assert got == expected, (table.key, column.key)
            assert [str(v) for v in got[1]] == [str(v) for v in expected[1]]  # the same digits, not only equal


def test_columns_equal_the_cells_of_the_seed_dataset(seed_data: dict) -> None:
    _assert_columns_as_cells(lambda: Book(seed_data, source="seed"))


def test_columns_equal_the_cells_of_the_committed_workbook() -> None:
    grid = read_all(COMMITTED)
    _assert_columns_as_cells(lambda: read_sheets(grid, "seed").book)


def test_columns_equal_the_cells_of_a_long_messy_list(seed_data: dict) -> None:
    data = _long_procurement(seed_data)
    _assert_columns_as_cells(lambda: Book(data, source="long"))


def test_refs_of_a_read_list_are_the_cell_refs() -> None:
    book = read_sheets(read_all(COMMITTED), "seed").book
    rows = list(book.rows("procurement"))
    assert book.refs("procurement", rows[::-1], "amount") == [book.ref("procurement", i, "amount") for i in rows[::-1]]
    assert book.refs("procurement", [0, len(rows)], "amount")[-1] == book.ref("procurement", len(rows), "amount")
    assert book.refs("procurement", [], "amount") == []


def test_rows_sum_check_is_row_sum_check_on_every_record(seed_data: dict) -> None:
    from budget_addin.rules import load_catalogue
    from budget_addin.rules.common import row_sum_check, rows_sum_check
    from budget_addin.rules.within import FUND_COLUMNS

    book = Book(_long_procurement(seed_data), source="long")
    rule = load_catalogue()["BN-009"]
    names = book.texts("procurement", "project")
    whole = list(rows_sum_check(book, rule, "procurement", "amount", FUND_COLUMNS, names.__getitem__, "各资金来源之和"))
    each = [f for i in book.rows("procurement")
            for f in row_sum_check(book, rule, "procurement", i, "amount", FUND_COLUMNS, names[i], "各资金来源之和")]
    assert whole == each and len(whole) > 10
    assert [str(f.expected) for f in whole] == [str(f.expected) for f in each]


def test_long_messy_list_checks_the_same_with_cell_by_cell_columns(seed_data: dict) -> None:
    """Every rule answers the same when the whole-column accessors are made of per-cell calls."""
    from budget_addin.rules import run_rules

    class CellByCell(Book):
        def column(self, table: str, col: str) -> list[object]:
            return [self.value(table, i, col) for i in self.rows(table)]

        def numbers(self, table: str, col: str) -> list[Decimal | None]:
            return [self.number(table, i, col) for i in self.rows(table)]

        def texts(self, table: str, col: str) -> list[str]:
            return [self.text(table, i, col) for i in self.rows(table)]

        def refs(self, table: str, rows: list[int], col: str) -> list[str]:
            return [self.ref(table, i, col) for i in rows]

    data = _long_procurement(seed_data)
    fast, slow = run_rules(Book(data, source="long")), run_rules(CellByCell(data, source="long"))
    assert fast.findings == slow.findings and fast.ledger == slow.ledger and fast.notes == slow.notes
    assert {f.rule for f in fast.findings} >= {"BN-008", "BN-009", "BN-011", "BJ-011"}


# -- worksheet functions on a whole column ------------------------------------------------------

def _generic_numbers(value: list, arg: int = 0) -> list:
    return [functions._num(raw, arg, r, c) for r, c, raw in functions.cells(value)]


@pytest.mark.parametrize("value", [
    [[Decimal("1.5")], [None], [2.5], [3], ["4"], ["—"], [""]],
    [[Decimal("1")], [Decimal("2"), Decimal("3")], ["x"]],  # not a column from the second row on
    [[Decimal("1")], 7, [None]],
    [[Decimal("1")], ["三千"], [Decimal("2"), "bad"]],
    [],
])
def test_numbers_of_a_column_are_the_cell_by_cell_numbers(value: list) -> None:
    def outcome(read: Callable[[list], list]) -> object:
        try:
            return read(value)
        except functions.ArgError as exc:
            return exc.text()

    assert outcome(functions.numbers) == outcome(_generic_numbers)
    assert functions.labels(value) == [functions._plain(raw) for _r, _c, raw in functions.cells(value)]


def test_sumcategory_of_a_shared_column_is_the_sum_of_a_plain_one() -> None:
    amounts = [[Decimal("1.5")], [Decimal("2")], [None], [Decimal("4.25")], [Decimal("8")], [Decimal("0.5")]]
    codes = [["A0201"], ["B07"], ["C01"], ["a0601"], [" A07 "], [None]]
    kinds = ("货物", "工程", "服务", "全部", "资产", "其他")
    plain = [functions.ys_sumcategory(amounts, codes, kind) for kind in kinds]
    shared_amounts, shared_codes = functions.SharedRange(amounts), functions.SharedRange(codes)
    assert [functions.ys_sumcategory(shared_amounts, shared_codes, kind) for kind in kinds] == plain == [
        13.75, 2.0, "—", 15.75, 5.75, 0.0]
    # another book's columns (the first are gone): summed afresh
    del shared_amounts, shared_codes
    assert functions._GROUPED[0] is None  # what was derived from them went with them
    assert functions.ys_sumcategory(functions.SharedRange(amounts[:2]), functions.SharedRange(codes[:2]), "全部") == 3.5
    bad = functions.SharedRange([[Decimal("1")], ["三千"]])
    assert functions.ys_sumcategory(bad, functions.SharedRange(codes[:2]), "全部") == functions.ys_sumcategory(
        [[Decimal("1")], ["三千"]], codes[:2], "全部")


def test_a_form_table_has_no_whole_column(seed_book: Book) -> None:
    with pytest.raises(ValueError, match="form table"):
        seed_book.column("income_expenditure", "amount")


def test_a_cell_out_of_order_after_a_note_line_is_still_read() -> None:
    """The walk stops at 注： but must not miss a cell of an earlier row stored after it."""
    table = TABLES_BY_KEY["procurement"]
    cells = {(1, i): RawCell(col.label, "s") for i, col in enumerate(table.columns, start=1)}
    cells.update({(2, 1): RawCell("甲", "s"), (2, 8): RawCell("3", "n"), (3, 1): RawCell("注：完", "s"),
                  (4, 8): RawCell("9", "n")})
    cells[(2, 9)] = RawCell("3", "n")  # stored last, belongs to row 2
    sheet = Sheet(table.sheet, cells, [], 4, True)
    data: dict = {}
    read_table(sheet, table, data, Refs(), [])
    assert data["procurement"] == [{"project": "甲", "amount": Decimal("3"), "gp": Decimal("3")}]
