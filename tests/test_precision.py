"""One precision rule, 四舍五入 everywhere: the cell in Excel, the headless reader, the ribbon and the
rules give the same verdict for the same figure.

Expected figures and verdicts are worked out by hand in the comments, not by the code under test.
"""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from conftest import COMMITTED
from fake_xlwings import FakeBook

from budget_addin.core import calc
from budget_addin.core.findings import CATALOGUE, MissingData
from budget_addin.core.functions import NOTHING
from budget_addin.core.model import _TOKEN, Book, formula_template, year_on_year
from budget_addin.core.schema import TABLES, TABLES_BY_KEY
from budget_addin.excel import udfs
from budget_addin.excel.xl_grid import sheets_from_xlwings
from budget_addin.files.reader import read_sheets, read_workbook
from budget_addin.rules import load_catalogue
from budget_addin.rules.common import ratio_check, row_sum_check, sum_check

load_catalogue()
SHARE_RULE, SUM_RULE = CATALOGUE["BN-013"], CATALOGUE["BN-007"]


# -- the one function ---------------------------------------------------------------------------

@pytest.mark.parametrize(("figure", "number_format", "decimals"), [
    (0.053, "0.00%", 2), (0.053, "0%", 0), (0.053, "0.0%", 1), (0.05, "0.0#%", 1), (0.0525, "0.0#%", 2),
    (1304.8, "#,##0.00", 2), (2.5, "#,##0.##", 1), (2.555, "#,##0.##", 2), (3, "0", 0), (7, "General", 0),
    (1.5, "0.00_);[Red](0.00)", 2), (1.5, '"¥"#,##0.0', 1), (0.07, "P2", 2), (0.07, "F0", 0),
    ("7.80%", None, 2), ("7%", None, 0), ("１，３０４．８５", None, 2), ("1,117.2", None, 1),
    (D("5.30"), None, 2), (D("7"), None, 0), (D("1E+2"), None, 0), (0.1, None, 1), (None, None, 0),
])
def test_shown_decimals_come_from_the_format_else_from_the_figure(figure: object, number_format: str | None,
                                                                 decimals: int) -> None:
    assert calc.shown_decimals(figure, number_format) == decimals


@pytest.mark.parametrize(("fraction", "number_format", "decimals"), [
    (D("0.0530"), None, 2), (D("0.053"), None, 1), (D("0.07"), None, 0), (0.053, None, 1), (0.053, "General", 1),
    (0.053, "0.00%", 2), (0.125, "0%", 0), (1.0, "0.00%", 2), (0.0, "0%", 0), ("5.30%", None, 2), ("7％", None, 0),
    (0.053, "0.000", 1), (0.07, "P1", 1),
])
def test_percent_decimals_of_a_fraction(fraction: object, number_format: str | None, decimals: int) -> None:
    assert calc.percent_decimals(fraction, number_format) == decimals


def test_same_to_the_cent_is_half_a_cent() -> None:
    assert D("0.005") == calc.CENT_TOLERANCE
    assert calc.same_to_the_cent(D("10.004"), D("10"))
    assert calc.same_to_the_cent(D("-10.004"), D("-10"))
    assert not calc.same_to_the_cent(D("10.005"), D("10"))  # 0.005 already shows as a cent
    assert not calc.same_to_the_cent(D("10"), D("10.006"))


# -- a small workbook: the 政府采购构成 sheet, figures and formats as a clerk leaves them -----------

SHEET = "政府采购构成"
ROWS = {"total": 4, "goods": 5, "works": 6, "services": 7}
# Column of 占比（说明所列） and of its check, as the schema lays out the sheet (label in A).
STATED_COL = 2 + [c.key for c in TABLES_BY_KEY["procurement_summary"].columns].index("stated_share")
STATED, CHECK = f"{chr(64 + STATED_COL)}5", f"{chr(65 + STATED_COL)}5"


