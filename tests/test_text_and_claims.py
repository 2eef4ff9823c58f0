"""A text checked both on its own and against the tables: a figure the tables already show wrong is reported once
(by the table check), a finding the tables say nothing about is kept; table rows and indicator lines are not read
as claims. Texts are invented; the tables are the seed workbook's."""

from __future__ import annotations

from budget_addin.core.model import Book
from budget_addin.narrative import text_check as tx
from budget_addin.narrative.claims import extract, file_locator, link_and_judge
from budget_addin.narrative.paragraphs import Paragraph
from budget_addin.narrative.text_check import check_paragraphs, claim_paragraphs, not_reported


def test_a_figure_in_yuan_the_tables_show_wrong_is_reported_once(seed_book: Book) -> None:
    # 基本支出 1300 万元 written in 元: the tables hold 1304.85 (an SM-AMOUNT error), and its parts add up to
    # 1304.85 (a TX-SUM error about the same figure). The next paragraph's item list links to no table row.
    text = ["二、支出情况", "基本支出 13000000 元，其中人员经费 11172000 元，日常公用经费 1876500 元。",
            "比上年增加 10 万元，其中 A 项目增加 8 万元，B 项目增加 5 万元。"]
    found = check_paragraphs(text)
    assert [(f.rule, f.paragraphs) for f in found if f.severity != "info"] == [(tx.SUM, (1,)), (tx.ITEMS, (2,))]
    judged = link_and_judge(seed_book, extract(text), file_locator("t.txt"))
    assert [(j.claim.text, j.verdict) for j in judged if j.verdict == "error"] == [("13000000 元", "error")]
    kept = not_reported(found, judged)
    assert [(f.rule, f.paragraphs) for f in kept] == [(tx.ITEMS, (2,))]  # the unbound 10 万元 is left to SM-UNLINKED


def test_table_rows_and_indicator_lines_are_blanked_for_the_claims_and_numbering_kept() -> None:
    paragraphs = [Paragraph(1, None, "项目\t金额\t100"), Paragraph(2, None, "绩效指标：完成率 95%"),
                  Paragraph(3, None, "基本支出 100 万元。")]
    assert claim_paragraphs(paragraphs) == ["", "", "基本支出 100 万元。"]
