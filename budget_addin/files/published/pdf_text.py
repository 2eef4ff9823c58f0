"""A PDF's layout read whole: page furniture removed, tables with their title lines, prose paragraphs.

:func:`read_layout` is what both :mod:`budget_addin.files.documents` (the paragraphs) and
:mod:`budget_addin.files.published.pdf` (paragraphs and tables as grids) build on; it does not know the
importer's ``Grid``, so the document reader does not depend on the importer.

- **Page furniture**: a line among the two top or two bottom lines of a page, inside the page's top or
  bottom tenth, is dropped when it is a page number (``7``, ``- 7 -``, ``第 7 页``, ``第7页 共9页``,
  ``7/9``) or when the same text (digits aside) stands at the same height on many pages — unless it is
  the title or unit line of a table below it.
- **Charts**: short lines (not sentences) among a cluster of at least three drawn shapes (bars, slices,
  legend keys) outside the tables are a chart's labels and stay out of the prose.
- **Contents**: a line of a contents page (a heading, leader dots, a page number) is not prose.
- **Tables** (:mod:`~budget_addin.files.published.pdf_tables`) take the lines just above them that are a
  title (a short line naming a 表) or a unit line (单位：万元), also from the foot of the page before; a
  table that ends a page and continues at the top of the next with the same columns is one table.
- **Paragraphs**: lines rejoined across line and page breaks (Chinese without a space, Latin words with
  one). A paragraph ends after a line that stops short of the right margin (the next line's first
  unbreakable piece would have fit), and before a numbered or bulleted line, a line indented after a
  sentence's end, a line of another size, a wider gap than the lines of a paragraph have, or a table. A
  full line ending a sentence (。！？) ends a paragraph only where the next line is indented or set apart,
  when the document marks its paragraphs that way; in a document that marks them neither way, it does. A
  figure at the end of a line and its unit at the start of the next (``1,895`` / ``万元，…``) are always
  joined.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from budget_addin.files.limits import LimitExceeded, check_text
from budget_addin.files.published.pdf_page import (
    Box,
    Line,
    Page,
    PdfError,
    Rect,
    group_lines,
    is_cjk,
    moved,
    no_text_layer,
    read_pages,
)
from budget_addin.files.published.pdf_tables import FoundTable, join_continued, ruled_tables, unruled_tables
from budget_addin.narrative.paragraphs import Paragraph, heading_levels, numbering_style

FURNITURE_BAND = 0.1  # share of the page height at the top and at the foot where headers and footers stand
FURNITURE_SHARE = 0.4  # a text on this share of the pages (at least two) at the same place is furniture
TITLE_LINES = 3  # lines above a table that may be its title and unit line
_PAGE_NUMBER = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$")
_UNIT_LINE = re.compile(r"单位\s*[:：]")
_SENTENCE = re.compile(r"[。；;，,！？!?]")
_ENDS_PARAGRAPH = "。！？!?；;：:"
_UNIT_START = re.compile(r"^(?:万元|亿元|千元|元|%|％|万|个|人|辆|台|套|家|项|次|平方米|名)")
_CONTENTS_ENTRY = re.compile(r"(?:[.．·•…⋯]\s*){4,}\d{1,3}$")  # 一、部门职责……………… 3: a contents page's line
_BULLETS = "•●○■□◆◇▪※►▶"  # a list item's mark: it starts a paragraph
_CLOSING = "，。、；：！？）」』”’》】〕,.;:!?)]%"  # may not start a line
_OPENING = "（「『“‘《【〔([$"  # may not end a line


@dataclass
class PdfLayout:
    """A PDF read whole: page count, prose paragraphs with one box per character, tables with title lines."""

    pages: int
    paragraphs: list[Paragraph]
    paragraph_boxes: list[list[Box]]
    tables: list[FoundTable]
    titles: list[list[Line]] = field(default_factory=list)  # per table: its title and unit lines, top first
    labels: list[Line] = field(default_factory=list)  # the text of charts (labels, legends), left out of the prose
    turned: dict[int, tuple[int, Rect]] = field(default_factory=dict)  # pages read as shown: rotation and frame


def read_layout(path: Path) -> PdfLayout:
    """Read a PDF's text layer into paragraphs and tables (raises a Chinese ``PdfError``)."""
    pages = read_pages(path)
    blocks: list[list[Line | FoundTable]] = []
    labels: list[Line] = []
    for page in pages:
        tables, outside = ruled_tables(page)
        lines = group_lines(page.number, outside)
        charts = chart_regions(page, tables)
        labels += [line for line in lines if _is_label(line, charts)]
        lines = [line for line in lines if not _is_label(line, charts) and not _CONTENTS_ENTRY.search(line.text)]
        blocks.append(sorted([*lines, *tables], key=_top))
    _drop_furniture(pages, blocks)
    for number, page_blocks in enumerate(blocks, start=1):
        loose, lines = unruled_tables(number, [b for b in page_blocks if isinstance(b, Line)])
        if loose:
            page_blocks[:] = sorted([*lines, *loose, *(b for b in page_blocks if isinstance(b, FoundTable))], key=_top)
    tables, titles = _tables_with_titles(blocks)
    tables, titles = join_continued(tables, titles, blocks)
    lines_by_page = [[b for b in page_blocks if isinstance(b, Line)] for page_blocks in blocks]
    margins = _margins(pages, lines_by_page)
    texts = _paragraphs(blocks, margins, pages)
    try:
        check_text(sum(len(text) for text, _page, _boxes in texts))  # the prose, before any check reads it
    except LimitExceeded as exc:
        raise PdfError(f"{path.name}：{exc}") from None
    if not texts and not tables:  # a scan whose only text is its page numbers or a running header
        raise PdfError(no_text_layer(path))
    levels = heading_levels([text for text, _page, _boxes in texts])
    paragraphs = [Paragraph(i + 1, page, text, level) for i, ((text, page, _b), level) in enumerate(zip(texts, levels,
                                                                                                      strict=True))]
    return PdfLayout(len(pages), paragraphs, [boxes for _t, _p, boxes in texts], tables, titles, labels,
                     {page.number: (page.rotation, page.frame) for page in pages if moved(page.rotation, page.frame)})


