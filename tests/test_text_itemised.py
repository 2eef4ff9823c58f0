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
    assert finding.message.startswith(f"项目支出：文中写增减 {stated} 万元，所列各项增减 {listed} 万元，"
                                      f"同一方向且超过所述总额 "
                                      f"{beyond} 万元（除非另有未列项目反向变动）。")
    assert (finding.expected, finding.actual) == (Decimal(listed.split("=")[1]), Decimal(stated))


def test_a_change_naming_no_item_is_called_the_stated_total() -> None:
    (finding,) = items("比上年增加 10 万元，其中 A 项目增加 8 万元，B 项目增加 5 万元。")
    assert finding.message.startswith("所述总额：文中写增减 10 万元，所列各项增减 8+5=13 万元，"
                                      "同一方向且超过所述总额 3 万元")


@pytest.mark.parametrize("opening", ["其中", "主要原因是", "具体为"])
def test_items_may_follow_in_the_next_sentence_that_opens_by_introducing_them(opening: str) -> None:
    (finding,) = items(f"项目支出增加 50 万元。{opening} A 项目增加 40 万元，B 项目增加 30 万元。")
    assert finding.message.startswith("项目支出：文中写增减 50 万元，所列各项增减 40+30=70 万元，"
                                      "同一方向且超过所述总额 20 万元")


@pytest.mark.parametrize("paragraphs", [
    ["项目支出增加 50 万元。另外 A 项目增加 40 万元，B 项目增加 30 万元。"],  # the next sentence does not list them
    ["项目支出增加 50 万元。", "其中 A 项目增加 40 万元，B 项目增加 30 万元。"],  # another paragraph
    ["项目支出增加 50 万元，A 项目增加 40 万元，B 项目增加 30 万元。"],  # no word says they are its items
    ["项目支出增加 50 万元，其中 A 项目增加 40 人，B 项目增加 30 万元。"],  # 40 人 is no part of a sum in 万元
    # a known item starts its own list
    ["项目支出增加 50 万元，其中 A 项目增加 40 万元，基本支出增加 30 万元，B 项目增加 30 万元。"],
    # the item again: a new statement
    ["项目支出增加 50 万元，其中 A 项目增加 40 万元，项目支出增加 30 万元，其中 B 项目增加 30 万元。"],
])
def test_changes_that_are_not_the_stated_changes_items_are_not_added_to_it(paragraphs: list[str]) -> None:
    assert [f for f in check_paragraphs(paragraphs) if f.rule == tx.ITEMS] == []


def test_growth_of_nil_with_a_rise_listed_under_it_is_a_warning() -> None:
    (finding,) = [f for f in check_paragraphs(["“三公”经费增长 0%，其中公务接待费增加 5 万元。"]) if f.rule == tx.FLAT]
    assert finding.severity == "warning" and "所列各项增减 5=5 万元，均为同一方向，与持平不符" in finding.message
