"""Item changes listed after a stated change (TX-ITEMS): all one way and beyond the change, even allowing for the
rounding each shown figure stands for, is a warning; a list the rounding can reconcile is not. Texts are invented."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.text_check import check_paragraphs


def items(text: str) -> list[tx.TextFinding]:
    return [f for f in check_paragraphs([text]) if f.rule == tx.ITEMS]


@pytest.mark.parametrize("text", [
    "项目支出增加 0 万元，其中 A 项目增加 1 万元。",  # 0 may be up to 0.5, and 1 as little as 0.5
    "项目支出减少 0 万元，其中 A 项目减少 1 万元。",  # the same going down: -0.5 may meet -0.5
])
def test_an_item_that_only_touches_the_stated_change_within_rounding_is_not_flagged(text: str) -> None:
    assert items(text) == []


@pytest.mark.parametrize(("text", "listed", "stated", "beyond"), [
    ("项目支出增加 0 万元，其中 A 项目增加 5 万元。", "5=5", "0", "5"),  # a change of nil with a rise listed under it
    ("项目支出增加 0.2 万元，其中 A 项目增加 0.5 万元。", "0.5=0.5", "0.2", "0.3"),  # 0.45–0.55 beyond 0.15–0.25
    ("项目支出增加 0.4 万元，其中 A 项目增加 1 万元。", "1=1", "0.4", "0.6"),  # 0.5–1.5 beyond 0.35–0.45
])
def test_a_rise_listed_beyond_the_stated_rise_is_a_warning(text: str, listed: str, stated: str, beyond: str) -> None:
    (finding,) = items(text)
    assert finding.severity == "warning"
    assert finding.message.startswith(f"项目支出：文中写增减 {stated} 万元，所列各项增减 {listed} 万元，同一方向且超过所述总额 "
                                      f"{beyond} 万元（除非另有未列项目反向变动）。")
    assert (finding.expected, finding.actual) == (Decimal(listed.split("=")[1]), Decimal(stated))


def test_a_change_naming_no_item_is_called_the_stated_total() -> None:
    (finding,) = items("比上年增加 10 万元，其中 A 项目增加 8 万元，B 项目增加 5 万元。")
    assert finding.message.startswith("所述总额：文中写增减 10 万元，所列各项增减 8+5=13 万元，同一方向且超过所述总额 3 万元")
