"""The helpers added since the mutation run last passed, tested directly: the rule helpers (breakdown_check,
carryover_left_out, rows_sum_check, detail_sum), the number guards (visible, stored_number, sane) and
calc.judge at the edges of its intervals. Expected values are worked out by hand, or (for judge) by an
oracle written here with Fractions that shares no code with calc.
"""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

from budget_addin.core import calc
from budget_addin.core.dataset import Dataset, complete
from budget_addin.core.details import DetailGroup
from budget_addin.core.findings import CATALOGUE
from budget_addin.core.model import Book
from budget_addin.core.numbers import NumberError, parse_figure, sane, stored_number, visible
from budget_addin.rules import load_catalogue
from budget_addin.rules.common import breakdown_check, carryover_left_out, detail_sum, rows_sum_check

load_catalogue()
RULE = CATALOGUE["BN-007"]


def book(data: Dataset) -> Book:
    return Book(complete(data), source="test")


# -- breakdown_check -------------------------------------------------------------------------------------------


def _procurement(total: str, goods: str, works: str, services: str) -> Book:
    return book({"procurement_summary": {"total": {"amount": D(total)}, "goods": {"amount": D(goods)},
                                         "works": {"amount": D(works)}, "services": {"amount": D(services)}}})


def test_breakdown_check_adds_the_declared_parts_of_the_row() -> None:
    assert list(breakdown_check(_procurement("100", "50", "30", "20"), RULE, "procurement_summary", "total")) == []
    (found,) = breakdown_check(
        _procurement("100", "50", "30", "25"), RULE, "procurement_summary", "total", what="采购合计"
    )
    assert (found.expected, found.actual) == (D(105), D(100))
    assert found.message.startswith("采购合计 100 应等于所列各项之和 50 + 30 + 25 = 105，相差 5")
    assert found.cells[0] == "政府采购构成!B4" and len(found.cells) == 4


def test_breakdown_check_leaves_out_the_skipped_parts() -> None:
    data = _procurement("80", "50", "30", "25")
    (found,) = breakdown_check(data, RULE, "procurement_summary", "total")
    assert (found.expected, found.actual) == (D(105), D(80))
    assert list(breakdown_check(data, RULE, "procurement_summary", "total", skip_parts=("services",))) == []


def test_breakdown_check_of_a_partial_row_allows_parts_below_the_total() -> None:
    """项目支出 is a 其中 row: its listed part may fall short of it, never exceed it."""
    short = book({"income_expenditure": {"project": {"amount": D(100)}, "project_own": {"amount": D(60)}}})
    assert list(breakdown_check(short, RULE, "income_expenditure", "project")) == []
    over = book({"income_expenditure": {"project": {"amount": D(100)}, "project_own": {"amount": D(120)}}})
    (found,) = breakdown_check(over, RULE, "income_expenditure", "project")
    assert (found.expected, found.actual) == (D(120), D(100)) and "不应超过" in found.message


# -- carryover_left_out ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "this_year", "carried", "left_out"), [
    ("100", "100", "10", True),  # 收入总计 = 本年收入 although 10 is carried over
    ("100", "100.004", "10", True),  # within half a cent
    ("100", "100.006", "10", False),
    ("110", "100", "10", False),  # the carry-over is in the total
    ("100", "100", "0", False),  # nothing carried over
    ("100", "100", None, False),
    (None, "100", "10", False),
    ("100", None, "10", False),
])
def test_carryover_left_out(total: str | None, this_year: str | None, carried: str | None, left_out: bool) -> None:
    rows = {"income_total": total, "income_this_year": this_year, "carryover": carried}
    data = {"income_expenditure": {k: {"amount": D(v)} for k, v in rows.items() if v is not None}}
    assert carryover_left_out(book(data)) is left_out


# -- rows_sum_check --------------------------------------------------------------------------------------------

FUNDS = ("gp", "fund", "soe", "special", "other")


