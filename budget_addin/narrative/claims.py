"""Numeric statements of a 情况说明, linked to the tables and judged with :mod:`budget_addin.core.calc`.

:func:`extract` finds every figure a text states — amounts (``一般公共预算拨款 2792.05 万元``),
changes (``增加 636.47 万元``), growth and shares (``增加 7%``, ``占 66.67%``), equalities
(``与上年持平``, ``无结余``) and counts (``57 人``) — with its paragraph, span, shown precision and
the subject it speaks of (through :mod:`.glossary`). :func:`link_and_judge` finds the table cell
each claim states or implies and judges it the XBRL way: the claim stands for the interval its
shown decimals allow, the table side for the interval of its cent-exact parts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from budget_addin.core import calc
from budget_addin.core.dataset import comparator
from budget_addin.core.details import detail_groups
from budget_addin.core.model import Book, year_on_year
from budget_addin.core.schema import TABLES_BY_KEY
from budget_addin.narrative.figures import PRIOR_TAIL, Figure, Reading, paragraphs_mapped, read_figures
from budget_addin.narrative.glossary import (
    BREAKDOWNS,
    SUBJECTS,
    UNIT_FAMILIES,
    Breakdown,
    Ref,
    Subject,
    aliases,
    candidates,
    figure,
    figure_and_ref,
    figure_ref,
    normalise,
    topic_of_heading,
)
from budget_addin.narrative.marks import Marks
from budget_addin.narrative.paragraphs import looks_like_heading
from budget_addin.narrative.vocabulary import last_term

# Rule ids of the narrative checks (registered in budget_addin.rules.narrative).
AMOUNT, CHANGE, GROWTH, SHARE, COUNT = "SM-AMOUNT", "SM-CHANGE", "SM-GROWTH", "SM-SHARE", "SM-COUNT"
PRIOR = "SM-PRIOR"
DIRECTION, ITEMS, SUM, BLANK, UNLINKED = "SM-DIRECTION", "SM-ITEMS", "SM-SUM", "SM-BLANK", "SM-UNLINKED"

KIND_NAMES = {"amount": "金额", "change": "增减额", "growth": "增减率", "share": "占比", "count": "数量",
              "equal": "持平/为零", "percent": "百分比", "prior": "上年数"}
VERDICT_NAMES = {"ok": "一致", "info": "提示", "warning": "警告", "error": "错误"}
_RANK = {"ok": 0, "info": 1, "warning": 2, "error": 3}  # how bad a verdict is: the worst ranks highest
_SIGNS = {"增加": 1, "增长": 1, "提高": 1, "上升": 1, "减少": -1, "下降": -1, "降低": -1}
_TEN_THOUSAND = Decimal(10000)

_ATTRIBUTE = re.compile(r"(?:价值|金额|原值|账面价值|净值|总价值|合计金额)(?:为|是|约)?")  # 车辆 2 辆，价值 21.8 万元
_HEADING = re.compile(r"^\s*(?:(?P<section>[一二三四五六七八九十]+)、|（[一二三四五六七八九十]+）)")
_CLAUSE_END = re.compile(r"[，；;。：:！？!?]|,(?!\d{3})")
_SENTENCE_END = re.compile(r"[。！？!?]")
# Compiled once (a pattern given as a string pays the re module's cache look-up on every call).
_GAP_STOP = re.compile(r"[；;。：:]|\d")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_RUN_AT_END = re.compile(r"[\u4e00-\u9fff]+$")


@dataclass(frozen=True)
class Claim:
    """One numeric statement of the text."""

    paragraph: int  # 0-based index of the paragraph
    start: int  # span of the statement in the paragraph ([start, end))
    end: int
    text: str  # the statement as written
    kind: str  # amount | change | growth | share | count | equal | percent | prior
    value: Decimal  # signed as stated (减少 → negative); 0 for equalities
    unit: str  # 万元 | 元 | % | 人 | 名 | 辆 | 台; "" for equalities
    decimals: int  # shown precision
    direction: str = ""  # 增加/减少/… ; 持平/无变化/无 for equalities
    subject: str | None = None  # key of a glossary subject
    subject_text: str = ""  # words naming it; "（承上）" when taken from the statement before
    section: str | None = None  # 二、三 … of the 情况说明
    block: int = 0  # index of the heading block (a sum is stated within one block)
    basis: str = ""  # a prior's basis as written: 预算, 执行, 决算, 年初, or "" for 上年 alone

    @property
    def amount(self) -> Decimal:
        """The value in the table's unit (元 converted to 万元)."""
        return self.value / _TEN_THOUSAND if self.unit == "元" else self.value

    @property
    def places(self) -> int:
        """Shown decimals in the table's unit."""
        return self.decimals + 4 if self.unit == "元" else self.decimals

    @property
    def label(self) -> str:
        """The subject's label, or what the text calls it."""
        return SUBJECTS[self.subject].label if self.subject else (self.subject_text or "（未识别）")


@dataclass(frozen=True)
class Check:
    """One verdict on a claim: which rule, how severe, the arithmetic shown."""

    rule: str
    severity: str  # ok | info | warning | error
    message: str
    cells: tuple[str, ...]
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None


@dataclass(frozen=True)
class JudgedClaim:
    """A claim, where it stands, the cell it states and the verdicts on it."""

    claim: Claim
    where: str  # 情况说明!D10 or "FILE 第 n 段"
    cell: str | None  # the table cell the claim states or implies
    link: Ref | None
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def verdict(self) -> str:
        """The worst severity of its checks, ``ok`` when all agree."""
        return max((c.severity for c in self.checks), key=_RANK.__getitem__, default="ok")


def _check(rule: str, severity: str, message: str, cells: tuple[str, ...], expected: Decimal | str | None,
           actual: Decimal | str | None) -> Check:
    return Check(rule, severity, message, cells, expected, actual)


