"""The figures a disclosure text states, each bound to the item its own clause names — or to none.

:func:`read_figures` walks the sentences of each paragraph and finds amounts (元/万元/亿元),
changes (增加/减少 …), rates (增长 7%, 下降10.28), shares (占 5.3%), counts (家/个/人/名/辆/台/次/件),
prior-year figures (上年预算数 …, 2019 年为 …) and 持平/无变化. Binding is precise by design:

- a figure binds to the item named in its own clause, the nearest label before it;
- a clause that only continues the previous one (``，增加 7%``, ``，占 66.67%``, ``。与上年持平。``)
  speaks of the item of that clause;
- a figure whose clause names no item stays unbound (never bound by position or order);
- a prior-year figure is a prior, never a part; the total opening a sentence is never a part.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import NamedTuple

from budget_addin.narrative.glossary import normalise
from budget_addin.narrative.marks import Marks, finditer_from, first_characters
from budget_addin.narrative.paragraphs import Paragraph, heading_levels
from budget_addin.narrative.vocabulary import Item, item_of

MONEY = {"万元": (Decimal(1), 0), "万": (Decimal(1), 0), "元": (Decimal("0.0001"), 4), "亿元": (Decimal(10000), -4)}
COUNT_UNITS = ("家", "个", "人", "名", "辆", "台", "次", "件", "套", "处", "项")
DIRECTIONS = {"负增长": -1, "增加额": 1, "减少额": -1,
              "增加": 1, "增长": 1, "提高": 1, "上升": 1, "增幅": 1, "增长率": 1, "新增": 1,
              "减少": -1, "下降": -1, "降低": -1, "降幅": -1, "下降率": -1, "减幅": -1, "增减率": 1}
NESTED = ("包括", "主要包括", "主要为", "主要是", "主要原因为", "主要原因是", "主要用于", "其中")

_NUMBER = re.compile(
    r"(?<![\d.A-Za-z/\[〔【（(第-])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>亿元|万元|万(?![人个])|元(?![/／])|%|" + "|".join(COUNT_UNITS) + r")?"
    r"(?![\d.年月日号时\-/／～~])")
# 较上年（200.00 万元）增加 …: an amount alone in brackets (the number pattern leaves out what follows a bracket)
_BRACKETED = re.compile(r"(?<=[（(])\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)"
                        r"(?=\s*[）)])")
# 增加-5.00 万元 / 增长-16.67%: a signed figure right after its direction word (a generated text's way)
_SIGNED = re.compile(r"(?<=增加|增长|减少|下降|降低|提高|上升)\s*(?P<sign>[-−－])\s*(?P<num>\d+(?:\.\d+)?)\s*"
                     r"(?P<unit>亿元|万元|元|%)")
# 百分之 5.76 / 百分之七点六五: a percentage written out
_PER_CENT = re.compile(r"百分之(?P<num>\d+(?:\.\d+)?|[零一二两三四五六七八九十]+(?:点[零一二三四五六七八九]+)?)")
_NOT_A_CLAIM_AFTER = re.compile(
    r"\s*(?:百分点|以上|以下|以内|左右|及以上|[（(]含[）)]以上|的?(?:标准|定额)|元?\s*[/／])"
)
# 每人每年 2.20 万元 / 人均 3 万元: a standard or an average, no amount of the budget
_STANDARD_TAIL = re.compile(r"(?:每人|每年|每月|每车|每辆|每台|每户|每平方米|人均|生均|户均|车均|标准为?|定额为?)\s*$")
_EQUAL = re.compile(
    r"(?:(?:与|较|比|同)\s*(?:上年度?|上一年度?|\d{4}\s*年度?|年初预算数?)\s*(?:相比|比较)?\s*[，,]?\s*)?"
    r"(?P<word>(?<!基本)(?<!大体)(?<!大致)持平|无增减变化|无增减|无变化|没有变化|保持不变)"
)  # 基本持平 is no figure: an approximate statement no check can hold to zero
# 无结余 / 无结转资金: nothing is left of the item the noun names.
_NIL = re.compile(r"(?P<word>无)(?P<what>结余|结转资金|结转)")
# 两个 / 三名 / 十二人: a count written in words (一 is left alone: 一个 is rarely a count stated as a figure).
_CN_COUNT = re.compile(r"(?<![一二两三四五六七八九十百千万第])(?P<num>[两二三四五六七八九十]{1,3})(?P<unit>个|名|人)")
_CN_DIGITS = {"零": 0, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# The first character of every match of each (read from it): marks.finditer_from tries them only there.
_EQUAL_START, _NIL_START, _CN_START = first_characters(_EQUAL), first_characters(_NIL), first_characters(_CN_COUNT)
_SENTENCE_END = re.compile(r"[。！？]|[!?](?=\s|$)")  # not the ! of a cell reference (Sheet!B4)
_CLAUSE_END = re.compile(r"[，；;：:]|,(?!\d{3})")
# What a change is measured from: 上年, 2023 年预算数, 上一年度预算数, 去年, 年初预算, 2023 年调整预算 …
_BASE = (r"(?:(?:上年度?|上一年度?|去年|\d{4}\s*年度?)\s*(?:年初|调整)?(?:预算|决算|执行)?数?"
         r"|(?:年初|调整)(?:预算|决算|执行)?数?)")
_COMPARE = re.compile(rf"(?:(?:同口径)?(?:与|较|比|同)\s*{_BASE}\s*(?:相比|比较)?|同比)\s*$")
# Between a figure and the next: only a comparison clause (，与 2023 年预算数相比，增加 …) and the direction word.
_COMPARE_CLAUSE = re.compile(rf"\s*[，,]\s*(?:同口径)?(?:与|较|比|同)\s*(?:{_BASE})?\s*"
                             r"(?:相比|比较|基本持平|大体持平|大致持平)\s*[，,]\s*\S{0,4}?\s*")
_DIRECTION_TAIL = re.compile(
    r"(?P<dir>" + "|".join(sorted(DIRECTIONS, key=len, reverse=True)) + r")了?\s*(?:为|是|达)?\s*$"
)
_SHARE_TAIL = re.compile(r"(?:占(?P<whole>[^，,；;。：:\d%]{0,20}?)(?:的)?(?:比重|比例|比)?|(?:所占)?(?:比重|比例))"
                         r"\s*(?:为|是|达)?\s*$")
# 上年预算数 / 年初预算数为 right before a figure: the one pattern of a stated prior (the claims reader's too)
PRIOR_TAIL = re.compile(r"(?:上年|上一年|上年度|年初)(?:预算|决算|执行)?(?:数|金额)?\s*(?:为|是)?\s*$")
_YEAR_IS_TAIL = re.compile(r"(?P<year>\d{4})\s*年度?(?:预算|决算|执行)?(?:数|金额)?\s*(?:为|是)\s*$")
_COMPARED_WITH_TAIL = re.compile(r"(?:与|较|比|同|由)\s*(?:上年度?|上一年度?|去年|\d{4}\s*年度?)"
                                 r"(?:预算|决算|执行)?数?\s*的?\s*$")
# 由上年的 P 增至 C: the figure reached, the amount of the item the sentence names
_TO_TAIL = re.compile(r"(?:增至|降至|减至|升至|增加到|减少到|下降到|提高到|上升到|增长到)\s*$")
_TOTAL_TAIL = re.compile(r"(?:共计|合计|总计|累计|共有|共)\s*(?:为|是|达)?\s*$")
# 完成（年初）预算的 Z%: a 决算's completion rate of the item its sentence speaks of (it names no item itself)
_COMPLETION_TAIL = re.compile(r"完成(?:了)?(?:全年|年初|调整)?预算(?:数)?的?\s*$")
_TARGET_TAIL = re.compile(r"(?:≥|≤|>|<|不少于|不低于|不高于|不超过|不多于|达到|大于|小于|以上|以下|约|近|超过)\s*$")
_LEAD = re.compile(r"^(?:[-•·\s]*(?:\d{1,2}[、.．]|[（(]\d{1,2}[）)]|[（(][一二三四五六七八九十]+[）)]|"
                   r"[一二三四五六七八九十]+、)\s*)?")
_CONNECTORS = ("其中", "包括", "主要包括", "主要为", "主要是", "另外", "此外", "分别为", "新增项目资金为", "和", "及",
               "以及", "与", "、", "含", "为", "是", "即", "具体为", "具体如下", "较", "同比", "相比")
_NOISE = re.compile(r"截[止至]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*[-—~～至]\s*\d{4}\s*年?|"
                    r"\d{4}\s*年度?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|本部门|本单位|我单位|我部门|本年度|当年|全年|"
                    r"主要原因[为是]?|原因[为是]|（[类款项]）")  # 一般公共服务（类）支出 is 一般公共服务支出
_TRAILING = ("支出预算", "预算数", "决算数", "执行数", "预算金额", "金额", "预算", "决算", "安排", "总额", "为", "是",
             "达", "共计", "合计", "总计", "累计", "共有", "共", "的")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# The first character of every match of _NOISE (read from it): a text without any holds no noise.
_NOISE_HINT = first_characters(_NOISE)
# Spaces a PDF or a typesetter puts between Chinese characters, or between them and figures, carry no meaning.
_WIDE = r"\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”"
_CJK_GAP = re.compile(rf"(?<=[{_WIDE}])[ \xa0]+(?=[{_WIDE}\d])|(?<=[\d%])[ \xa0]+(?=[{_WIDE}])")
_EMPTY_QUOTES = r"[“\"]\s*[”\"]"
_CLEAN = re.compile(r"\\geq?|\\leq?|\\%|\$|\*\*|" + _EMPTY_QUOTES + "|" + _CJK_GAP.pattern)
_CLEAN_START = first_characters(_CLEAN)  # the first character of every match of _CLEAN
_REPLACEMENTS = {"\\geq": "≥", "\\ge": "≥", "\\leq": "≤", "\\le": "≤", "\\%": "%"}
# Compiled once: the helpers below run for every clause of every text (a pattern given as a string would pay
# the re module's cache look-up on every call).
_TITLE_YEAR = re.compile(r"(\d{4})\s*年度?\s*(?:部门|单位)?\s*(?:预算|决算)")
_PERFORMANCE = re.compile(r"^\s*(?:绩效目标|绩效指标|年度目标|指标值)")
_SEMICOLON = re.compile(r"[；;]")
_CLAUSE_MARK = re.compile(r"[，；。]")
_COMPARED_YEAR = re.compile(
    r"(?:与|同|较|比)\s*(\d{4})\s*年度?\s*(?:预算数?|决算数?|执行数?)?\s*(?:相比|比较|对比|增加|减少|增长|下降)"
)
_PRIOR_YEAR_OPENING = re.compile(r"^\s*(?:[和及与、]\s*)?(\d{4})\s*年度?(?!\s*\d{1,2}\s*月)")
_STRAIGHT_QUOTED = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Figure:
    """One figure of the text, what it is and what it is about."""

    index: int  # position among the text's figures
    para: int  # index of its paragraph
    sentence: int  # number of its sentence in the text
    clause: int  # number of its clause in the sentence
    start: int  # span in the paragraph's (cleaned) text
    end: int
    role: str  # amount | count | change | rate | share | prior | equal | percent
    value: Decimal  # signed (减少 → negative); amounts in 万元
    decimals: int  # shown decimals in 万元 (元 → +4)
    unit: str  # 万元 | % | 家 | 个 | 人 …; "" for 持平
    written: str  # the figure as written
    label: str = ""  # the item as the clause names it ("" when none)
    item: str | None = None  # key of a vocabulary item
    opens: int = -1  # where its statement starts: the words making its role (增加 …, 占 … 的, 与上年相比，持平)
    word: str = ""  # the word making its role: 增加/减少/增长 … for changes and rates, 持平/无变化/无 for equalities
    inherited: bool = False  # its subject continues the previous clause
    total_marker: bool = False  # 共计/合计/共 N
    whole: str = ""  # 占 X 的: the named whole of a share
    nested: bool = False  # inside a 包括/主要为 sub-list of the sentence
    aside: bool = False  # inside brackets: （含上年结转 10 万元）

    @property
    def family(self) -> str:
        """money, percent or the count unit."""
        return "money" if self.unit == "万元" else self.unit

    @property
    def named(self) -> bool:
        """True when the figure is bound to an item (named in its clause or continued)."""
        return bool(self.label)


@dataclass(frozen=True)
class Sentence:
    """A sentence: its paragraph, span and text."""

    para: int
    start: int
    end: int
    text: str


@dataclass
class Reading:
    """What was read from a text: cleaned paragraphs, sentences, figures."""

    paragraphs: list[Paragraph]
    texts: list[str]  # cleaned text of each paragraph
    origins: list[list[int]]  # for each cleaned character, its position in the paragraph as written
    sentences: list[Sentence]
    figures: list[Figure]
    year: int | None

    def original(self, para: int, start: int, end: int) -> str:
        """The text as written of a span of a cleaned paragraph."""
        if end <= start:
            return ""
        origin = self.origins[para]
        return self.paragraphs[para].text[origin[start]: origin[end - 1] + 1]


def clean(text: str) -> str:
    """A paragraph with full-width forms unified, LaTeX residue (``$\\geq 90\\%$``) spelled plainly and the
    spaces between Chinese characters dropped."""
    return clean_map(text)[0]


def clean_map(text: str) -> tuple[str, list[int]]:
    """:func:`clean` and, for each character of the result (and its end), its position in ``text``."""
    norm = normalise(text)
    out: list[str] = []  # pieces of the result (whole slices: a paragraph is cleaned for every text checked)
    origin: list[int] = []
    position = 0
    for match in finditer_from(_CLEAN, _CLEAN_START, norm):  # the scan at every position is costly
        out.append(norm[position:match.start()])
        origin.extend(range(position, match.start()))
        replacement = _REPLACEMENTS.get(match.group(0), "")
        if replacement:
            out.append(replacement)
            origin.extend([match.start()] * len(replacement))
        position = match.end()
    out.append(norm[position:])
    origin.extend(range(position, len(norm)))
    origin.append(len(norm))
    return "".join(out), origin


def document_year(texts: Sequence[str]) -> int | None:
    """The budget year the text is about: the year of its title (``2020 年部门预算``); else the year after the
    one its comparisons name, when they all name one (``与2016年度相比`` → 2017); else None."""
    for text in texts[:5]:
        match = _TITLE_YEAR.search(text)
        if match:
            return int(match[1])
    compared = {int(m[1]) for text in texts if "年" in text for m in _COMPARED_YEAR.finditer(text)}
    return compared.pop() + 1 if len(compared) == 1 else None


def is_table_row(text: str) -> bool:
    """A row of a table copied as text (tab-separated cells): its figures are the table's, not claims."""
    return "\t" in text


