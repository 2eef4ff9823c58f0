"""说明: the numeric statements of the 情况说明 sheet against the tables.

Every claim of the published text is extracted and judged once per book
(:func:`budget_addin.narrative.claims.link_and_judge`); each rule reports the
verdicts of its kind, naming the paragraph cell and the table cell.
"""

from __future__ import annotations

from collections.abc import Iterable

from budget_addin.core.findings import Finding, NotApplicable, Rule, rule
from budget_addin.core.model import Book
from budget_addin.narrative import claims as c

# One rule per kind of verdict; all read the same judged claims (data, not code per rule).
NARRATIVE_RULES = (
    (c.AMOUNT, "error", "说明所列金额与表格一致"),
    (c.CHANGE, "error", "说明所列增减额与表格一致（本年数 − 上年数）"),
    (c.PRIOR, "error", "说明所列上年数与表格上年数一致（所列上年数，或本年数 − 增减额）"),
    (c.GROWTH, "error", "说明所列增减率与表格计算值一致（增减额 ÷ 上年数）"),
    (c.SHARE, "error", "说明所列占比与表格计算值一致（部分 ÷ 合计）"),
    (c.COUNT, "error", "说明所列人数、数量与表格一致"),
    (c.DIRECTION, "error", "增加/减少/持平等用语与表中增减额的符号一致"),
    (c.ITEMS, "error", "所列增减明细之和与所述增减总额一致（“其中”为部分列举）"),
    (c.SUM, "error", "所述合计（共计/总计）与同段所列各项之和一致"),
    (c.BLANK, "warning", "说明中有数字而表格对应单元格未填"),
    (c.UNLINKED, "info", "未能对应到表格的数字表述"),
)
def sheet_paragraphs(book: Book) -> list[str]:
    """:func:`claims.sheet_paragraphs`, read once per book (every 说明 and 文本 rule asks); not to be changed."""
    return book.memo("sheet_paragraphs", lambda: c.sheet_paragraphs(book))


def judged_claims(book: Book) -> list[c.JudgedClaim]:
    """The judged claims of the book's 情况说明 sheet (computed once per book)."""
    paragraphs = sheet_paragraphs(book)
    if not any(p.strip() for p in paragraphs):
        raise NotApplicable("情况说明工作表为空，无可核对的文字")
    return book.memo("judged_claims", lambda: c.link_and_judge(book, c.extract(paragraphs), c.sheet_locator(book)))


def _failed_by_rule(book: Book) -> dict[str, list[c.Check]]:
    """The checks of the judged claims that are not ``ok``, by rule, in text order (grouped once per book: ten
    rules read them)."""
    judged = judged_claims(book)

    def group() -> dict[str, list[c.Check]]:
        found: dict[str, list[c.Check]] = {}
        for claim in judged:
            for check in claim.checks:
                if check.severity != "ok":
                    found.setdefault(check.rule, []).append(check)
        return found

    return book.memo("failed_checks_by_rule", group)


def _findings(book: Book, r: Rule) -> Iterable[Finding]:
    for check in _failed_by_rule(book).get(r.id, ()):
        yield r.finding(check.cells, check.message, check.expected, check.actual, severity=check.severity)


for _rule_id, _severity, _title in NARRATIVE_RULES:
    rule(_rule_id, "说明", _severity, _title)(_findings)