def _judged(claim: Claim, where: str, cell: str | None, link: Ref | None, checks: tuple[Check, ...]) -> JudgedClaim:
    return JudgedClaim(claim, where, cell, link, checks)


# -- extraction -------------------------------------------------------------------------------


def extract(text: str | Sequence[str]) -> list[Claim]:
    """Every numeric statement of a text (one paragraph per line, or a list of paragraphs): the figures
    :func:`~budget_addin.narrative.figures.read_figures` reads, each bound to a subject of the tables."""
    paragraphs = text.splitlines() if isinstance(text, str) else [p or "" for p in text]
    sections: list[tuple[str | None, int]] = []  # each paragraph's section and heading block
    section: str | None = None
    block = 0
    for paragraph in paragraphs:
        heading = _HEADING.match(paragraph)
        if heading:
            block += 1
        if heading or looks_like_heading(paragraph):
            # The topic comes from the heading's words (三公 under 二、 is still 三公), never from its number;
            # a top-level heading naming no topic of the tables ends the one before.
            topic = topic_of_heading(normalise(paragraph))
            section = topic or ("其他" if heading and heading["section"] else section)
        sections.append((section, block))
    listed, mapped = paragraphs_mapped(paragraphs)
    reading = read_figures(listed, mapped)
    claims: list[Claim] = []
    in_paragraph: list[Claim] = []
    marks: _ParagraphMarks | None = None
    for f in reading.figures:
        made = _from_figure(reading, f, *sections[f.para])
        if made is None:
            continue
        if marks is None or marks.index != f.para:
            marks, in_paragraph = _ParagraphMarks(normalise(paragraphs[f.para]), f.para), []
        claim = _implied_change(marks.norm, in_paragraph, made)
        subject, words = _subject_of(marks.norm, in_paragraph, claim, claim.section, marks)
        claim = replace(claim, subject=subject, subject_text=words)
        in_paragraph.append(claim)
        claims.append(claim)
    return claims


def _from_figure(reading: Reading, f: Figure, section: str | None, block: int) -> Claim | None:
    """The claim a figure of the text makes, as written (元 stays 元), or None for a figure no table states
    (a count of a unit no table counts). 亿元 is read in 万元, its shown precision with it (1.2 亿元: ±500 万元)."""
    origin = reading.origins[f.para]
    start, end = origin[f.opens if f.opens >= 0 else f.start], origin[f.end - 1] + 1
    written = reading.paragraphs[f.para].text
    if f.role == "equal":
        words = f.label if f.word == "无" else ""  # 无结余: the noun names the subject
        return _made(f.para, start, end, written[start:end], "equal", Decimal(0), "", 2, f.word, None, words,
                     section, block)
    unit, value, decimals = f.unit, f.value, f.decimals
    if unit == "万元":
        shown = f.written.rstrip()
        if shown.endswith("元") and not shown.endswith(("万元", "亿元")):  # stated in 元: kept in 元, as written
            unit, value, decimals = "元", value * _TEN_THOUSAND, decimals - 4
    elif unit not in UNIT_FAMILIES:
        return None
    if f.role == "budget":
        return None  # a 决算 text's budget figure: the workbook holds no column of it
    kind = _KINDS[f.role]
    basis = ""
    if kind == "prior":
        words = PRIOR_TAIL.search(reading.texts[f.para], 0, f.start)
        basis = _basis(words[0]) if words else ""
    claim = _made(f.para, start, end, written[start:end], kind, value, unit, decimals, f.word, None, "", section,
                  block)
    return replace(claim, basis=basis) if basis else claim


_KINDS = {"amount": "amount", "count": "count", "change": "change", "rate": "growth", "share": "share",
          "percent": "percent", "prior": "prior"}


class _ParagraphMarks:
    """The clause and sentence marks of a paragraph, found once for all its claims (the sentence marks when first
    asked: only a claim whose clause names no subject needs them)."""

    def __init__(self, norm: str, index: int = -1) -> None:
        self.norm = norm
        self.index = index
        self.clauses = Marks(_CLAUSE_END, norm)
        self._sentences: Marks | None = None

    @property
    def sentences(self) -> Marks:
        if self._sentences is None:
            self._sentences = Marks(_SENTENCE_END, self.norm)
        return self._sentences


def _basis(words: str) -> str:
    """What a stated prior is: 年初 (预算), 预算, 执行 or 决算, or "" for 上年 alone."""
    return "年初" if words.startswith("年初") else next((b for b in ("预算", "执行", "决算") if b in words), "")


def _with_kind(claim: Claim, kind: str) -> Claim:
    return replace(claim, kind=kind)


def _made(paragraph: int, start: int, end: int, text: str, kind: str, value: Decimal, unit: str, decimals: int,
          direction: str, subject: str | None, subject_text: str, section: str | None, block: int) -> Claim:
    return Claim(paragraph, start, end, text, kind, value, unit, decimals, direction, subject, subject_text, section,
                 block)


def _implied_change(norm: str, before: list[Claim], claim: Claim) -> Claim:
    """``…增加 40 万，社区惠民项目区级资金 40 万``: a bare amount continuing a list of changes is a change."""
    if claim.kind != "amount" or not before:
        return claim
    previous = before[-1]
    gap = norm[previous.end: claim.start]
    if previous.kind == "change" and UNIT_FAMILIES.get(previous.unit) == "money" and not _GAP_STOP.search(gap):
        return _with_kind(claim, "change")
    return claim


def _family(claim: Claim) -> str:
    return UNIT_FAMILIES.get(claim.unit, "money")


# Procurement categories are named by one word; 一般公共服务支出 is a function class, not 服务.
_BARE_CATEGORIES = frozenset({"货物", "工程", "服务"})


