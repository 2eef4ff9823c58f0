"""Lists in a text: a 小计 inside a list is no part of the 共计 after it, and a share of a whole the text states
no figure for is left unjudged. Texts are invented."""

from __future__ import annotations

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.text_check import check_paragraphs


def test_a_subtotal_within_a_list_is_not_added_into_the_trailing_total() -> None:
    assert check_paragraphs(["A 单位 10 人，B 单位 5 人，小计 15 人，C 单位 3 人，共计 18 人。"]) == []  # 10 + 5 + 3
    (finding,) = check_paragraphs(["A 单位 10 人，B 单位 5 人，小计 15 人，C 单位 3 人，共计 33 人。"])
    assert finding.rule == tx.SUM and finding.message.startswith("共计 33 人：所列各项 10+5+3=18 人，相差 15 人")


def test_a_share_of_a_whole_the_text_gives_no_figure_for_is_not_judged() -> None:
    assert check_paragraphs(["A 项目 10 万元，占某某的 50%。"]) == []