def _projects(*rows: dict[str, str]) -> Book:
    return book({"procurement": [{"project": f"项目{i + 1}", **{k: D(v) for k, v in row.items()}}
                                 for i, row in enumerate(rows)]})


def test_rows_sum_check_names_each_row_whose_sources_do_not_add_up() -> None:
    data = _projects({"amount": "10", "gp": "6", "fund": "4"},  # adds up
                     {"amount": "10", "gp": "6", "other": "3"},  # 9, not 10
                     {"amount": "5"},  # no source stated: nothing to add
                     {"gp": "5"},  # no amount: nothing to check
                     {"amount": "7", "gp": "7.004"},  # within half a cent
                     {"amount": "7", "special": "7.006", "soe": "-1"})  # 6.006
    found = list(rows_sum_check(data, RULE, "procurement", "amount", FUNDS, lambda r: f"项目{r + 1}", "各资金来源之和"))
    assert [(f.expected, f.actual) for f in found] == [(D(9), D(10)), (D("6.006"), D(7))]
    assert found[0].message == "“项目2”合计 10 应等于各资金来源之和 6 + 3 = 9"
    assert found[0].cells == ("政府采购预算!H5", "政府采购预算!I5", "政府采购预算!M5")
    assert found[1].message.startswith("“项目6”合计 7 应等于各资金来源之和 -1 + 7.01 = 6.01")


# -- detail_sum ------------------------------------------------------------------------------------------------


def _details(*amounts: str | None) -> Book:
    return book({"details": [{"parent": "基本支出", "kind": "构成", "item": f"项{i}",
                              **({"amount": D(a)} if a is not None else {})} for i, a in enumerate(amounts)]})


def _group(rows: int) -> DetailGroup:
    return DetailGroup("details", "基本支出", "构成", tuple(range(rows)), ("income_expenditure", "basic"))


def test_detail_sum_against_the_whole_breakdown() -> None:
    data = _details("30", "20", None)
    assert list(detail_sum(data, RULE, _group(3), "amount", D(50), "收入支出!B19", "基本支出", False)) == []
    assert list(detail_sum(data, RULE, _group(3), "amount", D("50.004"), "收入支出!B19", "基本支出", False)) == []
    (found,) = detail_sum(data, RULE, _group(3), "amount", D(60), "收入支出!B19", "基本支出", False)
    assert (found.expected, found.actual) == (D(50), D(60))
    assert found.message == "基本支出 60 应等于所列各项之和 30 + 20 = 50，相差 10"
    assert found.cells[0] == "收入支出!B19" and len(found.cells) == 3  # the blank row names no cell


def test_detail_sum_of_a_partial_list_may_fall_short_but_not_exceed() -> None:
    data = _details("30", "-5", "40")
    assert list(detail_sum(data, RULE, _group(3), "amount", D(80), "X!B1", "项目支出", True)) == []
    (found,) = detail_sum(data, RULE, _group(3), "amount", D(60), "X!B1", "项目支出", True)
    assert (found.expected, found.actual) == (D(65), D(60))
    assert found.message == "项目支出 60 不应超过“其中”所列各项之和 30 − 5 + 40 = 65，超出 5"


def test_detail_sum_with_a_unit_writes_the_figures_as_they_are() -> None:
    data = book({"details": [{"parent": "人员", "kind": "构成", "item": "a", "amount": D(3)},
                             {"parent": "人员", "kind": "构成", "item": "b", "amount": D(4)}]})
    (found,) = detail_sum(data, RULE, _group(2), "amount", D(8), "X!B1", "实有人数", False, unit="人")
    assert found.message == "实有人数 8人 应等于所列各项之和 3 + 4 = 7人，相差 1人"


def test_detail_sum_with_nothing_stated_finds_nothing() -> None:
    assert list(detail_sum(_details(None, None), RULE, _group(2), "amount", D(5), "X!B1", "基本支出", False)) == []