def _stands_alone(before: str) -> bool:
    before = before.rstrip()
    return not before or not _HAN.match(before[-1]) or before.endswith(("采购", "其中", "中"))


@cache  # schema-derived: the same for every workbook of a batch
def _terms_by_char(section: str | None, family: str, end: bool
                   ) -> dict[str, tuple[tuple[int, dict[str, Subject]], ...]]:
    """The terms of :func:`candidates` (each with its first subject in pool order) by their last (``end``) or
    first character and then by length, longest first: at one position only one term of a length can stand, so it
    is looked up, not searched for among the terms sharing that character."""
    first: dict[str, Subject] = {}
    for term, subject in candidates(section, family):
        first.setdefault(term, subject)
    grouped: dict[str, dict[int, dict[str, Subject]]] = {}
    for term, subject in first.items():
        grouped.setdefault(term[-1] if end else term[0], {}).setdefault(len(term), {})[term] = subject
    return {char: tuple(sorted(by_length.items(), reverse=True)) for char, by_length in grouped.items()}


def _first_term(window: str, section: str | None, family: str) -> tuple[Subject, str] | None:
    """The term of :func:`candidates` starting nearest the start of ``window`` (longer wins ties; only a term's
    first occurrence counts, and a procurement category only standing alone), by an index of first characters.

    The start positions are walked from the first one on; the first term met whose (first) occurrence is not a
    qualified procurement category wins, the longest first at one position. A term met once is not looked at
    again further on, as ``find`` only sees its first occurrence.
    """
    index = _terms_by_char(section, family, False)
    any_term = _any_term(section, family)
    if any_term is None:
        return None  # a section without terms (其他)
    seen: set[str] = set()
    found = any_term.search(window)
    while found is not None:  # only the positions where a term starts (the window may run to the paragraph's end)
        start = found.start()
        for length, terms in index.get(window[start], ()):
            term = window[start: start + length]
            subject = terms.get(term)  # None when the window ends before the length
            if subject is None or term in seen:
                continue
            seen.add(term)
            if term not in _BARE_CATEGORIES or _stands_alone(window[:start]):
                return subject, term
        found = any_term.search(window, start + 1)
    return None


@cache  # schema-derived: the same for every workbook of a batch
def _any_term(section: str | None, family: str) -> re.Pattern[str] | None:
    """A pattern matching where any term of :func:`candidates` starts (None when there is none)."""
    terms = sorted({term for term, _ in candidates(section, family)}, key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in terms)) if terms else None


def _last_term(window: str, section: str | None, family: str) -> tuple[Subject, str] | None:
    """The term of :func:`candidates` ending nearest the end of ``window`` (longer wins ties; only a term's last
    occurrence counts, and a procurement category only standing alone), by an index of last characters.
    """
    return last_term(window, _terms_by_char(section, family, True),
                     lambda term, start: term not in _BARE_CATEGORIES or _stands_alone(window[:start]))


def _subject_of(norm: str, before: list[Claim], claim: Claim, section: str | None,
                marks: _ParagraphMarks | None = None) -> tuple[str | None, str]:
    """The subject a statement speaks of: named in its clause, else the one the sentence is about."""
    marks = marks or _ParagraphMarks(norm)
    family = _family(claim)
    if claim.direction == "无":  # 无结余 / 无结转: the noun is the subject
        hit = _last_term(claim.subject_text, section, "money")
        return (hit[0].key, hit[1]) if hit else (None, claim.subject_text)
    clause_end = marks.clauses.last_end(claim.start)
    clause_start = 0 if clause_end is None else clause_end
    start = max(clause_start, before[-1].end) if before else clause_start  # claims do not overlap: the last ends last
    window = norm[start: claim.start]
    hit = _last_term(window, section, family)
    if hit is not None and _compound(window[: window.rfind(hit[1])]):
        return None, window.strip(" ，,：:；;")  # 退役人员经费 is not 人员经费: a longer name the glossary lacks
    if hit is not None and '"' in window[window.rfind(hit[1]) + len(hit[1]):]:
        return None, window.strip(" ，,：:；;")  # “公用经费增加” (a quoted 明细 name) is not 公用经费
    if hit is None and claim.kind in {"amount", "count"}:
        stop = _CLAUSE_END.search(norm, claim.end)
        hit = _first_term(norm[claim.end: stop.start() if stop else len(norm)], section, family)
    if hit is not None:
        return hit[0].key, hit[1]
    if _unknown_name(window):  # the clause names an item the glossary does not hold: never charge it to another
        return None, window.strip(" ，,：:；;")
    if claim.kind in {"amount", "count"} and not _ATTRIBUTE.fullmatch(norm[start: claim.start].strip()):
        # an amount whose clause names nothing is not charged to the subject before it
        return None, window.strip(" ，,：:；;")
    inherited = _inherited(norm, before, claim, marks.sentences)
    return (inherited, "（承上）") if inherited else (None, window.strip(" ，,：:；;"))


# Words a clause may hold besides an item's name; what is left after removing them names an item.
_FILLER = re.compile(
    r"\d{4}\s*年度?|较|比|与|同比|上年|去年|上一年度?|增加|减少|增长|下降|减幅|增幅|降幅|持平|其中|主要|包括|"
    r"分别|为|是|共|计|约|达|占|和|及|或|等|了|的|万元|万|元|预算|安排|总计|合计|原因|另外|此外|同时|相比|"
    r"对比|变化|幅度|金额|资金|数|额|[，,。；;：:、（）()\s%％\d.．-]")


def _compound(before: str) -> bool:
    """True when the characters right before a matched term make it part of a longer name."""
    run = _HAN_RUN_AT_END.search(before)
    if not run:
        return False
    rest = _FILLER.sub("", _CONTEXT.sub("", run.group(0)))
    return len(_HAN.findall(rest)) >= 2