def is_performance(text: str) -> bool:
    """A 绩效目标/绩效指标 paragraph: its figures are targets, not budget claims."""
    return bool(_PERFORMANCE.match(text))


def as_paragraphs(paragraphs: Sequence[Paragraph] | Sequence[str]) -> list[Paragraph]:
    """Paragraph objects for plain strings (headings recognised; lines are not rejoined)."""
    return paragraphs_mapped(paragraphs)[0]


def paragraphs_mapped(paragraphs: Sequence[Paragraph] | Sequence[str]
                          ) -> tuple[list[Paragraph], list[tuple[str, list[int]]] | None]:
    """:func:`as_paragraphs`, and the cleaned texts made to find the headings (None for Paragraph objects):
    :func:`read_figures` takes them rather than cleaning every paragraph a second time."""
    if all(isinstance(p, Paragraph) for p in paragraphs):
        return list(paragraphs), None  # type: ignore[arg-type]
    texts = [str(p) for p in paragraphs]
    mapped = [clean_map(t) for t in texts]
    levels = heading_levels([text for text, _ in mapped])
    listed = [Paragraph(i + 1, None, t, level) for i, (t, level) in enumerate(zip(texts, levels, strict=True))]
    return listed, mapped


def read_figures(paragraphs: Sequence[Paragraph], mapped: Sequence[tuple[str, list[int]]] | None = None) -> Reading:
    """Every figure of the text, bound to the item its clause names (or to none).

    ``mapped``: :func:`clean_map` of each paragraph's text, when the caller has made it already.
    """
    if mapped is None:
        mapped = [clean_map(p.text) for p in paragraphs]
    texts = [text for text, _ in mapped]
    year = document_year(texts)
    sentences: list[Sentence] = []
    figures: list[Figure] = []
    reading = Reading(list(paragraphs), texts, [origin for _, origin in mapped], sentences, figures, year)
    for para, (paragraph, text) in enumerate(zip(paragraphs, texts, strict=True)):
        if paragraph.heading_level or is_table_row(text) or is_performance(text):
            continue
        start = 0
        bounds = [m.end() for m in _SENTENCE_END.finditer(text)]
        if not bounds or bounds[-1] < len(text):
            bounds.append(len(text))
        for end in bounds:
            sentence = Sentence(para, start, end, text[start:end])
            if sentence.text.strip():
                figures.extend(_sentence_figures(sentence, len(sentences), len(figures), year, figures, reading))
                sentences.append(sentence)
            start = end
    return reading


