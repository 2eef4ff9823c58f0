"""The arithmetic (calc), the number reader (numbers) and the rule helpers (rules.common) to the last
detail: defaults, open and closed interval ends, blanks, and the exact words of each finding.

Written against the mutants ``python tests/mutation.py`` found alive; every figure is worked by hand.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budget_addin.core import calc
from budget_addin.core.calc import Interval, exact, shown
from budget_addin.core.dataset import complete
from budget_addin.core.findings import CATALOGUE, MissingData
from budget_addin.core.model import Book
from budget_addin.core.numbers import NumberError, parse_amount, parse_figure, to_decimal
from budget_addin.rules import load_catalogue
from budget_addin.rules.common import equal_check, label, need_table, ratio_check, row_sum_check, sum_check

load_catalogue()
RULE = CATALOGUE["BN-007"]


# -- calc: the small functions and their defaults ----------------------------------------------

def test_defaults_round_to_the_cent_and_truncate_to_whole_numbers() -> None:
    assert calc.round_half_up(D("2.6755")) == D("2.68")
    assert calc.truncate(D("7.83")) == D("7")
    assert calc.fmt(D("2.675")) == "2.68"


def test_blanks_give_blanks() -> None:
    for function in (calc.variance, calc.prior_from_change, calc.growth, calc.share):
        assert function(None, D("1")) is None
        assert function(D("1"), None) is None
    assert calc.as_percent(None) is None
    assert calc.share(D("1"), D("0")) is None
    assert calc.growth(D("1"), D("0")) is None


def test_ratios_and_differences() -> None:
    assert calc.share(D("6"), D("9")) == D("6") / D("9")
    assert calc.share(D("20.28"), D("383.28")).quantize(D("0.0001")) == D("0.0529")
    assert calc.as_percent(D("0.0783")) == D("7.83")
    assert calc.variance(D("1304.85"), D("1210.05")) == D("94.80")
    assert calc.prior_from_change(D("1304.85"), D("94.8")) == D("1210.05")


def test_total_with_fewer_labels_than_values_counts_the_unlabelled_ones() -> None:
    assert calc.total([D("1"), D("2"), D("3")], ["基本支出", "其中：人员经费"]) == D("4")


def test_largest_remainder_gives_the_leftover_units_to_the_largest_remainders() -> None:
    assert calc.largest_remainder([D("1"), D("1"), D("1")]) == [D("33.34"), D("33.33"), D("33.33")]  # ties: earlier row
    assert calc.largest_remainder([D("1"), D("2")]) == [D("33.33"), D("66.67")]  # .00333 < .00667
    assert calc.largest_remainder([D("1"), D("2")], 0) == [D("33"), D("67")]
    assert calc.largest_remainder([D("0"), D("0")]) == [D("0.00"), D("0.00")]


# -- intervals: which ends are open ------------------------------------------------------------

def test_shown_intervals_and_their_open_ends() -> None:
    assert shown(D("7"), 0) == Interval(D("6.5"), D("7.5"), hi_open=False, lo_open=False)
    assert shown(D("7"), 0, "truncate") == Interval(D("7"), D("8"), hi_open=True, lo_open=False)
    assert shown(D("-7"), 0, "truncate") == Interval(D("-8"), D("-7"), hi_open=False, lo_open=True)
    with pytest.raises(ValueError, match="floor"):
        shown(D("7"), 0, "floor")


def test_sums_differences_and_scaling_carry_the_open_ends() -> None:
    up, down = shown(D("2"), 0, "truncate"), shown(D("-2"), 0, "truncate")  # [2, 3) and (−3, −2]
    assert exact(D("1")) + up == Interval(D("3"), D("4"), hi_open=True, lo_open=False)
    assert exact(D("1")) + down == Interval(D("-2"), D("-1"), hi_open=False, lo_open=True)
    assert exact(D("1")) - up == Interval(D("-2"), D("-1"), hi_open=False, lo_open=True)
    assert exact(D("1")) - down == Interval(D("3"), D("4"), hi_open=True, lo_open=False)
    assert up.scale(D("10")) == Interval(D("20"), D("30"), hi_open=True, lo_open=False)
    assert down.scale(D("10")) == Interval(D("-30"), D("-20"), hi_open=False, lo_open=True)


def test_intervals_meet_at_closed_ends_only() -> None:
    assert Interval(D("1"), D("2")).meets(Interval(D("2"), D("3")))
    assert Interval(D("2"), D("3")).meets(Interval(D("1"), D("2")))
    assert not Interval(D("1"), D("2"), hi_open=True).meets(Interval(D("2"), D("3")))
    assert not Interval(D("1"), D("2")).meets(Interval(D("2"), D("3"), lo_open=True))
    assert not Interval(D("2"), D("3")).meets(Interval(D("1"), D("2"), hi_open=True))
    assert not Interval(D("2"), D("3"), lo_open=True).meets(Interval(D("1"), D("2")))
    assert Interval(D("0"), D("5"), lo_open=True).meets(Interval(D("1"), D("2")))  # open ends elsewhere do not matter
    assert Interval(D("1"), D("2")).meets(Interval(D("0"), D("5"), hi_open=True))
    assert not Interval(D("1"), D("2")).meets(Interval(D("3"), D("4")))


def test_ratio_of_a_whole_that_may_be_zero_is_unknown() -> None:
    assert calc.ratio_interval(exact(D("1")), Interval(D("0"), D("1"))) is None
    assert calc.ratio_interval(exact(D("1")), Interval(D("2"), D("4"))) == Interval(D("0.25"), D("0.5"))


def test_judgement_keeps_the_stated_figure_and_names_the_rounding() -> None:
    verdict = calc.judge(D("7"), 0, exact(D("7.83")))
    assert (verdict.stated, verdict.decimals, verdict.rounded_ok, verdict.truncated_ok) == (D("7"), 0, False, True)
    assert verdict.expected == D("8")
    assert verdict.mode_note == "仅在截尾取整时成立，四舍五入应为 8"
    assert calc.judge(D("9"), 0, exact(D("7.83"))).mode_note == "四舍五入与截尾均不成立，应为 8"
    assert calc.judge(D("8"), 0, exact(D("7.83"))).mode_note == "按四舍五入一致"


# -- formatting ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "decimals", "text"), [
    (None, 2, "未披露"), (D("-0.001"), 2, "0"), (D("-0.4"), 0, "0"), (D("-1.5"), 0, "-2"), (D("1117.2"), 2, "1117.20"),
])
def test_fmt(value: D | None, decimals: int, text: str) -> None:
    assert calc.fmt(value, decimals) == text


@pytest.mark.parametrize(("value", "text"), [
    (None, "未披露"), (D("1117.20"), "1117.2"), (D("363.00"), "363"), (D("100"), "100"), (D("0.005"), "0.01"),
    (D("2.675"), "2.68"), (D("0.1049"), "0.1"), (D("10.50"), "10.5"),
])
def test_fmt_amount_drops_trailing_zeros_only_after_the_point(value: D | None, text: str) -> None:
    assert calc.fmt_amount(value) == text


# -- shown decimals: the cases the boundary tests do not reach ----------------------------------

@pytest.mark.parametrize(("figure", "number_format", "decimals"), [
    (2.5, "", 1), ("1.25", "@", 2), (D("1.5"), "0;-0.00", 0), (0.05, "0.#%", 0), (float("nan"), None, 0),
    (float("inf"), None, 0), (D("NaN"), None, 0), (7, None, 0), (True, None, 0),
])
def test_shown_decimals_edge_cases(figure: object, number_format: str | None, decimals: int) -> None:
    assert calc.shown_decimals(figure, number_format) == decimals


@pytest.mark.parametrize(("fraction", "number_format", "decimals"), [
    ("7.80％", None, 2), (0.0525, "0.0#%", 2), (0.05, "0.000", 1), (D("0.0530"), "General", 2),
])
def test_percent_decimals_edge_cases(fraction: object, number_format: str | None, decimals: int) -> None:
    assert calc.percent_decimals(fraction, number_format) == decimals


# -- numbers -----------------------------------------------------------------------------------

def test_number_errors_carry_the_cell_content_and_a_chinese_reason() -> None:
    error = NumberError("三千八百")
    assert (error.raw, error.reason, str(error)) == ("三千八百", "无法识别的数值", '无法识别的数值 "三千八百"')
    with pytest.raises(NumberError) as caught:
        to_decimal(True)  # type: ignore[arg-type]
    assert (caught.value.raw, caught.value.reason) == (True, "逻辑值不是数值")
    with pytest.raises(NumberError) as caught:
        parse_figure(float("nan"))
    assert caught.value.reason == "不是有效数值（非有限数）" and caught.value.raw != caught.value.raw  # the NaN itself
    thing = object()
    with pytest.raises(NumberError) as caught:
        parse_figure(thing)
    assert caught.value.raw is thing and caught.value.reason == "无法识别的数值"
    with pytest.raises(NumberError) as caught:
        parse_figure("约100")
    assert caught.value.raw == "约100"


def test_units_as_typed() -> None:
    assert parse_figure("12").unit == ""
    assert parse_figure("12万").unit == "万元"
    assert parse_figure("12万元").unit == "万元"
    assert parse_figure("12元").unit == "元"
    assert parse_figure("12%").unit == "%"
    assert parse_figure("12元").in_wanyuan == D("0.0012")
    assert parse_figure("12万").in_wanyuan == D("12")


@pytest.mark.parametrize("typed", ["(12", "12)", "()", "(-)"])
def test_half_an_accounting_bracket_is_not_a_figure(typed: str) -> None:
    with pytest.raises(NumberError):
        parse_figure(typed)


def test_floats_are_read_as_their_shortest_digits() -> None:
    assert str(to_decimal(0.1)) == "0.1"
    assert to_decimal(562.18) == D("562.18")
    assert str(to_decimal(1e20)) == "1E+20"
    assert to_decimal(7) == D("7") and to_decimal(D("5.30")) == D("5.30")


def test_amounts() -> None:
    assert parse_amount(None) is None
    assert parse_amount("—") is None
    assert parse_amount("1,304.85") == D("1304.85")
    assert parse_amount("13280元", unit="元") == D("13280")
    with pytest.raises(NumberError) as caught:
        parse_amount("7%")
    assert caught.value.reason == "此处应为金额，不是百分比" and caught.value.raw == "7%"


# -- rule helpers: what they say ---------------------------------------------------------------

def book(data: dict) -> Book:
    return Book(complete(data), source="test")


def procurement(**amounts: str) -> Book:
    return book({"procurement_summary": {row: {"amount": D(value)} for row, value in amounts.items()}})


PARTS = ("goods", "works", "services")


def test_labels_of_rows() -> None:
    assert label("procurement", 0) == "第1行"
    assert label("procurement", 4) == "第5行"
    assert label("income_expenditure", "project_own") == "本级项目支出"  # "其中：" dropped
    assert label("office_costs", "total") == "机关运行经费"


def test_a_missing_table_is_named() -> None:
    with pytest.raises(MissingData, match="缺少工作表“政府采购构成”"):
        need_table(Book({}, source="test"), "procurement_summary")
    with pytest.raises(MissingData, match="缺少工作表“政府采购构成”"):
        list(sum_check(Book({}, source="test"), RULE, "procurement_summary", "total", PARTS, "amount"))


def test_sum_check_says_the_arithmetic() -> None:
    found = list(sum_check(procurement(total="100", goods="20.28", works="-3", services="80"), RULE,
                           "procurement_summary", "total", PARTS, "amount"))
    assert [f.message for f in found] == ["政府采购预算合计 100 应等于所列各项之和 20.28 − 3 + 80 = 97.28，相差 2.72"]
    assert [(f.expected, f.actual) for f in found] == [(D("97.28"), D("100"))]
    assert found[0].cells == ("政府采购构成!B4", "政府采购构成!B5", "政府采购构成!B6", "政府采购构成!B7")


def test_sum_check_of_a_partial_list_says_by_how_much_it_exceeds() -> None:
    found = list(
        sum_check(
            procurement(total="100", goods="60", works="41"),
            RULE,
            "procurement_summary",
            "total",
            PARTS,
            "amount",
            partial=True,
            what="采购",
        )
    )
    assert [f.message for f in found] == ["采购 100 不应超过所列各项之和 60 + 41 = 101，超出 1（服务未填，按空计）"]
    found = list(
        sum_check(procurement(total="100", goods="101"), RULE, "procurement_summary", "total", PARTS, "amount")
    )
    assert [f.message for f in found] == [
        "政府采购预算合计 100 应等于所列各项之和 101 = 101，相差 1（工程、服务未填，按空计）"
    ]
    found = list(sum_check(procurement(total="100", goods="60", works="0", services="0.5"), RULE, "procurement_summary",
                           "total", PARTS, "amount"))
    assert [f.message for f in found] == ["政府采购预算合计 100 应等于所列各项之和 60 + 0 + 0.5 = 60.5，相差 39.5"]
    assert list(sum_check(procurement(total="100", goods="60", works="40.005"), RULE, "procurement_summary", "total",
                          PARTS, "amount", partial=True)) != []  # 0.005 over is a cent over


def test_sum_check_with_blank_parts() -> None:
    assert list(sum_check(procurement(total="100", goods="60", works="40"), RULE, "procurement_summary", "total", PARTS,
                          "amount")) == []
    # short of the total with blank parts: the check cell shows ✗ 差, so a warning naming the blanks (issue 23)
    found = list(sum_check(procurement(total="100", goods="60", works="30"), RULE, "procurement_summary", "total",
                           PARTS, "amount"))
    assert [(f.severity, f.message) for f in found] == [
        (
            "warning",
            "政府采购预算合计 100 比所填各项之和 60 + 30 = 90 多 10；服务未填，差额若在其中请填列（没有请填 0）",
        )
    ]
    found = list(sum_check(procurement(total="100", goods="60"), RULE, "procurement_summary", "total", PARTS, "amount"))
    assert [f.severity for f in found] == ["warning"] and "工程、服务未填" in found[0].message
    found = list(
        sum_check(
            procurement(total="100", goods="60", works="41"), RULE, "procurement_summary", "total", PARTS, "amount"
        )
    )  # too much even without 服务: an error, noting the blank
    assert [f.message for f in found] == [
        "政府采购预算合计 100 应等于所列各项之和 60 + 41 = 101，相差 1（服务未填，按空计）"
    ]
    with pytest.raises(MissingData) as caught:
        list(sum_check(procurement(total="100"), RULE, "procurement_summary", "total", PARTS, "amount"))
    assert str(caught.value) == "政府采购构成：政府采购预算合计或其组成未填"


def test_row_sum_check_says_the_arithmetic() -> None:
    data = {"gp_basic_table": [{"name": "合计", "total": D("100"), "personnel": D("60"), "public": D("30")},
                               {"name": "空", "personnel": D("1")}, {"name": "空", "total": D("1")}]}
    found = list(
        row_sum_check(book(data), RULE, "gp_basic_table", 0, "total", ("personnel", "public"), "合计", "各列之和")
    )
    assert [f.message for f in found] == ["“合计”合计 100 应等于各列之和 60 + 30 = 90"]
    for row in (1, 2):  # no total, or no part: nothing to say
        assert (
            list(row_sum_check(book(data), RULE, "gp_basic_table", row, "total", ("personnel", "public"), "x", ""))
            == []
        )


def two_tables(left: str | None, right: str | None) -> Book:
    data: dict = {"income_expenditure": {}, "summary_table": {}}
    if left is not None:
        data["income_expenditure"]["expenditure_total"] = {"amount": D(left)}
    if right is not None:
        data["summary_table"]["expenditure_total"] = {"amount": D(right)}
    return book(data)


PAIR = (("income_expenditure", "expenditure_total", "amount"), ("summary_table", "expenditure_total", "amount"))
OTHER = (("income_expenditure", "income_total", "amount"), ("summary_table", "income_total", "amount"))


def test_equal_check_says_both_figures_and_the_difference() -> None:
    (found,) = equal_check(two_tables("3805.77", "3800"), RULE, [PAIR])
    assert found.message == "收入支出“支出总计” 3805.77 应等于部门收支总表“支出总计” 3800，相差 5.77"
    (found,) = equal_check(two_tables("-2", "3"), RULE, [PAIR])
    assert found.message.endswith("相差 5")
    (found,) = equal_check(two_tables("3805.77", "3800"), RULE, [PAIR], relation="<=")
    assert found.message == "收入支出“支出总计” 3805.77 不应超过部门收支总表“支出总计” 3800，相差 5.77"
    assert list(equal_check(two_tables("3800.005", "3800"), RULE, [PAIR], relation="<=")) != []


def test_equal_check_skips_blank_pairs_and_goes_on() -> None:
    data = two_tables("1", "2")
    assert [f.actual for f in equal_check(data, RULE, [OTHER, PAIR])] == [D("1")]  # the first pair is blank
    one_sided = two_tables("1", None)
    with pytest.raises(MissingData) as caught:
        list(equal_check(one_sided, RULE, [PAIR]))
    assert str(caught.value) == "两处数字均未填，无法比较"
    no_table = Book({"income_expenditure": {"expenditure_total": {"amount": D("1")}}}, source="test")
    with pytest.raises(MissingData):
        list(equal_check(no_table, RULE, [PAIR]))
    two = Book({"income_expenditure": {"expenditure_total": {"amount": D("1")}},
                "summary_table": {"expenditure_total": {"amount": D("2")}}}, source="test")
    elsewhere = (PAIR[0], ("fiscal_table", "expenditure_total", "amount"))  # a table this workbook lacks
    assert [f.actual for f in equal_check(two, RULE, [elsewhere, PAIR])] == [D("1")]


def test_ratio_check_says_the_arithmetic_and_the_rounding() -> None:
    data = {"procurement_summary": {"total": {"amount": D("1210.05")}, "goods": {"amount": D("94.8"),
                                                                              "stated_share": D("0.07")}}}
    args = (("procurement_summary", "goods", "stated_share"), ("procurement_summary", "goods", "amount"),
            ("procurement_summary", "total", "amount"), "基本支出增幅")
    (found,) = ratio_check(book(data), RULE, *args)
    assert found.message == "基本支出增幅 94.8÷1210.05=7.83%，所列 7%：仅在截尾取整时成立，四舍五入应为 8%"
    assert (found.expected, found.actual, found.severity) == (D("7.83"), D("7"), "warning")
    assert found.cells == ("政府采购构成!I5", "政府采购构成!B5", "政府采购构成!B4")
    data["procurement_summary"]["goods"]["stated_share"] = D("0.0790")
    (found,) = ratio_check(book(data), RULE, *args)
    assert found.message == "基本支出增幅 94.8÷1210.05=7.83%，所列 7.90%：四舍五入与截尾均不成立，应为 7.83%"
    assert (found.expected, found.actual, found.severity) == (D("7.83"), D("7.90"), "error")
    del data["procurement_summary"]["total"]
    with pytest.raises(MissingData, match="基本支出增幅：计算所需数字未填"):
        list(ratio_check(book(data), RULE, *args))
