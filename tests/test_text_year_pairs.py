"""Two years' figures named by their years (or 上年/本年) and a change or rate after them (TX-CHANGE, TX-RATE):
which is the prior follows from the years whatever their order, and a checked figure is never listed as unbound.
Texts are invented."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.text_check import check_paragraphs


def found(text: str) -> list[tuple[str, str, Decimal | str | None, Decimal | str | None]]:
    return [(f.rule, f.severity, f.expected, f.actual) for f in check_paragraphs([text])]


def test_the_later_year_is_the_current_one_whichever_comes_first() -> None:
    (finding,) = check_paragraphs(["2016年预算720.00万元，2015年预算800.00万元，减少80.00万元，减少率11.00%。"])
    assert finding.rule == tx.RATE and finding.message.startswith("增减率 80÷800=10.00%，文中写 11.00%")
    assert found("2016年预算720.00万元，2015年预算800.00万元，减少80.00万元，减少率10.00%。") == []


def test_a_rise_between_the_years_is_judged_by_its_size() -> None:
    # and none unbound
    assert found("2015年预算800.00万元，2016年预算880.00万元，增加80.00万元，增长率为10.00%。") == []
    assert found("2015年预算800.00万元，2016年预算880.00万元，增加79.6万元。") == [
        (tx.CHANGE, "error", Decimal("80.00"), Decimal("79.6"))]  # 880 − 800 = 80: 79.6 is no rounding of it


@pytest.mark.parametrize(("rate", "severity"), [("9", "warning"), ("11.00", "error")])
def test_a_rate_after_the_years_alone_is_judged_and_said_how(rate: str, severity: str) -> None:
    """80 ÷ 800 = 10%: 9% is 10% cut short (a warning that says so), 11.00% no rounding of it."""
    (finding,) = check_paragraphs([f"2015年预算800.00万元，2016年预算880.00万元，增长 {rate}%。"])
    assert (finding.rule, finding.severity, finding.expected, finding.actual) == (tx.RATE, severity, Decimal("10.00"),
                                                                                  Decimal(rate))
    assert finding.message.startswith(f"增减率 80÷800=10.00%，文中写 {rate}%：")


def test_a_rate_word_before_a_bare_percentage_makes_it_the_rate() -> None:
    (finding,) = check_paragraphs(["2015年预算800.00万元，2016年预算880.00万元，变动率为11.00%。"])
    assert (finding.rule, finding.expected, finding.actual) == (tx.RATE, Decimal("10.00"), Decimal("11.00"))


def test_a_rate_on_a_prior_of_nil_is_not_judged_and_stays_unchecked() -> None:
    assert found("2015年预算0万元，2016年预算880.00万元，增加880.00万元，增长率为10.00%。") == [
        (tx.UNBOUND, "info", None, Decimal("10.00"))]


def test_two_changes_after_the_years_leave_it_unclear_which_is_the_total() -> None:
    text = "2015年预算800.00万元，2016年预算880.00万元，增加70.00万元，其中A增加50万元。"
    assert [f.rule for f in check_paragraphs([text]) if f.severity != "info"] == []