def _top(block: Line | FoundTable) -> float:
    return -block.y1 if isinstance(block, Line) else -block.top


# -- charts ------------------------------------------------------------------------------------------

CHART_GAP = 48.0  # points: shapes this close belong to one chart (bars stand a bar apart)
CHART_MARGIN = 18.0  # points around a chart's shapes where its labels and legend stand
CHART_SHAPES = 3  # a chart draws at least this many shapes (bars, slices, legend keys)
MAX_CHART_SHAPES = 500  # beyond this a page is a drawing, not a chart: nothing is taken out of its text
_LABEL_TEXT = re.compile(r"[。；;！？!?]")


def chart_regions(page: Page, tables: Sequence[FoundTable]) -> list[Rect]:
    """The areas of a page's charts: clusters of drawn shapes outside tables, widened by a label margin.

    A shape as wide as half the page (a background, a shaded band behind a paragraph) is not part of a chart.
    """
    boxes = [shape for shape in page.shapes if shape[2] - shape[0] < page.width / 2
             and not any(_meets(shape, (t.columns[0], t.bottom, t.columns[-1], t.top), 0.0) for t in tables)]
    if len(boxes) < CHART_SHAPES or len(boxes) > MAX_CHART_SHAPES:
        return []
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            if _meets(a, boxes[j], CHART_GAP):
                parent[find(i)] = find(j)
    clusters: dict[int, list[Rect]] = {}
    for i, box in enumerate(boxes):
        clusters.setdefault(find(i), []).append(box)
    regions = []
    for members in clusters.values():
        if len(members) >= CHART_SHAPES:
            regions.append((min(b[0] for b in members) - CHART_MARGIN, min(b[1] for b in members) - CHART_MARGIN,
                            max(b[2] for b in members) + CHART_MARGIN, max(b[3] for b in members) + CHART_MARGIN))
    return regions


def _meets(a: Rect, b: Rect, gap: float) -> bool:
    return a[0] - gap <= b[2] and b[0] - gap <= a[2] and a[1] - gap <= b[3] and b[1] - gap <= a[3]