def test_detail_sum_of_changes_names_the_cell_each_change_comes_from() -> None:
    """增减额（采用）: the stated change where there is one, else 本年 − 上年 (its 本年 cell)."""
    data = book({"details": [{"parent": "基本支出", "kind": "构成", "item": "a", "change": D(5)},
                             {"parent": "基本支出", "kind": "构成", "item": "b", "amount": D(10), "prior": D(7)}]})
    (found,) = detail_sum(data, RULE, _group(2), "change_used", D(10), "收入支出!D19", "基本支出增减", False)
    assert (found.expected, found.actual) == (D(8), D(10))
    assert found.cells == ("收入支出!D19", "明细!F4", "明细!D5")


# -- visible, stored_number, sane ------------------------------------------------------------------------------


@pytest.mark.parametrize(("ch", "shown"), [
    ("\x01", "\\u0001"),  # Cc
    ("\u200b", "\\u200b"),  # Cf
    ("\u2028", "\\u2028"),  # Zl
    ("\u2029", "\\u2029"),  # Zp
    ("\u3000", "\\u3000"),  # Zs, not the ASCII space
    ("\ue000", "\\ue000"),  # Co
    ("\ud800", "\\ud800"),  # Cs
    ("\u0378", "\\u0378"),  # Cn
    ("\uffff", "\\uffff"),  # Cn, the last code point written with four digits
    ("\U000e0001", "\\U000e0001"),  # Cf beyond the BMP: eight digits
    (" ", " "), ("a", "a"), ("预", "预"), ("１", "１"),
])
def test_visible_escapes_exactly_the_invisible_characters(ch: str, shown: str) -> None:
    assert visible(f"1{ch}2") == f"1{shown}2"


def test_a_number_error_shows_the_invisible_character_it_met() -> None:
    with pytest.raises(NumberError) as caught:
        parse_figure("12\u200b3")
    assert str(caught.value) == '无法识别的数值 "12\\u200b3"'


@pytest.mark.parametrize(("text", "value"), [("562.1799999999999", "562.1799999999999"), ("1E-3", "0.001"),
                                             (" 5 ", "5"), ("-12.5", "-12.5")])
def test_stored_number_reads_what_a_file_stores(text: str, value: str) -> None:
    assert stored_number(text) == D(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("nan", "不是有效数值（非有限数）"),
        ("NaN", "不是有效数值（非有限数）"),
        ("-inf", "不是有效数值（非有限数）"),
        ("+Infinity", "不是有效数值（非有限数）"),
        ("sNaN", "不是有效数值（非有限数）"),
        ("INF", "不是有效数值（非有限数）"),
        ("abc", "无法识别的数值"),
        ("", "无法识别的数值"),
        (None, "无法识别的数值"),
        ("inf+", "无法识别的数值"),
        ("1E15", "数值过大（超过 10 的 15 次方），请检查"),
        ("-2E16", "数值过大（超过 10 的 15 次方），请检查"),
    ],
)
def test_stored_number_refuses_with_the_reason_and_the_text_as_stored(text: str | None, reason: str) -> None:
    with pytest.raises(NumberError) as caught:
        stored_number(text)
    assert (caught.value.reason, caught.value.raw) == (reason, text)


def test_sane_keeps_below_ten_to_the_fifteenth_and_names_the_raw_value() -> None:
    assert sane(D("999999999999999.99")) == D("999999999999999.99")
    assert sane(D("-999999999999999")) == D("-999999999999999")
    with pytest.raises(NumberError) as at_limit:
        sane(D("1E15"))
    assert (at_limit.value.reason, at_limit.value.raw) == ("数值过大（超过 10 的 15 次方），请检查", D("1E15"))
    with pytest.raises(NumberError) as typed:
        sane(D("Infinity"), "原文")
    assert (typed.value.reason, typed.value.raw) == ("不是有效数值（非有限数）", "原文")
    with pytest.raises(NumberError) as bare:
        sane(D("NaN"))
    assert bare.value.reason == "不是有效数值（非有限数）" and str(bare.value.raw) == "NaN"