def _sentence_figures(sentence: Sentence, number: int, offset: int, year: int | None,
                      before: list[Figure], reading: Reading) -> list[Figure]:
    text = sentence.text
    found: list[tuple[int, int, re.Match[str], str]] = []
    for match in _NUMBER.finditer(text):
        found.append((match.start(), match.end(), match, "number"))
    for match in finditer_from(_EQUAL, _EQUAL_START, text):  # tried only where 与上年持平 … can start
        found.append((match.start("word"), match.end(), match, "equal"))
    if "（" in text or "(" in text:
        for match in _BRACKETED.finditer(text):
            found.append((match.start("num"), match.end(), match, "bracketed"))
    if "-" in text or "−" in text or "－" in text:
        for match in _SIGNED.finditer(text):
            found.append((match.start("sign"), match.end(), match, "signed"))
    if "百分之" in text:
        for match in _PER_CENT.finditer(text):
            found.append((match.start(), match.end(), match, "per_cent"))
    for match in finditer_from(_NIL, _NIL_START, text):
        found.append((match.start(), match.end(), match, "nil"))
    for match in finditer_from(_CN_COUNT, _CN_START, text):
        found.append((match.start(), match.end(), match, "words"))
    if not found:
        return []  # most sentences of a long document state no figure
    found.sort(key=lambda item: item[0])
    opening = list_opening(text)
    of_which = opening[1] if opening else None  # where the sentence's first list starts
    nested_words = tuple(word for word in NESTED if word in text)  # the only ones a part of the sentence can hold
    figures: list[Figure] = []
    previous_end = 0
    clauses = Marks(_CLAUSE_END, text)
    for start, end, match, form in found:
        if start < previous_end or text.count("【", 0, start) > text.count("】", 0, start):
            continue  # overlapping, or inside a placeholder 【待核：…】 the generator left for the preparer
        clause, clause_end = clauses.count_and_last_end(start)
        what = _figure(text, start, end, match, form, previous_end, year, figures, clause_end)
        if what is None:
            continue
        nested = _is_nested(text, of_which, start, nested_words)
        aside = text.count("（", 0, start) > text.count("）", 0, start)
        # Written as in the paragraph before cleaning.
        at, to = sentence.start + start, sentence.start + end
        subject = None
        if figures and _TO_TAIL.fullmatch(what.word) and figures[-1].named:
            subject = figures[-1]  # 由上年的 P 增至 C: C is the amount of P's item
        elif figures and what.label and _STAGE.fullmatch(what.label):
            # 行政运行（项）年初预算为 A，支出决算为 B: after the sentence's subject, which figure of it
            subject = next((f for f in reversed(figures)  # the nearest item named before: A 预算 a，决算 b；B 预算 …
                            if f.named and not f.inherited and not _STAGE.fullmatch(f.label)), None)
            what = what._replace(label="", item=None)
        # （含 A a、B b），占 …: a figure after the brackets continues the figure before them
        outside = figures if aside else [f for f in figures if not f.aside or f.role == "prior"]
        previous = _continues(what.role, what.label, clause, at, sentence.para, outside, before, sentence,
                              reading.sentences[-1] if reading.sentences else None)
        if subject is not None:
            label = _STAGE_SUFFIX.sub("", subject.label) or subject.label  # “三公”经费支出预算 → “三公”经费支出
            item, inherited = subject.item, True
        elif previous is not None:  # a clause continuing the one before speaks of its item
            label, item, inherited = previous.label, previous.item, True
        else:
            label, item, inherited = what.label, what.item, False
        figure = Figure(index=offset + len(figures), para=sentence.para, sentence=number, clause=clause, start=at,
                        end=to, role=what.role, value=what.value, decimals=what.decimals, unit=what.unit,
                        written=reading.original(sentence.para, at, to), label=label, item=item,
                        opens=sentence.start + what.opens, word=what.word, inherited=inherited,
                        total_marker=what.total_marker, whole=what.whole, nested=nested,
                        aside=aside)
        figures.append(figure)
        previous_end = end
    if "分别" in text:
        figures = _respectively(figures, sentence)
    if len(figures) > 1 and _OTHER_YEAR.search(text):
        figures = _another_years_clause(figures, sentence)
    return _budget_and_final(figures, sentence) if "决算" in text and "预算" in text else figures