# Words that stand before an item's name without being part of it.
_CONTEXT = re.compile(r"本年度|年度|[年月日]|本部门|本单位|本级|部门|单位|全年|当年|本年|财政拨款|一般公共预算")


def _unknown_name(window: str) -> str:
    """The name of an item a clause speaks of that no glossary term matched ('' when none)."""
    rest = _FILLER.sub("", window)
    return rest if len(_HAN.findall(rest)) >= 2 else ""


_FAMILIES = {key: subject.families for key, subject in SUBJECTS.items()}  # a property, asked for every claim before


def _inherited(norm: str, before: list[Claim], claim: Claim, sentences: Marks | None = None) -> str | None:
    """The nearest subject in the same sentence, else the first of the previous sentence with one."""
    family = _family(claim)

    def fits(other: Claim) -> bool:
        return other.subject is not None and (claim.kind == "equal" or family in _FAMILIES[other.subject])

    ends = sentences or Marks(_SENTENCE_END, norm)
    numbers: dict[int, int] = {}  # each claim before is asked about up to three times

    def sentence(position: int) -> int:
        if position not in numbers:
            numbers[position] = ends.count(position)  # len(_SENTENCE_END.findall(norm, 0, position))
        return numbers[position]

    here = sentence(claim.start)
    # The claims before are in text order, so those of this sentence are the last ones: found walking back.
    first_here = len(before)
    while first_here and sentence(before[first_here - 1].start) == here:
        first_here -= 1
    in_sentence = before[first_here:]
    same = [c for c in in_sentence if fits(c)]
    if same:
        previous = same[-1]
        if claim.kind in {"change", "growth"} and previous.kind in {"amount", "count"} and len(in_sentence) >= 2 \
                and in_sentence[-1] is previous \
                and norm[in_sentence[-2].end: previous.start].lstrip().startswith(("、", "和", "及", "以及", "与")):
            return None  # A x 万元、B y 万元，比上年增加 z: the list's change or B's — not guessed
        return previous.subject
    earlier = [c for c in before[:first_here] if fits(c)]
    if earlier:
        last = sentence(earlier[-1].start)
        return next(c.subject for c in earlier if sentence(c.start) == last)
    return None


# -- linking and judging ------------------------------------------------------------------------


Locate = Callable[[int], str]


def sheet_locator(book: Book) -> Locate:
    """Paragraph i of the workbook's 情况说明 sheet as its cell."""
    return lambda index: book.ref("narrative", index, "text")


def file_locator(path: str | Path) -> Locate:
    """Paragraph i of a text file as ``FILE 第 n 段``."""
    return lambda index: f"{path} 第 {index + 1} 段"


def sheet_paragraphs(book: Book) -> list[str]:
    """The text of the 情况说明 sheet, one string per row."""
    return [book.text("narrative", i, "text") for i in book.rows("narrative")] if book.has_table("narrative") else []


def link_and_judge(book: Book, claims: Sequence[Claim], locate: Locate | None = None) -> list[JudgedClaim]:
    """Link every claim to the table figure it states or implies and judge it."""
    where_of = locate or sheet_locator(book)
    rows = _DetailRows(book)
    wheres: dict[int, str] = {}  # a paragraph's location, asked once (a paragraph states many figures)
    judged = []
    for claim in claims:
        if claim.paragraph not in wheres:
            wheres[claim.paragraph] = where_of(claim.paragraph)
        judged.append(_judge(book, claim, wheres[claim.paragraph], rows))
    extra: dict[int, list[Check]] = {}
    blocks = [block for block in _blocks(judged) if block]  # a block stating no linked figure has no sum
    stated = {ref for block in blocks for ref in block}
    for breakdown in (*BREAKDOWNS, *detail_breakdowns(book)):
        for index, check in _sum_checks(book, breakdown, blocks, stated):
            extra.setdefault(index, []).append(check)
    return [_judged(j.claim, j.where, j.cell, j.link, j.checks + tuple(extra[i])) if i in extra else j
            for i, j in enumerate(judged)]  # a claim no sum is about stays as judged (an equal copy otherwise)


def detail_breakdowns(book: Book) -> list[Breakdown]:
    """The breakdowns the book's 明细 and 人员情况 rows state: a total and the rows that name it."""
    found = []
    for table, cols in (
        ("details", (("amount", "amount"), ("change", "change_used"))),
        ("staff", (("count", "count"),)),
    ):
        if not book.has_table(table):
            continue
        for group in detail_groups(book, table):
            if group.target is None:
                continue
            target_table, target_row = group.target
            for total_col, part_col in cols:
                if total_col not in _column_keys(target_table):
                    continue
                parts = tuple(Ref(table, i, part_col) for i in group.rows)  # type: ignore[arg-type]
                found.append(Breakdown(Ref(target_table, target_row, total_col), parts,  # type: ignore[arg-type]
                                       group.kind == "构成"))
    return found


@cache  # schema-derived: the same for every workbook of a batch
def _column_keys(table: str) -> frozenset[str]:
    """The keys of a table's columns."""
    return frozenset(c.key for c in TABLES_BY_KEY[table].columns)


def judge_text(book: Book, text_file: str | Path | None = None) -> list[JudgedClaim]:
    """The judged claims of the book's 情况说明 sheet, or of a .txt/.docx file against the book's tables."""
    if text_file is None:
        return link_and_judge(book, extract(sheet_paragraphs(book)), sheet_locator(book))
    return link_and_judge(book, extract(read_text_file(text_file)), file_locator(text_file))