def _workbook(path: Path, amounts: dict[str, float], stated: float | None = None, number_format: str = "0.00%") -> Path:
    """总计 B4, 货物/工程/服务 B5:B7, 货物所列占比 in STATED (with its format); headers as the schema's."""
    table = TABLES_BY_KEY["procurement_summary"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.cell(3, 1, table.label_header)
    for index, column in enumerate(table.columns):
        sheet.cell(3, index + 2, column.label)
    for row in table.rows:
        sheet.cell(ROWS[row.key], 1, row.label)
        if row.key in amounts:
            sheet.cell(ROWS[row.key], 2, amounts[row.key])
    if stated is not None:
        sheet.cell(5, STATED_COL, stated).number_format = number_format
    book.save(path)
    return path


def _verdict_of_cell(text: object) -> str:
    if text == "✓":
        return "ok"
    if isinstance(text, str) and text.startswith("✗ 截尾"):
        return "truncate"
    if isinstance(text, str) and text.startswith("✗"):
        return "wrong"
    return "unchecked"


def _verdict_of_findings(run) -> str:  # noqa: ANN001 - a generator of findings
    try:
        found = list(run)
    except MissingData:
        return "unchecked"
    if not found:
        return "ok"
    return "truncate" if all(f.severity == "warning" for f in found) else "wrong"


def _caller(book: FakeBook, cell: str, formula: str):  # noqa: ANN202 - what xlwings hands a UDF
    caller = book.sheets[SHEET].range(cell)
    caller.formula = formula
    return caller


def _ratio_rule(book: Book) -> str:
    return _verdict_of_findings(ratio_check(book, SHARE_RULE, ("procurement_summary", "goods", "stated_share"),
                                            ("procurement_summary", "goods", "amount"),
                                            ("procurement_summary", "total", "amount"), "货物占比"))


# (stated fraction in the cell, its number format, part, whole, verdict worked out by hand)
RATIO_CASES = [
    # 20.28 ÷ 383.28 = 5.2912%; with ±½ cent on both: [5.2898%, 5.2925%]
    (0.053, "0.00%", 20.28, 383.28, "wrong"),      # shows 5.30%: [5.295, 5.305] misses; 截尾 [5.30, 5.31) too
    (0.053, "0.0%", 20.28, 383.28, "ok"),          # shows 5.3%: [5.25, 5.35]
    (0.052, "0.0%", 20.28, 383.28, "truncate"),    # shows 5.2%: [5.15, 5.25] misses, 截尾 [5.2, 5.3) holds
    # 0.125 formatted 0% shows 13% (四舍五入; banker's would show 12%). 12 ÷ 100 = 12% ([11.994%, 12.006%])
    (0.125, "0%", 12, 100, "wrong"),               # 13% ± 0.5 = [12.5, 13.5] misses; 截尾 [13, 14) misses too
    (0.125, "0%", 12.6, 100, "ok"),                # 12.6%: inside [12.5, 13.5]
    # 0.0785 as 0.0% shows 7.9%; 7.87 ÷ 100 = 7.87% inside [7.85, 7.95]; banker's 7.8% would miss
    (0.0785, "0.0%", 7.87, 100, "ok"),
    (0.0785, "0.0%", 7.83, 100, "wrong"),          # [7.8246%, 7.8354%] misses [7.85, 7.95] and 截尾 [7.9, 8.0)
    # x.xx5: 0.07825 as 0.00% shows 7.83% (banker's: 7.82%); 94.8 ÷ 1210.05 = 7.8344% ([7.83386, 7.83483])
    (0.07825, "0.00%", 94.8, 1210.05, "ok"),
    (0.0782, "0.00%", 94.8, 1210.05, "wrong"),     # 7.82%: [7.815, 7.825] misses; 截尾 [7.82, 7.83) misses
    (0.07, "0%", 94.8, 1210.05, "truncate"),       # the seed's 基本支出增幅 7%: only 截尾 holds
    # negatives: −7.85 ÷ 100 = −7.85%; −0.0785 as 0.0% shows −7.9% (away from zero): [−7.95, −7.85] meets
    # computed: [−7.85539%, −7.84461%]
    (-0.0785, "0.0%", -7.85, 100, "ok"),
    (-0.0786, "0.00%", -7.85, 100, "ok"),          # −7.86% ± 0.005 = [−7.865, −7.855] meets it at its low end
    (-0.0787, "0.00%", -7.85, 100, "wrong"),       # [−7.875, −7.865] misses; 截尾 (−7.88, −7.87] too
    # 0 and 100%
    (0.0, "0%", 0, 10, "ok"),
    (0.0, "0.00%", 0.01, 10, "wrong"),             # [0.04998%, 0.1501%] is not 0.00% ± 0.005
    (1.0, "0%", 10, 10, "ok"),
    (1.0, "0.00%", 9.99, 10, "ok"),                # 9.995 ÷ 9.995 may be exactly 100%
    (1.0, "0.00%", 9.98, 10, "wrong"),             # at most 9.985 ÷ 9.995 = 99.90%
    (1.0, "0%", 9.96, 10, "ok"),                   # [99.50%, 99.70%] meets [99.5, 100.5]
]


@pytest.mark.parametrize(("stated", "number_format", "part", "whole", "verdict"), RATIO_CASES)
def test_cell_function_reader_ribbon_and_rule_agree_on_a_stated_percentage(
        tmp_path: Path, stated: float, number_format: str, part: float, whole: float, verdict: str) -> None:
    path = _workbook(tmp_path / "ratio.xlsx", {"total": whole, "goods": part}, stated, number_format)
    headless = read_workbook(path).book
    excel = FakeBook.from_workbook(path)
    live = read_sheets(sheets_from_xlwings(excel), "live").book
    in_cell = udfs.YS_CHECKRATIO(_caller(excel, CHECK, f"=YS_CHECKRATIO({STATED},B5,B4)"), stated, part, whole)
    assert {
        "rule (headless reader)": _ratio_rule(headless),
        "rule (open workbook)": _ratio_rule(live),
        "YS_CHECKRATIO in Excel": _verdict_of_cell(in_cell),
        "cached value of the check cell": _verdict_of_cell(headless.value("procurement_summary", "goods", "check")),
    } == dict.fromkeys(("rule (headless reader)", "rule (open workbook)", "YS_CHECKRATIO in Excel",
                        "cached value of the check cell"), verdict)


@pytest.mark.parametrize(("stated", "number_format", "percent"), [
    (0.125, "0%", D("13")), (0.0785, "0.0%", D("7.9")), (-0.125, "0%", D("-13")), (0.07825, "0.00%", D("7.83")),
    (0.053, "0.00%", D("5.30")), (0.053, "General", D("5.3")), (1.0, "0%", D("100")),
])
def test_a_percentage_is_read_as_the_cell_shows_it_half_up(tmp_path: Path, stated: float, number_format: str,
                                                           percent: D) -> None:
    path = _workbook(tmp_path / "read.xlsx", {"total": 1, "goods": 1}, stated, number_format)
    for book in (read_workbook(path).book, read_sheets(sheets_from_xlwings(FakeBook.from_workbook(path)), "live").book):
        value = book.number("procurement_summary", "goods", "stated_share")
        assert value is not None
        assert str(value.scaleb(2)) == str(percent)  # the shown decimals too: 5.30 is not 5.3


def test_decimals_given_to_the_cell_function_as_count_format_or_cell_code() -> None:
    # 5.30% against 5.2912% is wrong, 5.3% is right: the decimals decide
    assert _verdict_of_cell(udfs.YS_CHECKRATIO(None, 0.053, 20.28, 383.28)) == "ok"  # no format known: 0.053 → 5.3%
    for decimals in (2, "2", "0.00%", "P2"):
        assert _verdict_of_cell(udfs.YS_CHECKRATIO(None, 0.053, 20.28, 383.28, decimals)) == "wrong", decimals
    assert _verdict_of_cell(udfs.YS_CHECKRATIO(None, 0.053, 20.28, 383.28, "0.0%")) == "ok"


# (total, goods, works, services as typed, verdict worked out by hand: parts − total)
SUM_CASES = [
    (10.0, 4.995, 5.009, 0, "ok"),       # +0.004
    (10.0, 4.995, 5.0, 0, "wrong"),      # −0.005 shows as a cent
    (10.0, 5.006, 5.0, 0, "wrong"),      # +0.006
    (10.0, 5.0, 5.0, -0.004, "ok"),      # −0.004
    (-1.5, -1.004, -0.5, 0, "ok"),       # −0.004 on a negative total
    (-1.5, -1.006, -0.5, 0, "wrong"),    # −0.006
    (0, 0, 0, 0, "ok"),
    (383.28, 20.28, 363, 0, "ok"),       # the seed's 政府采购
    (383.28, 20.28, 363, 0.01, "wrong"),
]


@pytest.mark.parametrize(("total", "goods", "works", "services", "verdict"), SUM_CASES)
def test_cell_function_and_rule_agree_on_a_total(tmp_path: Path, total: float, goods: float, works: float,
                                                 services: float, verdict: str) -> None:
    amounts = {"total": total, "goods": goods, "works": works, "services": services}
    path = _workbook(tmp_path / "sum.xlsx", amounts)
    excel = FakeBook.from_workbook(path)
    rows = ("goods", "works", "services")
    verdicts = {
        "rule (headless reader)": _verdict_of_findings(
            sum_check(read_workbook(path).book, SUM_RULE, "procurement_summary", "total", rows, "amount")
        ),
        "rule (open workbook)": _verdict_of_findings(
            sum_check(
                read_sheets(sheets_from_xlwings(excel), "live").book,
                SUM_RULE,
                "procurement_summary",
                "total",
                rows,
                "amount",
            )
        ),
        "YS_CHECKSUM in Excel": _verdict_of_cell(
            udfs.YS_CHECKSUM(_caller(excel, "F4", "=YS_CHECKSUM(B4,B5,B6,B7)"), total, goods, works, services)
        ),
        "cached value": _verdict_of_cell(read_workbook(path).book.value("procurement_summary", "total", "check")),
    }
    assert verdicts == dict.fromkeys(verdicts, verdict)


# -- every check cell of the seed workbook ----------------------------------------------------------

def _tokens(template: str, table: str, row: object) -> list[tuple[str, list[object], str]]:
    """(table, rows, column) of each reference of a check template, ranges expanded."""
    spec = TABLES_BY_KEY[table]
    found = []
    for match in _TOKEN.finditer(template):
        target = TABLES_BY_KEY[match["table"]] if match["table"] else spec
        rows = match["rows"]
        if rows is None:
            keys: list[object] = [row]
        elif ":" in rows:
            order = [r.key for r in target.rows]
            first, last = rows.split(":")
            keys = order[order.index(first): order.index(last) + 1]
        else:
            keys = [rows]
        found.append((target.key, keys, match["col"]))
    return found


def _seed_check_cells(book: Book) -> list[tuple[str, str, object, str]]:
    """(name, table, row, template) of every YS_CHECKRATIO / YS_CHECKSUM / YS_CHECKYOY over plain references."""
    cells = []
    for table in TABLES:
        for col in ("check", "yoy_check"):
            if not book.has_table(table.key) or col not in {c.key for c in table.columns}:
                continue
            for row in book.rows(table.key):
                template = formula_template(table, row, col)
                match = re.fullmatch(r"=(YS_CHECKRATIO|YS_CHECKSUM|YS_CHECKYOY)\(([^()]*)\)", template or "")
                if match and "!" not in template:
                    cells.append((match[1], table.key, row, template))
    return cells


def _rule_verdict(book: Book, name: str, table: str, row: object, template: str) -> str:
    tokens = _tokens(template, table, row)
    table, row = tokens[0][0], tokens[0][1][0]  # the stated figure may sit in another row (所列增减项合计)
    if book.number(table, row, tokens[0][2]) is None:
        return "unchecked"  # nothing stated: the cell shows a dash, the rule has nothing to judge
    if name == "YS_CHECKYOY":
        return _yoy_verdict(book, table, row)
    if name == "YS_CHECKRATIO":
        (t0, (r0,), c0), (t1, (r1,), c1), (t2, (r2,), c2) = tokens
        return _verdict_of_findings(ratio_check(book, SHARE_RULE, (t0, r0, c0), (t1, r1, c1), (t2, r2, c2), "占比"))
    stated_col = tokens[0][2]
    columns = {c for _, _, c in tokens[1:]}
    if columns == {stated_col}:
        parts = [r for _, keys, _ in tokens[1:] for r in keys]
        return _verdict_of_findings(sum_check(book, SUM_RULE, table, row, parts, stated_col))
    return _verdict_of_findings(row_sum_check(book, SUM_RULE, table, row, stated_col, [c for _, _, c in tokens[1:]],
                                              "合计", "各项"))


def _yoy_verdict(book: Book, table: str, row: object) -> str:
    """What BN-025 (本年 − 上年 = 增减额) and BN-015 (增减率) say of one row."""
    current, prior, change = (book.number(table, row, c) for c in ("amount", "prior", "change"))
    if None not in (current, prior, change) and not calc.same_to_the_cent(current - prior, change):
        return "wrong"
    if book.number(table, row, "stated_growth") is None:
        return "unchecked" if prior is None and change is None else "ok"
    yoy = year_on_year(book, table, row)
    return _verdict_of_findings(
        ratio_check(book, SHARE_RULE, (table, row, "stated_growth"), yoy.change, yoy.prior, "增幅")
    )


def test_every_check_cell_of_the_seed_workbook_agrees_with_the_rule() -> None:
    headless = read_workbook(COMMITTED).book
    excel = FakeBook.from_workbook(COMMITTED)
    cells = _seed_check_cells(headless)
    assert sum(1 for name, *_ in cells if name == "YS_CHECKRATIO") >= 13
    # (sums whose parts include a derived subtotal nest YS_SUBTOTAL and are judged in test_template/test_functions)
    assert sum(1 for name, *_ in cells if name == "YS_CHECKSUM") >= 12
    assert sum(1 for name, *_ in cells if name == "YS_CHECKYOY") >= 30
    disagreements = []
    judged = {"ok": 0, "wrong": 0, "truncate": 0, "unchecked": 0}
    for name, table, row, template in cells:
        ref = headless.ref(table, row, "yoy_check" if name == "YS_CHECKYOY" else "check")
        sheet, address = ref.split("!")
        formula = excel.sheets[sheet].range(address)
        cached = excel.sheets[sheet].range(address).value
        arguments = [
            _argument_value(excel, sheet, headless, t, keys, c) for t, keys, c in _tokens(template, table, row)
        ]
        caller = formula
        caller.formula = "=" + name + "(" + ",".join(_address(headless, t, keys, c) for t, keys, c in
                                                    _tokens(template, table, row)) + ")"
        in_excel = getattr(udfs, name)(caller, *arguments)
        rule = _rule_verdict(headless, name, table, row, template)
        judged[rule] += 1
        if not (_verdict_of_cell(in_excel) == _verdict_of_cell(cached) == rule):
            disagreements.append((ref, in_excel, cached, rule))
    assert disagreements == []
    # the seed's own slips are among them
    assert judged["wrong"] >= 1 and judged["truncate"] >= 1 and judged["ok"] >= 20


def _address(book: Book, table: str, keys: list[object], col: str) -> str:
    first, last = book.ref(table, keys[0], col).split("!")[1], book.ref(table, keys[-1], col).split("!")[1]
    return first if first == last else f"{first}:{last}"


def _argument_value(excel: FakeBook, sheet: str, book: Book, table: str, keys: list[object], col: str) -> object:
    values = [excel.sheets[sheet].range(book.ref(table, k, col).split("!")[1]).value for k in keys]
    return values[0] if len(values) == 1 else [[v] for v in values]


def test_nothing_to_check_is_not_a_tick() -> None:
    assert udfs.YS_CHECKRATIO(None, None, 1, 2) == NOTHING
    assert udfs.YS_CHECKSUM(None, None, None, None) == NOTHING
    assert udfs.YS_CHECKSUM(None, None, 1, 2) == "＝ 3.00（按各项推算）"  # a blank subtotal shows what its parts make


def test_the_open_workbook_reads_number_formats_of_percent_cells_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from fake_xlwings import FakeSheet

    excel = FakeBook.from_workbook(COMMITTED)
    asked: list[tuple[str, str]] = []
    original = FakeSheet.range

    def counted(self: FakeSheet, address: str):  # noqa: ANN202 - the fake's own return type
        asked.append((self.name, address))
        return original(self, address)

    monkeypatch.setattr(FakeSheet, "range", counted)
    sheets_from_xlwings(excel)
    monkeypatch.undo()
    headers = {(name, re.sub(r"\d+", "", address)): excel.sheets[name].range(re.sub(r"\d+", "", address) + "3").value
               for name, address in asked}
    percent_labels = {c.label for t in TABLES for c in t.columns if c.fmt == "percent"}
    assert len(asked) >= 20  # the stated and computed percentages of the seed
    assert set(headers.values()) <= percent_labels  # never an amount column