_LAST_YEAR = re.compile(r"上年|上一年|去年")
_OTHER_YEAR = re.compile(r"[；;，,]\s*(?P<year>\d{4})\s*年度?\s*(?:比|较|与|同)")
_FIRST_YEAR = re.compile(r"(\d{4})\s*年")


def _another_years_clause(figures: list[Figure], sentence: Sentence) -> list[Figure]:
    """``2021 年 A 20 万元，比 2020 年增加 2 万元；2020 年比 2019 年减少 4 万元``: from a clause opening with
    another year compared with a third, the figures speak of that other year — unbound, never of the subject."""
    first = _FIRST_YEAR.search(sentence.text)
    for match in _OTHER_YEAR.finditer(sentence.text):
        if first is None or match["year"] == first[1] or match.start() < first.end():
            continue
        cut = sentence.start + match.start()
        return [replace(f, label="", item=None, inherited=False) if f.start > cut and f.inherited else f
                for f in figures]
    return figures


def _budget_and_final(figures: list[Figure], sentence: Sentence) -> list[Figure]:
    """``“三公”经费支出预算为 A 万元，支出决算为 B 万元``: in a clause chain (up to ；) stating an item's final
    figure, its budget (预算, 年初预算, 调整预算) is a figure of role ``budget`` — no amount of the year — and the
    final figure is the amount of the item the chain names."""
    out = list(figures)
    bounds = [sentence.start + m.end() for m in _SEMICOLON.finditer(sentence.text)] + [sentence.end]
    start = sentence.start
    for end in bounds:
        chain = [i for i, f in enumerate(out) if start <= f.start < end]
        start = end
        clauses = {i: _CLAUSE_END.split(sentence.text[: out[i].start - sentence.start])[-1] for i in chain}
        finals = [i for i in chain if out[i].role == "amount" and out[i].unit == "万元"
                  and "决算" in clauses[i] and not _LAST_YEAR.search(clauses[i])]
        budgets = [i for i in chain if out[i].role in {"amount", "prior"} and out[i].unit == "万元"
                   and "预算" in clauses[i] and "决算" not in clauses[i] and not _LAST_YEAR.search(clauses[i])
                   and not out[i].aside]
        if len(finals) != 1 or not budgets:
            continue
        subject = next((out[i] for i in chain if out[i].named and not _STAGE.fullmatch(out[i].label)), None)
        for i in budgets:
            out[i] = replace(out[i], role="budget")
        final = out[finals[0]]
        if subject is not None and (not final.named or _STAGE.fullmatch(final.label)) \
                and subject.index < final.index:
            label = _STAGE_SUFFIX.sub("", subject.label) or subject.label  # “三公”经费支出预算 → “三公”经费支出
            out[finals[0]] = replace(final, label=label, item=subject.item, inherited=True)
    return out