class _DetailRows:
    """The item names of a book's 明细 and 人员情况 rows, read and squashed once per :func:`link_and_judge`
    (every clause naming no glossary subject is matched against all of them)."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self._tables: dict[str, list[tuple[int, str, str]]] = {}
        self.subjects: dict[tuple[str, int], Subject] = {}  # the subject of a row, by (table, row)

    def named(self, table: str) -> list[tuple[int, str, str]]:
        """(row, item as written, squashed item) of each row whose squashed item has two characters or more."""
        if table not in self._tables:
            found = []
            for i in self.book.rows(table):
                written = self.book.text(table, i, "item")
                squashed = _squash_label(written)
                if len(squashed) >= 2:
                    found.append((i, written, squashed))  # type: ignore[arg-type]
            self._tables[table] = found
        return self._tables[table]


def _detail_subject(book: Book, claim: Claim, rows: _DetailRows | None = None) -> Subject | None:
    """A row of the 明细 or 人员情况 list whose item the clause names (exactly one, never guessed)."""
    named = _squash_label(claim.subject_text)
    if len(named) < 2:
        return None
    table = "staff" if _family(claim) == "count" else "details"
    if not book.has_table(table):
        return None
    rows = rows or _DetailRows(book)
    items = rows.named(table)
    hits = [(i, item, squashed) for i, item, squashed in items if squashed in named]  # a suffix is in it too
    longest = max((len(squashed) for _, _, squashed in hits), default=0)
    hits = [hit for hit in hits if len(hit[2]) == longest]
    if len(hits) != 1:
        return None
    row, item, _ = hits[0]
    made = rows.subjects.get((table, row))  # a row named by several claims is made a subject once
    if made is None:
        if table == "staff":
            made = Subject(f"staff:{row}", item, (item,), (), (), None, None, Ref("staff", row, "count"))
        else:
            change = "change" if book.number("details", row, "change") is not None else "change_used"
            made = Subject(f"details:{row}", item, (item,), (), (Ref("details", row, "amount"),),
                           Ref("details", row, change))
        rows.subjects[(table, row)] = made
    return made


_SQUASH = re.compile(r"[\s\d年月度：:（）()\-－—]|新增|其中|项目|资金为")


def _squash_label(text: str) -> str:
    return _SQUASH.sub("", text or "")


def _judge(book: Book, claim: Claim, where: str, rows: _DetailRows | None = None) -> JudgedClaim:
    subject = SUBJECTS.get(claim.subject) if claim.subject else None
    if subject is None and claim.subject_text and claim.kind in {"amount", "change", "count"}:
        subject = _detail_subject(book, claim, rows)
    judge = _JUDGES.get(claim.kind)
    result = judge(book, claim, subject, where) if subject is not None and judge is not None else None
    if result is None:
        if subject is not None:
            why = f"（{subject.label}在表格中没有{KIND_NAMES[claim.kind]}栏）"
        elif claim.subject_text:
            why = f"（“{claim.subject_text}”在表格中没有对应项）"
        else:
            why = "（未识别所述项目）"
        check = _check(UNLINKED, "info", f"“{claim.text}”未能对应到表格{why}", (where,), None, _stated(claim))
        return _judged(claim, where, None, None, (check,))
    ref, checks = result
    return _judged(claim, where, book.ref(ref.table, ref.row, ref.col), ref, tuple(checks))


Judged = tuple[Ref, list[Check]] | None


def _stated(claim: Claim) -> Decimal:
    return claim.amount if claim.unit != "%" else claim.value


def _shown(value: Decimal, decimals: int) -> str:
    return calc.fmt(value, decimals)


def _unit(claim: Claim) -> str:
    return "万元" if claim.unit in {"万元", "元"} else claim.unit


_FEEDS = re.compile(r"\{([a-z_]+)!")


def _tables_feeding(table: str, seen: set[str] | None = None) -> set[str]:
    """The table itself and every table its formulas read, transitively."""
    seen = set() if seen is None else seen
    if table in seen or table not in TABLES_BY_KEY:
        return seen
    seen.add(table)
    spec = TABLES_BY_KEY[table]
    templates = [c.formula for c in spec.columns if c.formula]
    templates += [t for r in spec.rows for t in r.formulas.values() if t]
    for template in templates:
        for source in _FEEDS.findall(template):
            _tables_feeding(source, seen)
    return seen


def _blank(book: Book, claim: Claim, subject: Subject, ref: Ref, where: str) -> Check:
    cell = book.ref(ref.table, ref.row, ref.col)
    absent = sorted(TABLES_BY_KEY[t].sheet for t in _tables_feeding(ref.table) if not book.has_table(t))
    if absent:  # the sheet is missing (one finding says so): its cells are not 未填, they are unknown
        return _check(BLANK, "ok", f"{subject.label}：表中 {cell} 依赖的工作表“{'、'.join(absent)}”缺失，未核对",
                     (where, cell), None, _stated(claim))
    return _check(BLANK, "warning", f"{subject.label}：说明中写“{claim.text}”，表中 {cell} 未填", (where, cell),
                 None, _stated(claim))


def _judge_figure(book: Book, claim: Claim, subject: Subject, where: str) -> Judged:
    """Stated amount or count = table figure."""
    if _family(claim) == "count":
        refs: tuple[Ref, ...] = (subject.count,) if subject.count else ()
        rule = COUNT
    else:
        refs, rule = subject.amount, AMOUNT
    value, ref = figure_and_ref(book, refs)
    if ref is None:
        return None
    if value is None:
        return ref, [_blank(book, claim, subject, ref, where)]
    cell = book.ref(ref.table, ref.row, ref.col)
    return ref, [_stated_against(rule, claim, f"{subject.label}：说明中写", "表中为", value, cell, where)]


def _stated_against(rule: str, claim: Claim, stated: str, table: str, value: Decimal, cell: str, where: str) -> Check:
    """A stated figure against the table's at the decimals shown:
    ``{stated} X 万元，{table} Y 万元（cell）[，相差 …]``."""
    judgement = calc.judge(claim.amount, claim.places, calc.exact(value))
    unit = _unit(claim)
    message = (f"{stated} {_shown(claim.value, claim.decimals)} {claim.unit}，"
               f"{table} {calc.fmt_amount(value)} {unit}（{cell}）")
    if judgement.severity != "ok":
        message += f"，相差 {calc.fmt_amount(abs(value - claim.amount))} {unit}；{judgement.mode_note}"
    return _check(rule, judgement.severity, message, (where, cell), value, claim.amount)


def _judge_change(book: Book, claim: Claim, subject: Subject, where: str) -> Judged:
    """Stated change = current − prior, and the direction word agrees with its sign."""
    ref = subject.change
    if ref is None:
        return None
    value, cell = _change_value(book, ref)
    if value is None:
        return ref, [_blank(book, claim, subject, ref, where)]
    unit = _unit(claim)
    judgement = calc.judge(abs(claim.amount), claim.places, calc.exact(abs(value)))
    severity = judgement.severity
    words = claim.direction or "增加（承上）"
    message = f"{subject.label}：说明中写{words} {_shown(abs(claim.value), claim.decimals)} {claim.unit}，" \
              f"表中增减额为 {calc.fmt_amount(value)} {unit}（{cell}）"
    if severity != "ok":
        message += f"；{judgement.mode_note}"
    rule = COUNT if _family(claim) == "count" else CHANGE
    checks = [_check(rule, severity, message, (where, cell), value, claim.amount)]
    checks.extend(_direction(claim, subject, value, unit, where, cell))
    return ref, checks


def _change_value(book: Book, ref: Ref) -> tuple[Decimal | None, str]:
    """The stated 增减额 and its cell; left blank, 本年 − 上年 where both are stated (as the generator writes it)."""
    value = book.number(ref.table, ref.row, ref.col)
    if value is not None or not ref.has("prior"):
        return value, book.ref(ref.table, ref.row, ref.col)
    yoy = year_on_year(book, ref.table, ref.row)
    if not yoy.prior_stated:
        return None, book.ref(ref.table, ref.row, ref.col)
    return yoy.change, f"{book.ref(ref.table, ref.row, 'amount')}−{book.ref(ref.table, ref.row, 'prior')}"


def _direction(claim: Claim, subject: Subject, value: Decimal, unit: str, where: str, cell: str) -> list[Check]:
    """增加/减少 agree with the sign of the table's change."""
    sign = _SIGNS.get(claim.direction, 0) or (1 if claim.kind == "change" and claim.value > 0 else 0)
    if sign == 0 or value == 0 or (sign > 0) == (value > 0):
        return []
    right = "减少" if value < 0 else "增加"
    return [_check(DIRECTION, "error",
                  f"{subject.label}：说明中写“{claim.text}”，表中增减额为 {calc.fmt_amount(value)} {unit}（{cell}），"
                  f"应为“{right}”", (where, cell), right, claim.direction or "增加")]


