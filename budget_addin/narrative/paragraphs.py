"""A disclosure text as numbered paragraphs, with its headings recognised in any numbering.

The readers of :mod:`budget_addin.files.documents` turn a .txt/.docx/.html/.pdf into
:class:`Paragraph` objects; the text checks read them. Headings are found by their numbering
(第一部分, 一、, （一）, 1., （1）) or, without numbering, by being a short line that names a topic.
Levels follow the order in which the numbering styles first appear, as a reader would take them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

# Numbering styles, each a pattern matched at the start of a line.
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(r"^第[一二三四五六七八九十]+(?:部分|章|节)")),
    ("cn", re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    ("cn_paren", re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    ("arabic", re.compile(r"^\d{1,2}(?:[、]|[.．](?!\d))")),
    ("arabic_paren", re.compile(r"^[（(]\d{1,2}[）)]")),
)
_TOPIC_WORDS = (
    "情况",
    "说明",
    "预算",
    "决算",
    "经费",
    "资产",
    "采购",
    "绩效",
    "名词解释",
    "职责",
    "机构",
    "收入",
    "支出",
    "事项",
    "目标",
    "概况",
)
_TERMINAL = "。！？!?；;：:"
_MAX_HEADING = 40
_LABELLED = re.compile(r"^[^\s，。：:；;]{2,8}[：:]")  # 绩效指标：… starts a paragraph of its own
# Compiled once: every line of every text is tested.
_SENTENCE_OR_LABEL = re.compile(r"[。；;]|[：:].")
_AMOUNT = re.compile(r"\d\s*(?:万元|亿元|元|%)")
_AMOUNT_OR_RATE = re.compile(r"\d\s*(?:万元|元|%)")
_COMMA = re.compile(r"[，,]")
_INNER_STOP = re.compile(r"[。，；]")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document: its number (1-based), page (PDF only), text and heading level (0: body)."""

    no: int
    page: int | None
    text: str
    heading_level: int = 0

    @property
    def where(self) -> str:
        """The paragraph's location as a reader names it: ``第12段`` or ``第3页第12段``."""
        return f"第{self.page}页第{self.no}段" if self.page else f"第{self.no}段"


def numbering_style(text: str) -> str | None:
    """The numbering style a line opens with (``part``, ``cn``, ``cn_paren``, ``arabic``, ``arabic_paren``)."""
    stripped = text.strip().lstrip("-•· ")
    for name, pattern in _STYLES:
        if pattern.match(stripped):
            return name
    return None


def looks_like_heading(text: str) -> bool:
    """A short line that does not end a sentence and is numbered or names a topic."""
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_HEADING or "\t" in stripped or stripped[-1] in "。！？!?；;，,、":
        return False
    if _SENTENCE_OR_LABEL.search(stripped):  # a sentence, or a label followed by its content
        return False
    if _AMOUNT.search(stripped):  # 1、因公出国（境）费 2 万元: a list item, not a heading
        return False
    if numbering_style(stripped):
        return not _COMMA.search(stripped) or len(stripped) <= 20
    return any(word in stripped for word in _TOPIC_WORDS) and not _AMOUNT_OR_RATE.search(stripped)


def heading_levels(texts: Sequence[str]) -> list[int]:
    """Heading level of each line (0 for body text): numbering styles rank in order of first use."""
    ranks: dict[str, int] = {}
    levels: list[int] = []
    for text in texts:
        if not looks_like_heading(text):
            levels.append(0)
            continue
        style = numbering_style(text) or "none"
        if style not in ranks:
            ranks[style] = len(ranks) + 1
        levels.append(ranks[style])
    return levels


def _ends_open(text: str) -> bool:
    """A line cut inside a sentence (a PDF or copy-paste line break), not a heading or a table row."""
    stripped = text.rstrip()
    if not stripped or "\t" in stripped or stripped[-1] in "。！？!?：:" or looks_like_heading(stripped):
        return False
    return stripped[-1] in "，,、；;" or len(stripped) >= _MAX_HEADING or bool(_INNER_STOP.search(stripped))