_STAGE_SUFFIX = re.compile(r"(?:年初|调整|全年)?预算(?:数|金额)?$")


_ENUMERATION = re.compile(r"[、和及与]|以及")
_LIST_JOINT = re.compile(r"[、和及与，,；;]|以及")
_STATED_ROLES = {"change", "rate", "share", "prior", "equal", "amount", "count"}


def _respectively(figures: list[Figure], sentence: Sentence) -> list[Figure]:
    """``A a、B b，分别增加 c、减少 d，分别增长 x%、下降 y%`` and ``A 和 B 分别为 a 和 b，分别占 x% 和 y%``: the
    i-th figure after each 分别 speaks of the i-th item listed before the first. A figure after 分别 without a word
    of its own (和 y%) takes the kind of the first. When the counts differ, the figures after 分别 stay unbound."""
    text = sentence.text
    marks = [m.start() + sentence.start for m in re.finditer("分别", text)]
    out = list(figures)
    for k, mark in enumerate(marks):
        stop = marks[k + 1] if k + 1 < len(marks) else sentence.end
        close = _SEMICOLON.search(text, mark - sentence.start)  # a 分别 list ends with its clause chain (；)
        stop = min(stop, sentence.start + close.start()) if close else stop
        group = [i for i, f in enumerate(out) if mark < f.start < stop and f.role in _STATED_ROLES | {"percent"}]
        if not group or any(out[i].label and not out[i].inherited and "分别" not in out[i].label for i in group):
            continue  # a figure after 分别 naming its own item: not a list in order
        first = out[group[0]]
        for i in group[1:]:  # 分别占 x% 和 y% / 分别增加 c 和 d 万元: the kind the first figure's word gives
            f = out[i]
            if f.role != first.role and f.role in {"amount", "percent"} and f.unit == first.unit \
                    and first.role in {"change", "rate", "share"}:
                sign = -1 if first.value < 0 else 1
                out[i] = replace(f, role=first.role, value=sign * abs(f.value), word=first.word, whole=first.whole)
        group = [i for i in group if out[i].role == first.role]
        heads = _listed_before(figures, sentence, marks[0], len(group))  # the items as read, before any 分别
        for position, i in enumerate(group):
            label, item = heads[position] if heads else ("", None)
            out[i] = replace(out[i], label=label, item=item, inherited=bool(heads))
    return out


def _listed_before(figures: list[Figure], sentence: Sentence, mark: int, count: int) -> list[tuple[str, str | None]]:
    """The ``count`` items listed right before ``mark`` (the first 分别), in order: the named amounts of an
    enumeration (A a、B b), else the names of one in 分别's own clause (其中 A 和 B 分别为); empty when not exactly
    ``count``."""
    if count < 2:
        return []
    before = [f for f in figures if f.end <= mark and f.role in {"amount", "count"}]
    clause = _CLAUSE_END.split(sentence.text[: mark - sentence.start])[-1]
    if len(before) >= count and not _CJK.search(_ENUMERATION.sub("", clause).replace("其中", "")):
        listed = before[-count - 1:]  # A a、B b，分别…: the clause of 分别 names nothing of its own
        joints = [sentence.text[a.end - sentence.start: b.start - sentence.start].lstrip()
                  for a, b in zip(listed, listed[1:], strict=False)]
        heads = before[-count:]
        opened = list_opening(sentence.text, heads[0].start - sentence.start)
        in_list = opened is not None and sentence.start + opened[1] > listed[0].end - (len(listed) > count)
        # 其中：A a，B b，分别占…: within a list opened before its first item, a comma joins its items too
        joins = _ENUMERATION if not in_list else _LIST_JOINT
        enumerated = [bool(joins.match(j)) for j in joints]
        if len(listed) > count and (enumerated[0] and not _LIST_OPEN.search(joints[0])):
            return []  # the enumeration holds more items than 分别 states figures
        if all(h.named and not h.inherited for h in heads) and all(enumerated[len(listed) - count:]):
            return [(h.label, h.item) for h in heads]
        return []
    names = _ENUMERATION.split(_strip_connectors(_unlead(clause.strip())))
    labelled = [_label(name) for name in names]
    if len(labelled) != count or not all(label for label, _ in labelled):
        return []
    return [(label, item.key if item else None) for label, item in labelled]