def _ratio_cells(book: Book, ref: Ref, computed: str, stated: str) -> tuple[str, ...]:
    return tuple(book.ref(ref.table, ref.row, col) for col in (computed, stated) if ref.has(col))


def _judge_ratio(claim: Claim, label: str, word: str, part: Decimal, whole: Decimal, cells: tuple[str, ...],
                 where: str, rule: str) -> Check:
    """A stated percentage against part ÷ whole of cent-exact figures (calc.judge_percent)."""
    judgement = calc.judge_percent(abs(claim.value), claim.decimals, abs(part), whole) if whole > 0 else None
    if judgement is None:
        return _check(rule, "error", f"{label}：说明中写 {claim.text}，但 {word}的分母为 {calc.fmt_amount(whole)}，"
                                    f"无法计算", (where, *cells), None, abs(claim.value))
    exact_pct = abs(part) / whole * calc.HUNDRED
    severity = judgement.severity
    message = f"{label}{word} {calc.fmt_amount(abs(part))}÷{calc.fmt_amount(whole)}={calc.fmt(exact_pct, 2)}%，" \
              f"说明中写 {_shown(abs(claim.value), claim.decimals)}%"
    message += f"：{judgement.mode_note}%" if severity != "ok" else "，按四舍五入一致"
    return _check(rule, severity, message, (where, *cells), calc.round_half_up(exact_pct, 2), abs(claim.value))


def _judge_growth(book: Book, claim: Claim, subject: Subject, where: str) -> Judged:
    """Stated growth = change ÷ prior."""
    ref = subject.change
    if ref is None or not ref.has("prior"):
        return None
    yoy = year_on_year(book, ref.table, ref.row)
    change, prior = yoy.change, yoy.prior
    if change is None or prior is None:
        return ref.at("growth"), [_blank(book, claim, subject, ref, where)]
    cells = _ratio_cells(book, ref, "growth", "stated_growth")
    word = "降幅" if change < 0 else "增幅"
    checks = [_judge_ratio(claim, subject.label, word, change, prior, cells, where, GROWTH)]
    checks.extend(_direction(claim, subject, change, "万元", where, book.ref(ref.table, ref.row, "change")))
    return ref.at("growth"), checks


def _judge_share(book: Book, claim: Claim, subject: Subject, where: str) -> Judged:
    """Stated share = part ÷ total."""
    if subject.share_of is None or not subject.amount:
        return None
    whole_subject = SUBJECTS[subject.share_of]
    part, whole = figure(book, subject.amount), figure(book, whole_subject.amount)
    ref = subject.amount[0]
    if part is None or whole is None:
        missing = subject if part is None else whole_subject
        return ref.at("share"), [_blank(book, claim, missing, figure_ref(book, missing.amount) or ref, where)]
    cells = _ratio_cells(book, ref, "share", "stated_share")
    if not cells:
        cells = (book.ref(ref.table, ref.row, ref.col),)
    return ref.at("share"), [_judge_ratio(claim, subject.label, "占比", part, whole, cells, where, SHARE)]


