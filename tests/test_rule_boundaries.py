"""Sum and equality checks at the edge of a cent: silent at 0.004, firing at 0.006, with the finding's
``expected`` (what the other figures say) and ``actual`` (the figure as stated) worked out by hand.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budget_addin.core import calc
from budget_addin.core.dataset import Dataset, complete
from budget_addin.core.findings import CATALOGUE, MissingData
from budget_addin.core.functions import REGISTRY
from budget_addin.core.model import Book
from budget_addin.core.numbers import parse_amount, parse_figure
from budget_addin.rules import load_catalogue, run_rules
from budget_addin.rules.common import equal_check, row_sum_check, sum_check

load_catalogue()
RULE = CATALOGUE["BN-007"]


def book(data: Dataset) -> Book:
    return Book(complete(data), source="test")


def procurement(total: str, goods: str, works: str, services: str = "0") -> Book:
    return book({"procurement_summary": {"total": {"amount": D(total)}, "goods": {"amount": D(goods)},
                                         "works": {"amount": D(works)}, "services": {"amount": D(services)}}})


PARTS = ("goods", "works", "services")


# -- sum_check -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("goods", "works"), [("20.28", "363.004"), ("20.28", "362.996"), ("20.284", "363")])
def test_sum_within_half_a_cent_is_silent(goods: str, works: str) -> None:
    assert (
        list(sum_check(procurement("383.28", goods, works), RULE, "procurement_summary", "total", PARTS, "amount"))
        == []
    )


@pytest.mark.parametrize(("goods", "works", "expected"), [
    ("20.28", "363.006", "383.286"), ("20.28", "362.994", "383.274"), ("20.285", "363", "383.285"),
    ("20.28", "362.995", "383.275"),
])
def test_sum_off_by_half_a_cent_or_more_fires_with_expected_and_actual(goods: str, works: str, expected: str) -> None:
    found = list(sum_check(procurement("383.28", goods, works), RULE, "procurement_summary", "total", PARTS, "amount"))
    assert len(found) == 1
    assert (found[0].expected, found[0].actual) == (D(expected), D("383.28"))
    assert found[0].cells[0] == "政府采购构成!B4"


def test_sum_of_negative_figures_at_the_edge() -> None:
    quiet = procurement("-1.5", "-1.004", "-0.5")
    loud = procurement("-1.5", "-1.006", "-0.5")
    assert list(sum_check(quiet, RULE, "procurement_summary", "total", PARTS, "amount")) == []
    found = list(sum_check(loud, RULE, "procurement_summary", "total", PARTS, "amount"))
    assert [(f.expected, f.actual) for f in found] == [(D("-1.506"), D("-1.5"))]


def test_partial_sum_may_fall_short_but_not_exceed_by_a_cent() -> None:
    short = procurement("383.28", "1", "2")
    assert list(sum_check(short, RULE, "procurement_summary", "total", PARTS, "amount", partial=True)) == []
    within = procurement("383.28", "20.28", "363.004")
    assert list(sum_check(within, RULE, "procurement_summary", "total", PARTS, "amount", partial=True)) == []
    over = procurement("383.28", "20.28", "363.006")
    found = list(sum_check(over, RULE, "procurement_summary", "total", PARTS, "amount", partial=True))
    assert [(f.expected, f.actual) for f in found] == [(D("383.286"), D("383.28"))]
    assert "不应超过" in found[0].message


def test_sum_with_nothing_to_add_cannot_run() -> None:
    empty = book({"procurement_summary": {"total": {"amount": D("1")}}})
    with pytest.raises(MissingData):
        list(sum_check(empty, RULE, "procurement_summary", "total", PARTS, "amount"))


# -- row_sum_check -------------------------------------------------------------------------------

def basic_row(personnel: str, public: str, total: str = "1304.85") -> Book:
    return book(
        {"gp_basic_table": [{"name": "合计", "total": D(total), "personnel": D(personnel), "public": D(public)}]}
    )


@pytest.mark.parametrize("public", ["187.654", "187.646"])
def test_row_sum_within_half_a_cent_is_silent(public: str) -> None:
    found = row_sum_check(
        basic_row("1117.2", public), RULE, "gp_basic_table", 0, "total", ("personnel", "public"), "合计", ""
    )
    assert list(found) == []


@pytest.mark.parametrize(
    ("public", "expected"), [("187.656", "1304.856"), ("187.644", "1304.844"), ("187.655", "1304.855")]
)
def test_row_sum_off_by_half_a_cent_fires_with_expected_and_actual(public: str, expected: str) -> None:
    found = list(row_sum_check(basic_row("1117.2", public), RULE, "gp_basic_table", 0, "total", ("personnel", "public"),
                               "合计", ""))
    assert [(f.expected, f.actual) for f in found] == [(D(expected), D("1304.85"))]
    assert found[0].cells == ("一般公共预算基本支出表!C4", "一般公共预算基本支出表!D4", "一般公共预算基本支出表!E4")


# -- equal_check ---------------------------------------------------------------------------------

def two_tables(left: str, right: str) -> Book:
    return book({"income_expenditure": {"expenditure_total": {"amount": D(left)}},
                 "summary_table": {"expenditure_total": {"amount": D(right)}}})


PAIR = (("income_expenditure", "expenditure_total", "amount"), ("summary_table", "expenditure_total", "amount"))


@pytest.mark.parametrize("left", ["3805.774", "3805.766"])
def test_equal_within_half_a_cent_is_silent(left: str) -> None:
    assert list(equal_check(two_tables(left, "3805.77"), RULE, [PAIR])) == []


@pytest.mark.parametrize("left", ["3805.776", "3805.764", "3805.775"])
def test_equal_off_by_half_a_cent_fires_left_as_actual_right_as_expected(left: str) -> None:
    found = list(equal_check(two_tables(left, "3805.77"), RULE, [PAIR]))
    assert [(f.expected, f.actual) for f in found] == [(D("3805.77"), D(left))]
    assert found[0].cells == ("收入支出!B18", "部门收支总表!B24")


def test_at_most_is_one_sided_at_half_a_cent() -> None:
    assert list(equal_check(two_tables("3805.774", "3805.77"), RULE, [PAIR], relation="<=")) == []
    assert list(equal_check(two_tables("1", "3805.77"), RULE, [PAIR], relation="<=")) == []
    found = list(equal_check(two_tables("3805.776", "3805.77"), RULE, [PAIR], relation="<="))
    assert [(f.expected, f.actual) for f in found] == [(D("3805.77"), D("3805.776"))]
    assert "不应超过" in found[0].message


# -- rules with two halves: each half on its own -------------------------------------------------

def office_costs(total_change: str, rent_change: str, total: str = "187.65", rent: str = "10") -> Book:
    """机关运行经费 with two 其中 items in 明细 (办公费 100, +1; 租赁费 ``rent``, ``rent_change``)."""
    return book(
        {
            "office_costs": {"total": {"amount": D(total), "change": D(total_change)}},
            "details": [
                {"parent": "机关运行经费", "kind": "其中", "item": "办公费", "amount": D("100"), "change": D("1")},
                {
                    "parent": "机关运行经费",
                    "kind": "其中",
                    "item": "租赁费",
                    "amount": D(rent),
                    "change": D(rent_change),
                },
            ],
        }
    )


def test_office_costs_items_may_not_exceed_the_total_amount() -> None:
    assert run_rules(office_costs("2.49", "1.49", total="110.004"), only={"BN-017"}).findings == []
    found = run_rules(office_costs("2.49", "1.49", total="109.994"), only={"BN-017"}).findings
    assert [(f.expected, f.actual) for f in found] == [(D("110"), D("109.994"))]
    assert found[0].cells[0] == "机关运行经费!B4"


def test_office_costs_item_changes_may_not_exceed_the_total_change() -> None:
    assert run_rules(office_costs("2.49", "1.494"), only={"BN-017"}).findings == []  # 1 + 1.494 = 2.494
    found = run_rules(office_costs("2.49", "1.496"), only={"BN-017"}).findings  # 1 + 1.496 = 2.496
    assert [(f.expected, f.actual) for f in found] == [(D("2.496"), D("2.49"))]
    assert found[0].cells[0] == "机关运行经费!D4" and "增减额" in found[0].message


def three_public(vehicles_change: str) -> Dataset:
    """合计 9 (增减 0): 出国 0, 公务用车 6, 接待 3, each with its change; 支出总计 with 基本 and 项目."""
    return {
        "three_public": {
            "total": {"amount": D("9"), "change": D("0")},
            "abroad": {"amount": D("0"), "change": D("0")},
            "vehicles": {"amount": D("6"), "change": D(vehicles_change)},
            "reception": {"amount": D("3"), "change": D("0")},
        },
        "income_expenditure": {
            "expenditure_total": {"amount": D("3805.77"), "change": D("636.47")},
            "basic": {"amount": D("1304.85"), "change": D("94.8")},
            "project": {"amount": D("2500.92"), "change": D("541.67")},
        },
    }


def test_three_public_item_changes_add_up_to_the_total_change() -> None:
    assert run_rules(book(three_public("0.004")), only={"BN-024"}).findings == []
    found = run_rules(book(three_public("-0.006")), only={"BN-024"}).findings  # 0 − 0.006 + 0 = −0.006 vs 0
    assert [(f.expected, f.actual) for f in found] == [(D("-0.006"), D("0"))]
    assert found[0].cells[0] == "三公经费预算!D4"


def test_three_public_prior_year_parts_add_up_to_the_prior_year_total() -> None:
    data = three_public("0")
    data["three_public"]["total"] = {"amount": D("9"), "prior": D("9")}
    for row, prior in (("abroad", "0"), ("vehicles", "6.006"), ("reception", "3")):
        data["three_public"][row] = {"amount": data["three_public"][row]["amount"], "prior": D(prior)}
    found = run_rules(book(data), only={"BN-024"}).findings  # 上年 0 + 6.006 + 3 = 9.006 vs 9
    assert [(f.expected, f.actual) for f in found] == [(D("9.006"), D("9"))]
    assert found[0].cells[0] == "三公经费预算!C4"
    data["three_public"]["vehicles"]["prior"] = D("6.004")
    assert run_rules(book(data), only={"BN-024"}).findings == []


def test_expenditure_change_parts_add_up_to_the_total_change() -> None:
    data = three_public("0")
    data["income_expenditure"]["expenditure_total"]["change"] = D("636.474")
    assert run_rules(book(data), only={"BN-024"}).findings == []
    data["income_expenditure"]["expenditure_total"]["change"] = D("636.464")
    found = run_rules(book(data), only={"BN-024"}).findings
    assert [(f.expected, f.actual) for f in found] == [(D("636.47"), D("636.464"))]


def planned_purchase(stated: str) -> Book:
    return book({"assets": {"planned_purchase": {"amount": D(stated)}},
                 "procurement": [{"item": "电脑", "catalog": "A02010104", "amount": D("5")},
                                 {"item": "桌椅", "catalog": "A06", "amount": D("1.28")},
                                 {"item": "维修", "catalog": "C05", "amount": D("9")}]})


def test_planned_asset_purchase_equals_fixed_asset_items_to_the_cent() -> None:
    assert run_rules(planned_purchase("6.284"), only={"BJ-011"}).findings == []
    assert run_rules(planned_purchase("6.276"), only={"BJ-011"}).findings == []
    found = run_rules(planned_purchase("6.286"), only={"BJ-011"}).findings
    assert [(f.expected, f.actual) for f in found] == [(D("6.28"), D("6.286"))]
    assert [f.expected for f in run_rules(planned_purchase("6.274"), only={"BJ-011"}).findings] == [D("6.28")]


# -- the worksheet functions at the same edge ------------------------------------------------------

def test_worksheet_checks_at_half_a_cent() -> None:
    checksum, checkpart, product = REGISTRY["YS_CHECKSUM"], REGISTRY["YS_CHECKPART"], REGISTRY["YS_CHECKPRODUCT"]
    assert checksum(10, 5, 5.004) == "✓"
    assert checksum(10, 5, 4.996) == "✓"
    assert checksum(10, 5, 5.006) == "✗ 差 0.01"
    assert checksum(10, 5, 4.995) == "✗ 差 0.01"
    assert checkpart(10, 5, 5.004) == "✓"
    assert checkpart(10, 1, 2) == "✓"
    assert checkpart(10, 5, 5.006) == "✗ 超出 0.01"
    assert product(1.284, 16, 0.08) == "✓"
    assert product(1.286, 16, 0.08) == "✗ 差 0.01"


# -- the words that mark a partial list, and the characters a figure may be typed in ------------

@pytest.mark.parametrize("label", ["其中：人员经费", "其中:人员经费", "其中人员经费", "  其中：公用经费", "其中"])
def test_every_way_of_writing_of_which_is_recognised(label: str) -> None:
    assert calc.is_of_which(label)
    assert calc.total([D("10"), D("4"), D("6")], ["基本支出", label, "项目支出"]) == D("16")


@pytest.mark.parametrize("label", ["基本支出", "其他收入", None, 3])
def test_other_labels_are_not_of_which(label: object) -> None:
    assert not calc.is_of_which(label)


@pytest.mark.parametrize(("typed", "value"), [
    ("１，３０４．８５", D("1304.85")), ("３８０５．７７万元", D("3805.77")), ("－１４９．０２", D("-149.02")),
    ("＋２", D("2")), ("７％", D("7")), ("1,304.85", D("1304.85")), ("　１２　", D("12")), ("(149.02)", D("-149.02")),
])
def test_full_width_and_grouped_figures_are_read(typed: str, value: D) -> None:
    assert parse_figure(typed).value == value


def test_yuan_are_converted_to_wanyuan() -> None:
    assert parse_amount("13,280元") == D("1.328")
    assert parse_amount("１３２８０元") == D("1.328")