# What opens a list of the parts of the figure before it: 其中, or a word announcing the parts with a colon.
_LIST_OPEN = re.compile(r"其中|(?:主要)?包括[：:]|具体(?:为|如下)[：:]|主要(?:是|为)[：:]|分别为[：:]|构成如下[：:]|"
                        r"主要用于(?:以下(?:几个)?方面)?[：:]|按(?:支出)?(?:功能|经济)分类[，,：:]")


def list_opening(text: str, end: int | None = None) -> tuple[int, int] | None:
    """Where the first list of a sentence (before ``end``) opens and where its parts start: ``其中`` or
    ``包括：``, ``具体为：``, ``主要用于以下方面：``…; None when none does."""
    match = _LIST_OPEN.search(text, 0, len(text) if end is None else end)
    return match.span() if match else None


_CLOSED_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")


def closed_asides_blanked(text: str) -> str:
    """The text with every closed bracket group (（其中：…）) blanked out, positions kept."""
    return _CLOSED_ASIDE.sub(lambda m: " " * len(m.group()), text)


def _is_nested(text: str, of_which: int | None, position: int, words: Sequence[str] = NESTED) -> bool:
    """Inside a sub-list (包括…、主要为…) opened after the sentence's first list (``of_which``: where its parts
    start) and not yet closed by ；.

    ``words``: the words of :data:`NESTED` the sentence holds (the others cannot open a sub-list in it)."""
    if not words:
        return False
    start = of_which if of_which is not None else 0
    segment = closed_asides_blanked(text[start:position])  # （其中：…） closed
    last_open = max((segment.rfind(word) for word in words), default=-1)
    if last_open < 0:
        return False
    return not _SEMICOLON.search(segment, last_open)


class _What(NamedTuple):
    """What a figure is and what it is about: the fields of :class:`Figure` other than where it stands."""

    role: str
    value: Decimal
    decimals: int
    unit: str
    label: str
    item: str | None
    total_marker: bool = False
    whole: str = ""
    opens: int = 0  # where the statement starts in the sentence: its role words, else the figure
    word: str = ""  # the word making its role (增加 …, 持平 …, 无)


def _chinese_number(text: str) -> Decimal:
    """两 → 2, 十二 → 12, 二十三 → 23 (counts written in words)."""
    tens, _, units = text.rpartition("十") if "十" in text else ("", "", text)
    value = (_CN_DIGITS.get(tens, 1) * 10 if "十" in text else 0) + _CN_DIGITS.get(units, 0)
    return Decimal(value)


def _number_and_unit(form: str, match: re.Match[str]) -> tuple[Decimal, str]:
    """The number a match states and its unit as written ("" when none)."""
    if form == "words":
        return _chinese_number(match["num"]), match["unit"]
    if form == "per_cent":
        return _decimal_in_words(match["num"]), "%"
    return Decimal(match["num"].replace(",", "")), match["unit"] or ""


def _decimal_in_words(text: str) -> Decimal:
    """5.76 → 5.76; 七点六五 → 7.65; 十二点五 → 12.5 (a percentage written out)."""
    if text[0].isdigit():
        return Decimal(text)
    whole, _, fraction = text.partition("点")
    digits = "".join(str(_CN_DIGITS.get(c, 0)) for c in fraction)
    return _chinese_number(whole) + (Decimal(f"0.{digits}") if digits else Decimal(0))