@pytest.mark.parametrize("raw", [float("inf"), float("-inf"), float("nan")])
def test_parse_figure_refuses_non_finite_floats(raw: float) -> None:
    with pytest.raises(NumberError) as caught:
        parse_figure(raw)
    assert caught.value.reason == "不是有效数值（非有限数）"


@pytest.mark.parametrize("raw", [1e16, "2000000000000000", "2,000,000,000,000,000万元"])
def test_parse_figure_refuses_absurd_magnitudes_naming_what_was_typed(raw: object) -> None:
    with pytest.raises(NumberError) as caught:
        parse_figure(raw)
    assert (caught.value.reason, caught.value.raw) == ("数值过大（超过 10 的 15 次方），请检查", raw)


@pytest.mark.parametrize("decimals", [-9, 0, 2, 17, 20])
def test_quantum_is_ten_to_the_minus_decimals_inside_and_outside_the_cache(decimals: int) -> None:
    assert calc.quantum(decimals) == D(10) ** -decimals


# -- calc.judge at the edges, against an oracle in Fractions -----------------------------------------------------


def _meet(a: tuple[Fraction, Fraction, bool, bool], b: tuple[Fraction, Fraction, bool, bool]) -> bool:
    """Two intervals (lo, hi, lo_open, hi_open) share a value."""
    lo, lo_open = max((a[0], a[2]), (b[0], b[2]), key=lambda e: (e[0], e[1]))
    hi, hi_open = min((a[1], not a[3]), (b[1], not b[3]), key=lambda e: (e[0], e[1]))
    return lo < hi or (lo == hi and not lo_open and hi_open)  # hi_open here is "closed" (flipped for the min)


def _oracle(stated: Fraction, step: Fraction, computed: tuple[Fraction, Fraction, bool, bool]) -> tuple[bool, bool]:
    rounded = (stated - step / 2, stated + step / 2, False, False)
    truncated = (stated, stated + step, False, True) if stated >= 0 else (stated - step, stated, True, False)
    return _meet(rounded, computed), _meet(truncated, computed)


STATED = ["7.8", "-7.8", "0"]
EDGES = ["-0.1", "-0.05", "0", "0.05", "0.1", "0.15"]  # offsets of the computed bounds from the stated figure


@pytest.mark.parametrize("stated", STATED)
@pytest.mark.parametrize("lo_open", [False, True])
@pytest.mark.parametrize("hi_open", [False, True])
def test_judge_agrees_with_the_oracle_at_every_edge(stated: str, lo_open: bool, hi_open: bool) -> None:
    s = D(stated)
    for a in EDGES:
        for b in EDGES:
            lo, hi = s + D(a), s + D(b)
            if lo > hi or (lo == hi and (lo_open or hi_open)):
                continue
            judgement = calc.judge(s, 1, calc.Interval(lo, hi, hi_open=hi_open, lo_open=lo_open))
            expected = _oracle(Fraction(s), Fraction(1, 10), (Fraction(lo), Fraction(hi), lo_open, hi_open))
            assert (judgement.rounded_ok, judgement.truncated_ok) == expected, (stated, a, b, lo_open, hi_open)


def test_judge_worked_examples() -> None:
    """17.84 shown as 17.8 holds rounded; 17.86 only truncated; 17.9 neither way is 17.84 → 17.8."""
    assert (lambda j: (j.rounded_ok, j.truncated_ok))(calc.judge(D("17.8"), 1, calc.exact(D("17.84")))) == (True, True)
    assert (lambda j: (j.rounded_ok, j.truncated_ok))(calc.judge(D("17.8"), 1, calc.exact(D("17.86")))) == (False, True)
    assert (lambda j: (j.rounded_ok, j.truncated_ok))(calc.judge(D("17.9"), 1, calc.exact(D("17.84")))) == (
        False,
        False,
    )
    assert (lambda j: (j.rounded_ok, j.truncated_ok))(calc.judge(D("-17.8"), 1, calc.exact(D("-17.86")))) == (
        False,
        True,
    )


# -- exactly half a cent, and the rest the first mutation run left alive ---------------------------------------


