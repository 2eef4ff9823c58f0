"""A published PDF read as pages of positioned text: prose paragraphs and tables, each figure with its box.

:func:`read_pdf` gives a :class:`PdfPages`: the prose as
:class:`~budget_addin.narrative.paragraphs.Paragraph` objects (numbered and with headings as
:func:`~budget_addin.narrative.paragraphs.paragraphs_of` numbers them), each with one box per
character (:meth:`PdfPages.span_boxes` gives the rectangles of a span, for a highlight), and the tables
as importer :class:`~budget_addin.files.importer.sources.Grid` objects whose first rows are the
title and unit line above the table (as :func:`~budget_addin.files.importer.sources.docx_grids`
puts them), with the box and page of every cell. Cell texts are as printed; what the figures mean is
decided elsewhere.

How (see :mod:`~budget_addin.files.published.pdf_page`, ``pdf_tables``, ``pdf_text``): pdfium's
characters with their boxes, ruling lines from the page's thin paths, tables from the grid of rules (or,
without rules, from aligned columns of figures), page furniture dropped, lines rejoined into paragraphs.

**pypdfium2 rather than pdfplumber** — measured side by side by ``benchmarks/pdf_read.py`` on a
63-page disclosure rendered by LibreOffice from the test samples (50,754 characters, 77 tables, 1,705
figures; 2-core build machine shared with other work, 2026-12-06, best of 3): this reader takes 0.44 s
for text and tables (7 ms a page), ``budget-addin check`` of the file in a new process 0.72 s,
pdfplumber's ``extract_text`` + ``extract_tables`` of every page 3.12 s (ratios 0.14 and 0.23),
pypdfium2's plain ``get_text_bounded`` 0.03 s. pdfplumber parses the content streams in Python
(pdfminer.six) and still leaves the work done here undone: on the 江苏 sample it returns 9 table pieces
for 7 tables (no continuation over pages), wrapped cells with a line break inside ("一、一般公共预算拨\n款")
and the text as printed lines. pdfium parses in C++; the Python work left here is linear: one call per
character for its box and angle (about 2 µs), then sorting characters into lines and cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from budget_addin.files.importer.sources import Cell, Grid
from budget_addin.files.published.pdf_page import Box, Line, PdfError, to_user
from budget_addin.files.published.pdf_tables import FoundTable
from budget_addin.files.published.pdf_text import PdfLayout, read_layout
from budget_addin.narrative.paragraphs import Paragraph

__all__ = ["Box", "PdfError", "PdfPages", "PdfTable", "pdf_grids", "read_pdf"]


@dataclass
class PdfTable:
    """A table of a PDF: its grid (title and unit lines first), first page, and each cell's box by (row, col)."""

    grid: Grid
    page: int
    boxes: dict[tuple[int, int], Box] = field(default_factory=dict)
    ruled: bool = True
    problem: str | None = None  # why its cells cannot be read with certainty: its tables are listed, not judged

    @property
    def pages(self) -> list[int]:
        """The pages the table stands on."""
        return sorted(set(self.grid.row_pages.values()))


@dataclass
class PdfPages:
    """A PDF read whole: page count, prose paragraphs (one box per character each) and tables."""

    file: str
    pages: int
    paragraphs: list[Paragraph]
    tables: list[PdfTable]
    char_boxes: list[list[Box]] = field(default_factory=list, repr=False)  # per paragraph, one per character
    rotations: dict[int, int] = field(default_factory=dict)  # pages shown turned: degrees clockwise

    def span_boxes(self, paragraph: Paragraph | int, start: int = 0, end: int | None = None) -> list[Box]:
        """The rectangles covering ``paragraph.text[start:end]``: one per printed line (and page) it runs over."""
        index = (paragraph.no if isinstance(paragraph, Paragraph) else paragraph) - 1
        merged: list[Box] = []
        for box in self.char_boxes[index][start:end]:
            last = merged[-1] if merged else None
            if last is not None and last[0] == box[0] and _next_on_line(last, box, self.rotations.get(box[0], 0)):
                merged[-1] = (last[0], min(last[1], box[1]), min(last[2], box[2]), max(last[3], box[3]),
                              max(last[4], box[4]))
            else:
                merged.append(box)
        return merged


def _next_on_line(line: Box, char: Box, rotation: int) -> bool:
    """A character box that goes on a line's box: level with it and just past its end, in the direction the
    text runs in the PDF's coordinates (left to right; on a page stored sideways, down or up)."""
    _page, x0, y0, x1, y1 = char
    size = max(x1 - x0, y1 - y0)
    if rotation in (90, 270):
        level = min(x1, line[3]) - max(x0, line[1]) > 0.5 * (x1 - x0)
        return level and (0 <= line[2] - y1 + 1 < size if rotation == 90 else 0 <= y0 - line[4] + 1 < size)
    level = min(y1, line[4]) - max(y0, line[2]) > 0.5 * (y1 - y0)
    return level and (0 <= x0 - line[3] + 1 < size if rotation == 0 else 0 <= line[1] - x1 + 1 < size)


def read_pdf(path: str | Path) -> PdfPages:
    """Read a PDF's text layer into paragraphs and tables; a :class:`PdfError` (Chinese) when it has none."""
    source = Path(path)
    if not source.is_file():
        raise PdfError(f"找不到文件 {source}")
    return pages_of(source.name, read_layout(source))


def pdf_grids(path: str | Path) -> list[Grid]:
    """The tables of a PDF as grids, title and unit lines first (as ``docx_grids`` gives a Word file's)."""
    return [table.grid for table in read_pdf(path).tables]


def pages_of(file: str, layout: PdfLayout) -> PdfPages:
    """The layout's tables as grids named after the file; every box in the PDF's own coordinates."""
    tables = [_table(file, number, table, title)
              for number, (table, title) in enumerate(zip(layout.tables, layout.titles, strict=True), start=1)]
    boxes = layout.paragraph_boxes
    if layout.turned:  # pages read as shown (turned, or moved): their boxes go back to the PDF's coordinates
        boxes = [[_user(layout, box) for box in paragraph] for paragraph in boxes]
        for table in tables:
            table.boxes = {key: _user(layout, box) for key, box in table.boxes.items()}
    return PdfPages(file, layout.pages, layout.paragraphs, tables, boxes,
                    {page: rotation for page, (rotation, _frame) in layout.turned.items() if rotation})


def _user(layout: PdfLayout, box: Box) -> Box:
    if box[0] not in layout.turned:
        return box
    rotation, frame = layout.turned[box[0]]
    return (box[0], *to_user(rotation, frame, box[1:]))


def _table(file: str, number: int, found: FoundTable, title: list[Line]) -> PdfTable:
    grid = Grid(file, f"表格{number}", table_no=number, lines_above=len(title), page=found.page)
    table = PdfTable(grid, grid.page or found.page, ruled=found.ruled, problem=found.problem)
    for row, line in enumerate(title, start=1):
        grid.cells[(row, 1)] = Cell(line.text)
        grid.row_pages[row] = line.page
        table.boxes[(row, 1)] = (line.page, line.x0, line.y0, line.x1, line.y1)
    offset = len(title) + 1
    for row, page in enumerate(found.row_pages):
        grid.row_pages[row + offset] = page
    for (row, col), cell in found.cells.items():
        if cell.text:
            grid.cells[(row + offset, col + 1)] = Cell(cell.text)
        table.boxes[(row + offset, col + 1)] = cell.box
    grid.merged = [(r1 + offset, c1 + 1, r2 + offset, c2 + 1) for r1, c1, r2, c2 in found.merged]
    return table