def join_broken_lines(lines: Iterable[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """Lines rejoined where a sentence was broken across them; each keeps the page it starts on."""
    joined: list[tuple[str, int | None]] = []
    carry = False
    for text, page in lines:
        text = text.strip()
        if not text:
            continue
        if carry and joined and "\t" not in text and not numbering_style(text) and not _LABELLED.match(text) \
                and len(joined[-1][0]) + len(text) <= RUN_ON:  # never rebuild a run-on line split before
            head, first_page = joined[-1]
            joined[-1] = (head + text, first_page)
        else:
            joined.append((text, page))
        carry = _ends_open(joined[-1][0])
    return joined


RUN_ON = 3000  # a line longer than this (no real paragraph is) lost its line breaks: it is split by its punctuation
_MARKER = (
    r"(?:- ?)?(?:[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)]|\d{1,2}[、．.](?!\d)|"
    r"[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]+部分)"
)
_RUN_ON_BREAK = re.compile(r"(?<=[。！？!?])|(?<![\d一二三四五六七八九十])(?=" + _MARKER + ")")
_RUN_ON_HEADING = re.compile(
    r"(" + _MARKER + r"\s*[^。！？!?，,；;：:\d]{1,38}(?:情况|说明|原因|职责|设置|目标|解释|事项|概况|预算|经费|"
    r"支出|收入|采购|资产|管理|建设|信息))(?=\s*(?:20\d\d ?年|[^\d\s，。、；：:,.%）)]))"
)


def split_run_on(line: str) -> list[str]:
    """A text whose line breaks were lost (a copy from a web page) as lines again: a break after each
    sentence and before each numbering (一、 （二） 3.), and a numbered heading cut from the sentence it ran into.
    """
    lines: list[str] = []
    for piece in _RUN_ON_BREAK.split(line):
        heading = _RUN_ON_HEADING.match(piece)
        if heading and heading.end(1) < len(piece) and not _AMOUNT.search(piece, heading.end(1), heading.end(1) + 12):
            lines.extend((heading.group(1), *_clauses(piece[heading.end(1):])))
        elif piece.strip():
            lines.extend(_clauses(piece))
    return lines


def _clauses(sentence: str) -> list[str]:
    """A sentence still longer than :data:`RUN_ON` (no full stop in it) cut after a comma or semicolon."""
    if len(sentence) <= RUN_ON:
        return [sentence]
    pieces: list[str] = []
    while len(sentence) > RUN_ON:
        cut = max(sentence.rfind(mark, 0, RUN_ON) for mark in "，,；;")
        cut = RUN_ON if cut < RUN_ON // 2 else cut + 1
        pieces.append(sentence[:cut])
        sentence = sentence[cut:]
    return [*pieces, sentence]


def paragraphs_of(lines: Iterable[tuple[str, int | None]] | Iterable[str]) -> list[Paragraph]:
    """Numbered paragraphs from lines (text, or (text, page)), broken sentences rejoined, headings found.

    A line longer than :data:`RUN_ON` characters is first split by :func:`split_run_on`.
    """
    pairs = [(item, None) if isinstance(item, str) else item for item in lines]
    if any(len(text) > RUN_ON for text, _page in pairs):
        pairs = [(piece, page) for text, page in pairs
                 for piece in (split_run_on(text) if len(text) > RUN_ON else (text,))]
    joined = join_broken_lines(pairs)
    levels = heading_levels([text for text, _ in joined])
    return [
        Paragraph(i + 1, page, text, level) for i, ((text, page), level) in enumerate(zip(joined, levels, strict=True))
    ]


def renumbered(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """The paragraphs numbered 1… in order (after filtering)."""
    return [replace(p, no=i + 1) for i, p in enumerate(paragraphs)]
