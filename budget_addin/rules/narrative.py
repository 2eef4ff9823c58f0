"""说明: the numeric statements of the 情况说明 sheet against the tables.

Every claim of the published text is extracted and judged once per book
(:func:`budget_addin.narrative.claims.link_and_judge`); each rule reports the
verdicts of its kind, naming the paragraph cell and the table cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from weakref import WeakKeyDictionary

from ..findings import Finding, NotApplicable, Rule, rule
from ..model import Book
from ..narrative import claims as c

_JUDGED: WeakKeyDictionary[Book, list[c.JudgedClaim]] = WeakKeyDictionary()


def judged_claims(book: Book) -> list[c.JudgedClaim]:
    """The judged claims of the book's 情况说明 sheet (computed once per book)."""
    if book not in _JUDGED:
        paragraphs = c.sheet_paragraphs(book)
        if not any(p.strip() for p in paragraphs):
            raise NotApplicable("情况说明工作表为空，无可核对的文字")
        _JUDGED[book] = c.link_and_judge(book, c.extract(paragraphs), c.sheet_locator(book))
    return _JUDGED[book]


def _findings(book: Book, r: Rule) -> Iterable[Finding]:
    for judged in judged_claims(book):
        for check in judged.checks:
            if check.rule == r.id and check.severity != "ok":
                yield r.finding(check.cells, check.message, check.expected, check.actual, severity=check.severity)


@rule(c.AMOUNT, "说明", "error", "说明所列金额与表格一致")
def amounts(book: Book, r: Rule) -> Iterable[Finding]:
    return _findings(book, r)


@rule(c.CHANGE, "说明", "error", "说明所列增减额与表格一致（本年数 − 上年数）")
def changes(book: Book, r: Rule) -> Iterable[Finding]:
    return _findings(book, r)


@rule(c.GROWTH, "说明", "error", "说明所列增减率与表格计算值一致（增减额 ÷ 上年数）")
def growth_rates(book: Book, r: Rule) -> Iterable[Finding]:
    return _findings(book, r)


@rule(c.SHARE, "说明", "error", "说明所列占比与表格计算值一致（部分 ÷ 合计）")
def shares(book: Book, r: Rule) -> Iterable[Finding]:
    return _findings(book, r)


@rule(c.COUNT, "说明", "error", "说明所列人数、数量与表格一致")
def counts(book: Book, r: Rule) -> Iterable[Finding]:
    return _findings(book, r)


@rule(c.DIRECTION, "说明", "error", "增加/减少/持平等用语与表中增减额的符号一致")
def directions(book: Book, r: Rule) -> Iterable[Finding]:
    return _findings(book, r)


@rule(c.ITEMS, "说明", "error", "所列增减明细之和与所述增减总额一致（“其中”为部分列举）")
def itemised_changes(book: Book, r: Rule) -> Iterable[Finding]:
    return _findings(book, r)


@rule(c.SUM, "说明", "error", "所述合计（共计/总计）与同段所列各项之和一致")
def stated_sums(book: Book, r: Rule) -> Iterable[Finding]:
    return _findings(book, r)


@rule(c.BLANK, "说明", "warning", "说明中有数字而表格对应单元格未填")
def blank_cells(book: Book, r: Rule) -> Iterable[Finding]:
    return _findings(book, r)


@rule(c.UNLINKED, "说明", "info", "未能对应到表格的数字表述")
def unlinked(book: Book, r: Rule) -> Iterable[Finding]:
    return _findings(book, r)
