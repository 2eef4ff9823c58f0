"""A stated rate against change ÷ prior (TX-RATE): the prior is the one stated for the item in the same sentence or
section, else current − change; the message shows the arithmetic and the rate as written. Texts are invented."""

from __future__ import annotations

from decimal import Decimal

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.text_check import check_paragraphs


def rates(paragraphs: list[str]) -> list[tx.TextFinding]:
    return [f for f in check_paragraphs(paragraphs) if f.rule == tx.RATE]


def test_a_rate_is_quoted_with_the_decimals_it_was_written_with() -> None:
    (finding,) = rates(["基本支出 300.00 万元，比上年增加 24.00 万元，增长 8.10%。"])
    # 24 ÷ (300 − 24) = 8.6956…%: 8.70% to two decimals; 8.10% holds under no rounding.
    assert finding.message.startswith("基本支出增幅 24÷276（上年数=300-24）=8.70%，文中写 8.10%："
                                      "四舍五入与截尾均不成立，"
                                      "应为 8.70%。")
    assert (finding.severity, finding.expected, finding.actual) == ("error", Decimal("8.70"), Decimal("8.10"))


def test_a_rise_of_nil_with_a_rate_is_no_fall_and_its_prior_is_the_current_figure() -> None:
    (finding,) = rates(["基本支出 100 万元，比上年增加 0 万元，增长 5%。"])
    assert finding.message.startswith("基本支出增幅 0÷100（上年数=100-0）=0.00%，文中写 5%：四舍五入与截尾均不成立，"
                                      "应为 0%。")


def test_a_small_rise_is_taken_off_the_current_figure_for_the_prior() -> None:
    (finding,) = rates(["基本支出 100 万元，比上年增加 0.5 万元，增长 5%。"])
    # 0.5 ÷ 99.5 = 0.5025…%: 1% to the rate's whole percent.
    assert finding.message.startswith("基本支出增幅 0.5÷99.5（上年数=100-0.5）=0.50%，文中写 5%："
                                      "四舍五入与截尾均不成立，应为 1%。")


def test_a_fall_is_added_back_for_the_prior() -> None:
    (finding,) = rates(["公用经费 90.00 万元，比上年减少 10.00 万元，下降 12%。"])
    assert finding.message.startswith("公用经费降幅 10÷100（上年数=90+10）=10.00%，文中写 12%")


def test_a_prior_year_figure_stated_in_another_section_is_not_this_sections_prior() -> None:
    """The 收入 section's 上年预算数 may be of another scope: the rate is judged against 100 − 20 = 80 (25%)."""
    text = ["一、收入情况", "基本支出上年预算数 90 万元。", "二、支出情况", "基本支出 100 万元，比上年增加 20 万元，"
                                                                            "增长 25%。"]
    assert rates(text) == []
    assert [f.actual for f in rates([*text[:3], "基本支出 100 万元，比上年增加 20 万元，增长 22%。"])] == [Decimal(22)]


def test_unchanged_with_a_rate_other_than_nil_is_an_error() -> None:
    (finding,) = rates(["公务接待费与上年持平，增长 5%。"])
    assert (finding.severity, finding.expected, finding.actual) == ("error", Decimal(0), Decimal(5))
    assert finding.message.startswith("公务接待费：文中写“持平”，又写“5%”，持平时增减率应为 0%。")
    assert rates(["公务接待费与上年持平，增长 0%。"]) == []


def test_a_fall_is_judged_by_its_size_and_a_rate_of_nil_is_no_direction_to_contradict() -> None:
    assert check_paragraphs(["公用经费 90.00 万元，比上年减少 10.00 万元，下降 10%。"]) == []  # 10 ÷ 100
    (wrong,) = rates(["公用经费 90.00 万元，比上年减少 10.00 万元，下降 10.05%。"])
    assert wrong.message.startswith("公用经费降幅 10÷100（上年数=90+10）=10.00%，文中写 10.05%："
                                    "四舍五入与截尾均不成立，应为 10.00%")
    (nil,) = check_paragraphs(["公用经费 90.00 万元，比上年减少 10.00 万元，增长 0%。"])
    assert (nil.rule, nil.expected, nil.actual) == (tx.RATE, Decimal("10.00"), Decimal(0))


def test_figures_shown_whole_may_reconcile_a_rate_by_their_rounding() -> None:
    """90 and 10 stand for 89.5–90.5 and 9.5–10.5: the prior 99–101 and the rate 9.4%–10.6%, which 11% (10.5–11.5)
    meets."""
    assert check_paragraphs(["公用经费 90 万元，比上年减少 10 万元，下降 11%。"]) == []
    assert [f.actual for f in rates(["公用经费 90 万元，比上年减少 10 万元，下降 12%。"])] == [Decimal(12)]


def test_a_new_items_rate_of_nil_is_not_asked_to_be_written_new() -> None:
    assert check_paragraphs(["防汛支出 120.00 万元，比上年增加 120.00 万元，增长 0%。"]) == []


def test_a_count_of_the_same_item_is_neither_its_current_nor_its_prior_figure() -> None:
    """公务用车 20 辆 / 上年 3 辆 are vehicles, not 万元: the rate of a change in 万元 is not worked out from them."""
    # no figure in 万元 to judge by
    assert check_paragraphs(["公务用车 20 辆，公务用车比上年增加 10 万元，增长 50%。"]) == []
    # 30 − 10 = 20 万元 last year: 10 ÷ 20 = 50%, whatever the count of last year
    assert check_paragraphs(["公务用车上年为 3 辆，公务用车 30 万元，公务用车比上年增加 10 万元，增长 50%。"]) == []
    assert [f.expected for f in rates(["公务用车上年为 3 辆，公务用车 30 万元，公务用车比上年增加 10 万元，"
                                       "增长 40%。"])] == [
        Decimal("50.00")]
