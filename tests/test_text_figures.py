"""How the text reader reads a figure (figures.read_figures): a bare number is a rate only right after a change in
万元, and a 持平 is bound to the item it names. Texts are invented."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.figures import read_figures
from budget_addin.narrative.text_check import as_paragraphs, check_paragraphs


def figures(text: str) -> list[tuple[str, Decimal, str]]:
    return [(f.role, f.value, f.unit) for f in read_figures(as_paragraphs([text])).figures]


@pytest.mark.parametrize(("text", "read"), [
    ("公用经费比上年减少 10.00 万元，减少10.28。", [("change", Decimal("-10.00"), "万元"), ("rate", Decimal("-10.28"), "%")]),
    ("在职人员减少 2 人，减少10。", [("change", Decimal(-2), "人")]),  # after a change in 人: no rate
    ("比上年减少10。", []),  # no change before it
    ("公用经费比上年减少 10.00 万元，第3。", [("change", Decimal("-10.00"), "万元")]),  # no direction word before it
])
def test_a_bare_number_is_a_rate_only_right_after_a_change_in_wanyuan(text: str, read: list[tuple[str, Decimal, str]]) -> None:
    assert figures(text) == read


def test_unchanged_is_bound_to_its_item_whose_known_parts_alone_are_listed_under_it() -> None:
    """“三公”经费 is a known total: under its 持平 only its parts count (公务接待费 5), not A 项目."""
    (finding,) = [f for f in check_paragraphs(["“三公”经费与上年持平，其中公务接待费增加 5 万元，A 项目增加 3 万元。"])
                  if f.rule == tx.FLAT]
    assert "同处所列各项增减 5=5 万元" in finding.message
