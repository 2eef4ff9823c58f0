"""The report of a document checked on its own (``budget-addin check FILE``): each finding names the page and
paragraph, points at its figures as written (full-width digits, spaces the reader drops), carries the figures
compared; the ledger says which rules failed, passed, or had nothing to read, and why. Texts are invented."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.paragraphs import Paragraph
from budget_addin.narrative.text_check import check_document

WRITTEN = "支出 总计 １００ 万元，其中基本 支出 ６０ 万元、项目支出 ５０ 万元。"


def test_a_finding_names_page_and_paragraph_and_points_at_its_figures_as_written() -> None:
    report = check_document([Paragraph(1, 2, "一、支出情况", 1), Paragraph(2, 2, WRITTEN)], "说明.pdf")
    (finding,) = report.findings
    assert (finding.rule, finding.severity, finding.scope, finding.cells) == (tx.SUM, "error", "文本", ("第2页第2段",))
    assert finding.message.startswith("支出总计：文中写 100 万元，所列各项 60+50=110 万元，相差 10 万元。")
    assert (finding.expected, finding.actual) == (Decimal(110), Decimal(100))  # 60 + 50 against the 100 stated
    assert {spot.paragraph for spot in finding.spots} == {1}
    assert [WRITTEN[spot.start:spot.end] for spot in finding.spots] == ["１００ 万元", "６０ 万元", "５０ 万元"]


def test_the_ledger_says_failed_passed_or_nothing_to_read_and_notes_why() -> None:
    report = check_document([Paragraph(1, None, "一、支出情况", 1), Paragraph(2, None, WRITTEN)], "说明.txt")
    assert report.findings[0].cells == ("第2段",)
    assert report.ledger[tx.SUM] == "failed"
    assert report.ledger[tx.TEMPLATE] == report.ledger[tx.UNBOUND] == "passed"  # sentences and figures were read
    nothing = [rule for rule in tx.TEXT_RULES if rule not in {tx.SUM, tx.TEMPLATE, tx.UNBOUND}]
    assert {rule: report.ledger[rule] for rule in nothing} == dict.fromkeys(nothing, "not_applicable")
    # Only a rule that had nothing to read says why; a failed or passed rule has no note.
    assert report.notes == {**dict.fromkeys(nothing, "文中没有此类数字"), tx.TARGET: "文中没有绩效指标"}


def test_findings_are_listed_errors_first() -> None:
    text = [Paragraph(1, None, "一、支出情况", 1), Paragraph(2, None, WRITTEN),
            Paragraph(3, None, "项目支出比上年增加（减少）10 万元。")]
    report = check_document(text, "说明.txt")
    assert [(f.rule, f.severity) for f in report.findings] == [(tx.SUM, "error"), (tx.TEMPLATE, "warning")]
    assert report.ledger[tx.TEMPLATE] == "failed" and tx.TEMPLATE not in report.notes


def test_a_check_is_registered_only_under_rules_of_the_catalogue() -> None:
    """Every finding's rule is in TEXT_RULES (the ledger lists them): registering a check under another id fails."""
    with pytest.raises(AssertionError):
        tx._text_check("TX-NONE")
    registered = list(tx._CHECKS)
    try:
        def check(text: object) -> list[tx.TextFinding]:
            return []

        assert tx._text_check(tx.SUM)(check) is check
        assert tx._CHECKS[-1] == ((tx.SUM,), check)
    finally:
        tx._CHECKS[:] = registered


def test_a_finding_two_checks_make_alike_is_reported_once() -> None:
    same = tx.TextFinding(tx.TEMPLATE, "warning", (0,), ((0, 0, 2),), "文中留有模板用语“XX”")
    registered = list(tx._CHECKS)
    try:
        tx._CHECKS[:] = [((tx.TEMPLATE,), lambda text: [same]), ((tx.TEMPLATE,), lambda text: [same, same])]
        assert tx.check_paragraphs(["本段文字。"]) == [same]
    finally:
        tx._CHECKS[:] = registered