def _is_label(line: Line, charts: list[Rect]) -> bool:
    """A short line that is not a sentence, standing inside a chart's area."""
    if not charts or len(line.text) > 40 or _LABEL_TEXT.search(line.text):
        return False
    middle = ((line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2)
    return any(x0 <= middle[0] <= x1 and y0 <= middle[1] <= y1 for x0, y0, x1, y1 in charts)


# -- page furniture -------------------------------------------------------------------------------

def _drop_furniture(pages: list[Page], blocks: list[list[Line | FoundTable]]) -> None:
    """Remove running headers, footers and page numbers from each page's blocks (in place)."""
    candidates: list[list[Line]] = []
    for page, page_blocks in zip(pages, blocks, strict=True):
        band = FURNITURE_BAND * page.height
        ends = page_blocks[:2] + page_blocks[2:][-2:]
        candidates.append([b for b in ends if isinstance(b, Line) and (b.y0 >= page.height - band or b.y1 <= band)
                           and not _heads_table(b, page_blocks)])
    seen: Counter[tuple[str, int]] = Counter()
    for lines in candidates:
        for key in {_furniture_key(line) for line in lines}:
            seen[key] += 1
    needed = max(2, math.ceil(FURNITURE_SHARE * len(pages)))
    for lines, page_blocks in zip(candidates, blocks, strict=True):
        for line in lines:
            if _PAGE_NUMBER.match(line.text) or seen[_furniture_key(line)] >= needed:
                page_blocks.remove(line)


def _heads_table(line: Line, page_blocks: list[Line | FoundTable]) -> bool:
    """A title or unit line with a table below it on its page (each table on its own page puts its unit line
    at the same place on every page: it is still the table's)."""
    return is_title_or_unit(line.text) and any(isinstance(b, FoundTable) and b.top < line.y0 for b in page_blocks)


def _furniture_key(line: Line) -> tuple[str, int]:
    """A line's text with its digits masked, and its height on the page to the nearest 4 points."""
    return re.sub(r"\d+", "#", line.text), round(line.y0 / 4)


# -- tables and their titles ------------------------------------------------------------------------

def is_title_or_unit(text: str) -> bool:
    """A table's title (a short line naming a 表, not a sentence) or its unit line (单位：万元)."""
    if len(text) > 60 or _LABEL_TEXT.search(text):
        return False
    return bool(_UNIT_LINE.search(text)) or ("表" in text and not _SENTENCE.search(text))


def _tables_with_titles(blocks: list[list[Line | FoundTable]]) -> tuple[list[FoundTable], list[list[Line]]]:
    """Every table in reading order, each with the title and unit lines just above it (taken out of the text).

    A title at the foot of one page stands above a table that starts the next page.
    """
    tables: list[FoundTable] = []
    titles: list[list[Line]] = []
    for number, page_blocks in enumerate(blocks):
        for block in [b for b in page_blocks if isinstance(b, FoundTable)]:
            above: list[tuple[int, Line]] = []
            page, at = number, page_blocks.index(block) - 1
            while len(above) < TITLE_LINES:
                if at < 0 and page > 0:
                    page -= 1
                    at = len(blocks[page]) - 1
                    continue
                line = blocks[page][at] if at >= 0 else None
                if not isinstance(line, Line) or not is_title_or_unit(line.text):
                    break
                above.insert(0, (page, line))
                at -= 1
            for page, line in above:
                blocks[page].remove(line)
            tables.append(block)
            titles.append([line for _page, line in above])
    return tables, titles


# -- paragraphs -------------------------------------------------------------------------------------

@dataclass
class _Margins:
    """How a document sets its paragraphs, for one page width."""

    left: float
    right: float
    gap: float  # the usual space between two lines of one paragraph
    indents: bool = False  # paragraphs start with an indented line
    spaced: bool = False  # paragraphs stand further apart than their lines


def _margins(pages: list[Page], lines_by_page: list[list[Line]]) -> dict[int, _Margins]:
    """Margins of the text for each page width, the usual line gap, and how paragraphs are set apart.

    The right margin is where most long lines end (a line a long figure pushes past it does not move it).
    Lines ending a sentence well short of the margin certainly end a paragraph: whether the lines after them
    are indented, or stand further down, tells how this document marks a new paragraph.
    """
    by_width: dict[int, list[Line]] = {}
    for page, lines in zip(pages, lines_by_page, strict=True):
        by_width.setdefault(round(page.width), []).extend(lines)
    margins: dict[int, _Margins] = {}
    for width, lines in by_width.items():
        if not lines:
            continue
        left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
        long = sorted(line.x1 for line in lines if line.x1 - line.x0 > 0.6 * (width - 2 * left))
        right = long[int(0.9 * (len(long) - 1))] if len(long) >= 3 else max(max(x.x1 for x in lines), width - left)
        margins[width] = _Margins(left, right, 0.0)
    pairs = [(a, b, margins[round(page.width)]) for page, lines in zip(pages, lines_by_page, strict=True)
             for a, b in zip(lines, lines[1:], strict=False) if a.y0 > b.y1]
    within = [a.y0 - b.y1 for a, b, m in pairs if m.right - a.x1 < a.size and a.text[-1] not in _ENDS_PARAGRAPH]
    gaps = within or [a.y0 - b.y1 for a, b, _m in pairs]
    gap = statistics.median(gaps) if gaps else 0.0
    ends = [(a, b, m) for a, b, m in pairs if a.text[-1] in "。！？!?" and m.right - a.x1 > 3 * a.size]
    indented = sum(1 for a, b, m in ends if b.x0 > m.left + 0.8 * b.size)
    spaced = sum(1 for a, b, _m in ends if a.y0 - b.y1 > gap + 0.3 * a.size)
    for m in margins.values():
        m.gap = gap
        m.indents = len(ends) >= 2 and indented >= 0.6 * len(ends)
        m.spaced = len(ends) >= 2 and spaced >= 0.6 * len(ends)
    return margins


def _first_word_width(line: Line) -> float:
    """The width the line's first unbreakable piece needs (how line breaking sees it, after Unicode UAX 14).

    No break after an opening bracket, before closing punctuation, inside a run of Latin letters and figures,
    or between a closing bracket and a figure (``（项）24.18`` is one piece); between two Chinese characters,
    and between a figure and a Chinese unit (``2.00`` | ``万元``), a line may break.
    """
    text = line.text
    end = 1
    while end < len(text):
        before, char = text[end - 1], text[end]
        if not (before in _OPENING or char in _CLOSING or (not is_cjk(before) and not is_cjk(char) and char != " ")
                or (before in "）)" and char.isascii() and char.isalnum())):
            break
        end += 1
    return line.boxes[end - 1][3] - line.boxes[0][1]


def _breaks(before: Line, after: Line, margins: _Margins) -> bool:
    """Whether a paragraph ends between two consecutive lines of text."""
    size = max(before.size, after.size)
    if numbering_style(after.text) or after.text[0] in _BULLETS:
        return True
    if before.text[-1].isdigit() and _UNIT_START.match(after.text):
        return False  # a figure split from its unit
    if abs(before.size - after.size) > 0.25 * size:
        return True
    if (after.x0 > margins.left + 0.8 * size and before.text[-1] in _ENDS_PARAGRAPH
            and not _centred_pair(before, after, margins)):
        return True  # indented after a sentence's end (an indented line inside a sentence is a list's hanging indent)
    if before.page == after.page and before.y0 - after.y1 > margins.gap + 0.5 * size:
        return True
    if margins.right - before.x1 > _first_word_width(after) + 0.5 * size:
        return True  # stops short: the next line's first piece would have fit
    if before.text[-1] in "。！？!?":  # a full line ending a sentence: the document's own marks decided above
        return not (margins.indents or margins.spaced)
    return False


def _centred_pair(before: Line, after: Line, margins: _Margins) -> bool:
    """Two lines of one centred title (the second shorter, on the same centre)."""
    return (abs((before.x0 + before.x1) - (after.x0 + after.x1)) < after.size
            and margins.right - after.x1 > after.size and before.page == after.page)


def _joined(text: str, boxes: list[Box], line: Line) -> tuple[str, list[Box]]:
    """Two lines of a paragraph as one: Chinese (and a figure beside Chinese) without a space, Latin words with one."""
    before, after = text[-1], line.text[0]
    if (before.isascii() and after.isascii() and before not in "-/(（" and after not in ".,;:!?%)）"
            and not (before.isdigit() and after.isdigit())):
        last = boxes[-1]
        return text + " " + line.text, [*boxes, (last[0], last[3], last[2], last[3], last[4]), *line.boxes]
    return text + line.text, boxes + line.boxes


def _paragraphs(blocks: list[list[Line | FoundTable]], margins: dict[int, _Margins],
                pages: list[Page]) -> list[tuple[str, int, list[Box]]]:
    """The text lines joined into paragraphs (text, first page, boxes); a table ends a paragraph."""
    found: list[tuple[str, int, list[Box]]] = []
    before: Line | None = None
    for page, page_blocks in zip(pages, blocks, strict=True):
        for block in page_blocks:
            if not isinstance(block, Line):
                before = None
                continue
            if before is not None and not _breaks(before, block, margins[round(page.width)]):
                text, first_page, boxes = found[-1]
                text, boxes = _joined(text, boxes, block)
                found[-1] = (text, first_page, boxes)
            else:
                found.append((block.text, block.page, list(block.boxes)))
            before = block
    return found