def _judge_equal(book: Book, claim: Claim, subject: Subject, where: str) -> Judged:
    """与上年持平 / 较上年无变化: the change is zero; 无结转: the amount is zero."""
    if claim.direction == "无":
        value, ref = figure_and_ref(book, subject.amount)
        rule, what, cell = AMOUNT, "金额", ""
    else:
        ref = subject.change
        value, cell = (None, "") if ref is None else _change_value(book, ref)
        rule, what = DIRECTION, "增减额"
    if ref is None:
        return None
    cell = cell or book.ref(ref.table, ref.row, ref.col)
    if value is None:
        return ref, [_blank(book, claim, subject, ref, where)]
    unit = TABLES_BY_KEY[ref.table].unit or ""
    severity = "ok" if value == 0 else "error"
    message = f"{subject.label}：说明中写“{claim.text}”，表中{what}为 {calc.fmt_amount(value)} {unit}（{cell}）"
    return ref, [_check(rule, severity, message, (where, cell), value, Decimal(0))]


def _judge_prior(book: Book, claim: Claim, subject: Subject, where: str) -> Judged:
    """Stated 上年数 = the table's 上年 (as stated, else 本年 − 增减额), when the text means the same prior."""
    ref = subject.change
    if ref is None or not ref.has("prior") or _family(claim) == "count":
        return None
    yoy = year_on_year(book, ref.table, ref.row)
    if yoy.prior is None:
        return None
    if yoy.prior_stated:
        ref, cell = ref.at("prior"), book.ref(ref.table, ref.row, "prior")
    else:
        cell = f"{book.ref(ref.table, ref.row, 'amount')}−{book.ref(ref.table, ref.row, ref.col)}"
    header = comparator(book.data)  # 上年预算数 or 上年执行数
    if claim.basis not in ("", _basis(header)):  # 上年执行数 against a 上年预算数 column, 年初预算, 决算 …
        note = f"{subject.label}：“{claim.text}”是{claim.basis}数，表格的上年数为{header}，未核对"
        return ref, [_check(PRIOR, "info", note, (where, cell), yoy.prior, claim.amount)]
    stated = f"{subject.label}：说明中写上年"
    return ref, [_stated_against(PRIOR, claim, stated, f"表中{header}为", yoy.prior, cell, where)]


_JUDGES: dict[str, Callable[[Book, Claim, Subject, str], Judged]] = {
    "amount": _judge_figure, "count": _judge_figure, "change": _judge_change, "growth": _judge_growth,
    "share": _judge_share, "equal": _judge_equal, "prior": _judge_prior,
}


# -- breakdowns: a stated total against the parts the same block states -----------------------


@dataclass(frozen=True)
class SumVerdict:
    """How a stated total relates to the stated parts."""

    severity: str  # ok | info | error
    parts_sum: Decimal
    parts_interval: calc.Interval
    complete: bool


def judge_sum(total: tuple[Decimal, int], parts: Sequence[tuple[Decimal, int]], complete: bool) -> SumVerdict | None:
    """Judge a stated total against stated parts, each given as (value, shown decimals).

    Complete breakdowns must meet (interval arithmetic); when they meet only thanks to the shown
    precision the verdict is ``info``. Partial (其中) lists must not exceed a non-negative total;
    with mixed signs nothing can be said (``None``).
    """
    # calc.sum_interval of calc.shown(value, places) of the parts, the bounds added up as sum_interval adds them
    # (from zero, in order) without an interval made per part and per sum: every stated total of every text is
    # judged.
    lo = hi = exact_sum = calc.ZERO
    for value, places in parts:
        half = calc.quantum(places) / 2
        lo += value - half
        hi += value + half
        exact_sum += value
    summed = calc.Interval(lo, hi)
    stated = calc.shown(total[0], total[1])
    if complete:
        if not summed.meets(stated):
            return SumVerdict("error", exact_sum, summed, True)
        return SumVerdict("ok" if exact_sum == total[0] else "info", exact_sum, summed, True)
    if total[0] < 0 or any(value < 0 for value, _ in parts):
        return None
    return SumVerdict("error" if summed.lo > stated.hi else "ok", exact_sum, summed, False)


def _blocks(judged: Sequence[JudgedClaim]) -> list[dict[Ref, tuple[int, JudgedClaim]]]:
    """Per block of the text, in order: each linked cell → the first amount/change/count claim stating it."""
    blocks: dict[int, dict[Ref, tuple[int, JudgedClaim]]] = {}
    for i, j in enumerate(judged):
        first = blocks.setdefault(j.claim.block, {})
        if j.link is not None and j.claim.kind in {"amount", "change", "count"}:
            first.setdefault(j.link, (i, j))
    return [blocks[block] for block in sorted(blocks)]


def _first(first: dict[Ref, tuple[int, JudgedClaim]], ref: Ref,
           same: frozenset[Ref] | None = None) -> tuple[int, JudgedClaim] | None:
    """The earliest claim of a block that states the cell or a cell it merely repeats (``same``: its aliases)."""
    return _earliest(first, aliases(ref) if same is None else same)


def _earliest(first: dict[Ref, tuple[int, JudgedClaim]], same: Iterable[Ref]) -> tuple[int, JudgedClaim] | None:
    """The earliest claim of a block that states one of the cells ``same``."""
    hits = [first[alias] for alias in same if alias in first]
    return min(hits, key=lambda hit: hit[0]) if hits else None