def _figure(text: str, start: int, end: int, match: re.Match[str], form: str, previous_end: int,
            year: int | None, so_far: list[Figure], clause_end: int | None) -> _What | None:
    """What the figure at ``text[start:end]`` is and what it is about, or None when it states nothing (a
    threshold, percentage points, a bare number). ``clause_end``: where the figure's clause starts (the end of
    the clause mark before it; None at the sentence's start)."""
    clause_start = previous_end if clause_end is None else max(clause_end, previous_end)
    region = text[clause_start:start]
    opened = region.rfind("（")
    compared_in_brackets = False
    if opened > region.rfind("）"):  # 与上年相比（上年预算为 P 万元）: a figure in brackets is about what they name
        # 较上年（200.00 万元）增加 …: a bare figure in brackets right after a comparison is the figure compared with
        compared_in_brackets = not region[opened + 1:].strip() and bool(_COMPARE.search(region[:opened]))
        region, clause_start = region[opened + 1:], clause_start + opened + 1
    if form == "equal":
        label, item = _label(_COMPARE.sub("", region))
        return _What("equal", Decimal(0), 2, "", label, item.key if item else None, opens=match.start(),
                     word=match["word"])
    if form == "bracketed" and not compared_in_brackets:
        return None  # （100 万元） after a name: a repetition, not a figure of its own
    if form == "nil":  # 无结余: the noun is the item
        label, item = _label(match["what"])
        return _What("equal", Decimal(0), 2, "", label or match["what"], item.key if item else None,
                     opens=start, word="无")
    number, unit = _number_and_unit(form, match)
    if _TARGET_TAIL.search(region) or _STANDARD_TAIL.search(region) or _NOT_A_CLAIM_AFTER.match(text, end):
        return None  # a threshold (≥ 90%, 50 万元以上) or percentage points, not a stated figure
    direction = _DIRECTION_TAIL.search(region)
    share = _SHARE_TAIL.search(region) if unit == "%" else None
    exponent = number.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    if not unit:
        # A bare number is a rate only right after a change of the same clause chain (减少 50 万元，减少10.28).
        if direction is None or not so_far or so_far[-1].role != "change" or so_far[-1].unit != "万元":
            return None
        unit = "%"
    sign = DIRECTIONS[direction["dir"]] if direction else 1
    if form == "signed":
        sign = -sign  # 增加-5: a fall of 5; 减少-5: a rise
    if unit in MONEY:
        factor, extra = MONEY[unit]
        value, decimals, unit = number * factor, decimals + extra, "万元"
    else:
        value = number
    role_region = region
    opens, word = start, ""
    if share is not None:
        role = "share"
        role_region = region[: share.start()]
        opens = clause_start + share.start()
    elif direction is not None:
        role = "rate" if unit == "%" else "change"
        role_region = region[: direction.start()]
        value = sign * value
        opens, word = clause_start + direction.start(), direction["dir"]
    elif unit == "%":
        role = "percent"
        completion = _COMPLETION_TAIL.search(region)
        if completion is not None:
            role_region = region[: completion.start()]
    elif compared_in_brackets:
        role = "prior"
    elif (reached := _TO_TAIL.search(region)) is not None:
        role = "count" if unit in COUNT_UNITS else "amount"
        role_region = ""  # 增至 C: of the item the sentence names (taken from it below)
        opens, word = clause_start + reached.start(), reached[0].strip()
    elif prior := _prior_tail(region, year):
        role = "prior"
        role_region = region[: prior.start()]
    elif _opens_with_prior_year(region, year):
        role = "prior"  # 2020 年收入预算 Y 万元 in a 2021 text: last year's figure of the item it names
    else:
        role = "count" if unit in COUNT_UNITS else "amount"
    label, item = _label(_COMPARE.sub("", role_region))
    total_marker = not label and bool(_TOTAL_TAIL.search(role_region))
    whole = ""
    if share is not None:
        whole = _label((share["whole"] or "").strip().removesuffix("的"))[0]
    return _What(role, value, decimals, unit, label, item.key if item else None, total_marker, whole, opens, word)


def _opens_with_prior_year(region: str, year: int | None) -> bool:
    """A clause opening with the year before the text's (not a date such as 2019 年 12 月 31 日)."""
    match = _PRIOR_YEAR_OPENING.match(_unlead(region))
    return bool(match and year and int(match[1]) == year - 1)


def _prior_tail(region: str, year: int | None) -> re.Match[str] | None:
    """``上年预算数``, ``年初预算数`` or ``2019 年为`` (the year before the text's) right before a figure."""
    match = PRIOR_TAIL.search(region)
    if match:
        return match
    match = _YEAR_IS_TAIL.search(region)
    if match and year and int(match["year"]) == year - 1:
        return match
    return _COMPARED_WITH_TAIL.search(region)  # 较 2023 年的 600 万元增长 …: the figure compared with


def _label(region: str) -> tuple[str, Item | None]:
    """The item a clause names before its figure: cleaned words, and the vocabulary item they name."""
    text = _unlead(region.strip()).lstrip("（(")  # （一）…: the numbering first, then a bracket
    below_class = "（款）" in text or "（项）" in text  # 农林水支出（类）农业农村（款）行政运行（项）: no class
    if _NOISE_HINT.search(text):  # every noise pattern holds one of these characters: most regions hold none
        text = _NOISE.sub("", text)
    text = _strip_connectors(text.strip())
    core = text.removesuffix("的").removesuffix("为").removesuffix("是").strip()
    if _CLAUSE_MARK.search(core) or core in _NOT_LABELS:
        return "", None
    # a 款 or 项 named by its path is no item of the vocabulary (its classes are 类 only)
    item = item_of(core) if len(_CJK.findall(core)) >= 2 and not below_class else None
    if item is not None and _names_two_items(core):
        return "", None  # 基本支出和项目支出分别为: two items, neither the figure's alone
    if item is not None:
        return _quoted(core), item
    # Only a label naming no item is shown stripped of its trailing words (预算数, 共计 …), so only then are
    # they stripped.
    changed = True
    while changed:
        changed = False
        if text.endswith(_TRAILING):  # one C-level test before trying the words one by one
            for word in _TRAILING:
                if text.endswith(word):
                    text, changed = text[: -len(word)], True
        stripped = _strip_connectors(_COMPARE.sub("", text))
        text, changed = stripped, changed or stripped != text
    if len(_CJK.findall(text)) < 2:
        return "", None
    return _quoted(text), None


def label_of(words: str) -> tuple[str, str | None]:
    """The label words name and the key of the vocabulary item they name (None when no item)."""
    label, item = _label(words)
    return label, item.key if item else None


def _names_two_items(words: str) -> bool:
    """True when words joined by 和/、/及 name two different items (基本支出和项目支出), not one item whose name
    holds 和 (社会保障和就业支出)."""
    if not _ENUMERATION.search(words):
        return False
    items = {item.key for part in _ENUMERATION.split(words) if (item := item_of(part)) is not None}
    return len(items) >= 2


