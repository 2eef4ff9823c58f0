"""文本: the 情况说明 sheet checked on its own arithmetic (the same checks as ``budget-addin check FILE.txt``).

A finding the text-against-table rules (说明) already report for the same figure is left to them, and
figures bound to no item are left to SM-UNLINKED, so a workbook's report says each thing once.
"""

from __future__ import annotations

from collections.abc import Iterable

from budget_addin.core.findings import Finding, NotApplicable, Rule, rule
from budget_addin.core.model import Book
from budget_addin.narrative import claims as c
from budget_addin.narrative import text_check as tx
from budget_addin.rules.narrative import judged_claims, sheet_paragraphs


def text_findings(book: Book) -> list[tx.TextFinding]:
    """The text-alone findings of the book's 情况说明 sheet, less those the 说明 rules report (once per book)."""
    paragraphs = sheet_paragraphs(book)
    if not any(p.strip() for p in paragraphs):
        raise NotApplicable("情况说明工作表为空，无可核对的文字")

    def compute() -> list[tx.TextFinding]:
        return tx.not_reported(tx.check_paragraphs(paragraphs), judged_claims(book))

    return book.memo("text_findings", compute)


def _findings(book: Book, r: Rule) -> Iterable[Finding]:
    yield from tx.to_findings([f for f in text_findings(book) if f.rule == r.id], c.sheet_locator(book))


for _rule_id, (_severity, _title) in tx.TEXT_RULES.items():
    rule(_rule_id, tx.SCOPE, _severity, _title)(_findings)