def _sum_checks(book: Book, breakdown: Breakdown, blocks: list[dict[Ref, tuple[int, JudgedClaim]]],
                stated: set[Ref] | None = None) -> Iterable[tuple[int, Check]]:
    """``stated``: every cell the blocks state (a breakdown whose total no block states is passed over)."""
    total_aliases = aliases(breakdown.total)
    if stated is not None and stated.isdisjoint(total_aliases):
        return
    # The aliases of each part, in order, looked up once for all blocks; a part no block states is found in none.
    part_aliases = [same for same in map(aliases, breakdown.parts) if stated is None or not stated.isdisjoint(same)]
    for first in blocks:
        total = _first(first, breakdown.total, total_aliases)
        if total is None:
            continue
        parts: list[JudgedClaim] = []
        for same in part_aliases:
            hit = _earliest(first, same)
            if hit is not None:
                parts.append(hit[1])
        if not parts:
            continue
        complete = breakdown.complete and len(parts) == len(breakdown.parts)
        head = total[1].claim
        verdict = judge_sum((head.amount, head.places), [(p.claim.amount, p.claim.places) for p in parts], complete)
        if verdict is None or verdict.severity == "ok":
            continue
        yield total[0], _sum_check(book, breakdown, total[1], parts, verdict)


def _sum_check(book: Book, breakdown: Breakdown, total: JudgedClaim, parts: Sequence[JudgedClaim],
               verdict: SumVerdict) -> Check:
    head = total.claim
    unit = _unit(head)
    terms = "".join(("" if i == 0 and p.claim.amount >= 0 else "+" if p.claim.amount >= 0 else "-")
                    + _shown(abs(p.claim.amount), p.claim.places) for i, p in enumerate(parts))
    difference = head.amount - verdict.parts_sum
    label = head.label
    message = f"{label}：说明中写 {_shown(head.amount, head.places)} {unit}，所列各项 {terms}=" \
              f"{calc.fmt_amount(verdict.parts_sum)} {unit}"
    if verdict.severity == "info":
        message += f"，相差 {calc.fmt_amount(abs(difference))} {unit}；各项按所示精度可为 " \
                   f"{calc.fmt_amount(verdict.parts_interval.lo)}～{calc.fmt_amount(verdict.parts_interval.hi)}，" \
                   f"在舍入范围内"
    elif verdict.complete:
        message += f"，相差 {calc.fmt_amount(abs(difference))} {unit}"
    else:
        message += f"，超过总数 {calc.fmt_amount(-difference)} {unit}（其中各项之和不应大于总数）"
    wheres = tuple(dict.fromkeys([total.where, *(p.where for p in parts)]))
    cell = book.ref(breakdown.total.table, breakdown.total.row, breakdown.total.col)
    rule = ITEMS if breakdown.total.col == "change" else SUM
    return _check(rule, verdict.severity, message, (*wheres, cell), verdict.parts_sum, head.amount)


# -- input and output ---------------------------------------------------------------------------


def read_text_file(path: str | Path) -> list[str]:
    """Paragraphs of a plain UTF-8 text file (one per non-empty line) or of a .docx."""
    source = Path(path)
    if source.suffix.lower() == ".docx":
        import docx  # python-docx

        return [p.text.strip() for p in docx.Document(str(source)).paragraphs if p.text.strip()]
    from budget_addin.narrative.paragraphs import RUN_ON, split_run_on  # a line whose breaks were lost is split

    lines = source.read_text(encoding="utf-8-sig").splitlines()
    return [piece.strip() for line in lines for piece in (split_run_on(line) if len(line) > RUN_ON else (line,))
            if piece.strip()]


def as_json(judged: JudgedClaim) -> dict[str, Any]:
    """A judged claim as plain JSON values."""
    claim = judged.claim

    def plain(value: object) -> object:
        return str(value) if isinstance(value, Decimal) else value

    return {
        "where": judged.where, "paragraph": claim.paragraph + 1, "span": [claim.start, claim.end],
        "text": claim.text, "kind": claim.kind, "section": claim.section,
        "subject": claim.subject, "subject_label": claim.label if claim.subject else None,
        "subject_text": claim.subject_text, "value": str(claim.value), "unit": claim.unit,
        "decimals": claim.decimals, "direction": claim.direction, "linked_cell": judged.cell,
        "verdict": judged.verdict,
        "checks": [{"rule": c.rule, "severity": c.severity, "message": c.message, "cells": list(c.cells),
                    "expected": plain(c.expected), "actual": plain(c.actual)} for c in judged.checks],
    }


def summary(judged: Sequence[JudgedClaim]) -> str:
    """One line: how many claims, how many linked, verdict counts."""
    linked = sum(1 for j in judged if j.cell is not None)
    counts = {v: sum(1 for j in judged if j.verdict == v) for v in ("error", "warning", "info")}
    return (f"共 {len(judged)} 处数字表述，已对应表格 {linked} 处；"
            f"错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}")


def render(judged: Sequence[JudgedClaim], fmt: str = "text") -> str:
    """The claims as a text listing or as JSON (``fmt`` = ``text`` | ``json``)."""
    if fmt == "json":
        return json.dumps({"claims": [as_json(j) for j in judged], "summary": summary(judged)},
                          ensure_ascii=False, indent=2)
    if fmt != "text":
        raise ValueError(f"未知的输出格式 {fmt!r}（可选 text、json）")
    lines = []
    for j in judged:
        c = j.claim
        value = f"{c.value} {c.unit}（{c.decimals} 位小数）" if c.kind != "equal" else c.direction
        head = (f"{j.where} [{c.start}:{c.end}] “{c.text}” | {KIND_NAMES[c.kind]} | {c.label} | {value} "
                f"| → {j.cell or '未对应'} | {VERDICT_NAMES[j.verdict]}")
        lines.append(head)
        lines.extend(f"    {VERDICT_NAMES[k.severity]} {k.rule}：{k.message}" for k in j.checks if k.severity != "ok")
    lines.append(summary(judged))
    return "\n".join(lines)


def render_for(book: Book, text_file: str | Path | None = None, fmt: str = "text") -> str:
    """``budget-addin claims WORKBOOK [--text FILE] [--format text|json]``: the listing to print."""
    return render(judge_text(book, text_file), fmt)