# 支出决算 / 调整预算 / 年初预算数: which figure of the item a 决算 sentence states, not an item of its own
_STAGE = re.compile(r"(?:支出决算|决算|(?:年初|调整|全年)预算|预算)(?:数|金额)?|年初|调整")


def _quoted(label: str) -> str:
    """Straight quotes of the cleaned text back to Chinese ones for display (“三公”经费)."""
    return _STRAIGHT_QUOTED.sub(r"“\1”", label) if '"' in label else label


_CONNECTOR_FIRST = frozenset(word[0] for word in _CONNECTORS)
_NOT_LABELS = frozenset((*_CONNECTORS, "共计", "合计", "总计", "累计", "共有", "共"))  # words that name no item


def _unlead(text: str) -> str:
    """The text without its list numbering (``_LEAD.sub("", text)``: the pattern matches only at the start)."""
    return text[_LEAD.match(text).end():]  # type: ignore[union-attr]  # it matches, if only the empty string


def _strip_connectors(text: str) -> str:
    changed = True
    while changed:
        changed = False
        text = text.strip(" 　,，、")
        if text[:1] not in _CONNECTOR_FIRST:
            break  # no connector starts with this character (most labels): nothing to strip
        for word in _CONNECTORS:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):], True
    return text


def _ends_enumeration(role: str, same_sentence: list[Figure], sentence: Sentence) -> bool:
    """``基本支出 A 万元、项目支出 B 万元，比上年增加 C 万元``: after a list joined by 、/和, a change may be the
    whole list's as well as its last item's — it is left unbound."""
    previous = same_sentence[-1]
    if role not in {"change", "rate"} or previous.role not in {"amount", "count"} or len(same_sentence) < 2:
        return False
    joint = sentence.text[same_sentence[-2].end - sentence.start: previous.start - sentence.start].lstrip()
    return joint.startswith(("、", "和", "及", "以及", "与"))


_CONTINUING_ROLES = {"change", "rate", "share", "equal", "prior", "percent"}
_LIST_MARKER = re.compile(r"(?:主要包括|主要包含|包括|主要有|主要为|主要是)[：:]?")


def _head_of_list(same_sentence: list[Figure], sentence: Sentence, start: int) -> Figure | None:
    """``A 187.65 万元，主要包括 B 15.5 万元、C 4.9 万元等，与上年相比，增加 2.49 万元``: a change after a list
    closed by 等 speaks of the list's head A (the named amount before 包括), never of the list's last item."""
    previous = same_sentence[-1]
    gap = sentence.text[previous.end - sentence.start: start - sentence.start].lstrip()
    if not gap.startswith("等") or (gap[1:].strip(" ，,") and _COMPARE_CLAUSE.fullmatch(gap[1:]) is None):
        return None
    markers = list(_LIST_MARKER.finditer(sentence.text, 0, previous.start - sentence.start))
    if not markers:
        return None
    cut = sentence.start + markers[-1].start()
    heads = [f for f in same_sentence if f.end <= cut]
    listed = [f for f in same_sentence if f.start > cut]
    if not heads or not listed or any(f.role != "amount" or not f.named for f in listed):
        return None
    head = heads[-1]
    return head if head.role == "amount" and head.named and not head.inherited else None


def _continues(role: str, label: str, clause: int, start: int, para: int, same_sentence: list[Figure],
               before: list[Figure], sentence: Sentence, sentence_before: Sentence | None = None) -> Figure | None:
    """A clause that only continues the previous one speaks of that clause's item: the figure whose item a figure
    (given by its role, label, clause, start and paragraph, before it is made) takes, or None."""
    if label or role not in _CONTINUING_ROLES:
        return None
    if same_sentence:
        previous = same_sentence[-1]
        gap = sentence.text[previous.end - sentence.start: start - sentence.start]
        near = clause - previous.clause <= 1 or (  # 4900 万元，与 2023 年预算数相比，增加 500 万元: the same item
            clause - previous.clause == 2 and _COMPARE_CLAUSE.fullmatch(gap) is not None) or (
            previous.end < start and len(_CLAUSE_END.findall(closed_asides_blanked(gap))) <= 1)  # A a（其中…），增加
        if previous.named and near and not _ends_enumeration(role, same_sentence, sentence):
            return previous
        return _head_of_list(same_sentence, sentence, start)
    # A sentence of its own that only says 与上年持平 / 较上年无变化: the item of the sentence before.
    opening = _unlead(sentence.text[: start - sentence.start].strip())
    if role in {"change", "rate"}:  # 比上年预算减少 Δ: the comparison and the direction word
        direction = _DIRECTION_TAIL.search(opening)
        opening = opening[: direction.start()] if direction else opening
    if not before or before[-1].para != para or not before[-1].named or _CJK.findall(_COMPARE.sub("", opening)):
        return None
    if role == "equal":
        return before[-1]
    # 与上年预算 P 相比，减少 Δ: a sentence opening with its comparison speaks of the one amount the sentence before
    # states — or of the one total before its list (X，其中 A、B。比上年减少 Δ); of several, it is not known which
    last = [f for f in before if f.sentence == before[-1].sentence and f.role in {"amount", "count"}]
    if role not in {"prior", "change", "rate"} or not opening or not last or not last[0].named:
        return None
    if len(last) == 1:
        return last[0]
    opened = list_opening(sentence_before.text) if sentence_before is not None else None
    if opened is not None and sentence_before is not None \
            and sum(f.end <= sentence_before.start + opened[0] for f in last) == 1 \
            and last[0].end <= sentence_before.start + opened[0]:  # X，其中 A、B。比上年减少 Δ: X's change
        return last[0]
    return None