def test_exactly_half_a_cent_is_a_difference() -> None:
    """CENT_TOLERANCE is 0.005: a difference of 0.005 is reported (< tolerance is silent, not ≤)."""
    rows = {"income_total": "100", "income_this_year": "100.005", "carryover": "10"}
    assert carryover_left_out(book({"income_expenditure": {k: {"amount": D(v)} for k, v in rows.items()}})) is False
    data = _details("30", "20")
    (whole,) = detail_sum(data, RULE, _group(2), "amount", D("50.005"), "X!B1", "基本支出", False)
    assert (whole.expected, whole.actual) == (D(50), D("50.005"))
    (partial,) = detail_sum(data, RULE, _group(2), "amount", D("49.995"), "X!B1", "项目支出", True)
    assert (partial.expected, partial.actual) == (D(50), D("49.995"))
    projects = _projects({"amount": "7", "gp": "7.005"})
    (row,) = rows_sum_check(projects, RULE, "procurement", "amount", FUNDS, str, "各资金来源之和")
    assert (row.expected, row.actual) == (D("7.005"), D(7))


def test_detail_sum_writes_each_term_with_its_sign() -> None:
    """A zero part is + 0 and a part below 1 is + 0.5 (only a negative part is − …); amounts rounded to the cent."""
    data = _details("30.10", "0", "0.5", "-2.125")
    (found,) = detail_sum(data, RULE, _group(4), "amount", D(10), "X!B1", "基本支出", False)
    assert found.message == "基本支出 10 应等于所列各项之和 30.1 + 0 + 0.5 − 2.13 = 28.48，相差 18.48"
    (counted,) = detail_sum(data, RULE, _group(4), "amount", D(10), "X!B1", "人数", False, unit="人")
    assert counted.message == "人数 10人 应等于所列各项之和 30.10 + 0 + 0.5 − 2.125 = 28.475人，相差 18.475人"


def test_sum_check_with_a_blank_part_warns_naming_it() -> None:
    """货物 50 + 工程 30 < 合计 100 with 服务 blank: a warning (服务 may hold the 20), its cell named last."""
    data = book({"procurement_summary": {"total": {"amount": D(100)}, "goods": {"amount": D(50)},
                                         "works": {"amount": D(30)}}})
    (found,) = breakdown_check(data, RULE, "procurement_summary", "total")
    assert (found.severity, found.expected, found.actual) == ("warning", D(80), D(100))
    assert found.cells == ("政府采购构成!B4", "政府采购构成!B5", "政府采购构成!B6", "政府采购构成!B7")
    assert "服务未填" in found.message
    over = book({"procurement_summary": {"total": {"amount": D(100)}, "goods": {"amount": D("70.5")},
                                         "works": {"amount": D(30)}}})
    (error,) = breakdown_check(over, RULE, "procurement_summary", "total")  # parts above the total: blank or not
    assert (error.severity, error.expected, error.actual) == ("error", D("100.5"), D(100))
    assert "按空计" in error.message


def test_need_table_says_whether_the_sheet_is_missing_or_empty() -> None:
    from budget_addin.core.findings import MissingData
    from budget_addin.rules.common import need_table

    with pytest.raises(MissingData) as empty:
        need_table(book({}), "procurement")
    assert str(empty.value) == "“政府采购预算”表未填写"
    with pytest.raises(MissingData) as missing:
        need_table(Book({}, source="test"), "procurement")
    assert str(missing.value) == "缺少工作表“政府采购预算”"


def test_a_zero_shown_truncated_stands_for_zero_up_to_a_step() -> None:
    assert calc.shown(D(0), 1, "truncate") == calc.Interval(D(0), D("0.1"), hi_open=True)
    assert calc.shown(D("-0.1"), 1, "truncate") == calc.Interval(D("-0.2"), D("-0.1"), lo_open=True)


def test_parse_figure_names_the_float_as_typed() -> None:
    with pytest.raises(NumberError) as caught:
        parse_figure(1e16)
    assert type(caught.value.raw) is float
