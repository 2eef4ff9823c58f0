"""Tables on PDF pages: ruled ones from their ruling lines, unruled ones from aligned columns of figures.

A **ruled table** is a connected set of horizontal and vertical rules making two columns at least: its
row and column boundaries are the distinct rule positions (a table open at the sides ends where its
horizontal rules end); where a rule is missing between two grid cells they are one merged cell. Each
character belongs to the cell its middle falls in; the lines of a cell are joined without a space
(Chinese wraps inside a cell at any character).

An **unruled table** is only taken where lines look tabular beyond doubt: at least three lines cut into
runs by gaps of a character's width or more, each with at least two figures and no sentence punctuation,
and the figures' right (or left) edges aligned in at least two columns on three lines or more. Rows with
one figure, wrapped labels and up to three header lines next to them join the table. A prose line is never
one (it has no wide gaps between its figures). A line of three figures or more and nothing else is a
one-row table, with the header lines just above it.

A table that ends a page and one that starts the next page with the same column boundaries, with no
other text between them (or only a 续表 title), are one table continued; a header the next page repeats
is dropped, and the rest of a row the break split (a label or a figure wrapped over it) joins that row. A
header cut after its first row goes on over the finer columns overleaf (its cells merged over them). Where an
untitled table atop a page cannot be so joined to the one ending the page before, both are marked with a
``problem``: a table that may be incomplete is listed, never judged. So is a table printed past the paper's
edge (its text beyond the page is in the text layer, not on the paper).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from budget_addin.files.published.pdf_page import Box, Char, Line, Page, Rect, Rule, group_lines, is_cjk, is_numeric

TOLERANCE = 1.5  # points: rules this close are one rule; a rule this far off a corner still meets it
MIN_BAND = 3.0  # rows or columns thinner than this are a double rule, not a band of cells
COVERED = 0.6  # a boundary is drawn when rules cover this share of it
EDGE = 2.0  # points: a table whose side stands this near the page's edge reaches it


@dataclass
class TableCell:
    """A cell's text as printed and its box (for a merged cell, the whole merged area)."""

    text: str
    box: Box


@dataclass
class FoundTable:
    """A table read off one or more pages: cells by (row, column) from 0, merged ranges, each row's page."""

    page: int
    columns: list[float]  # x of each column boundary, left to right
    top: float
    bottom: float
    cells: dict[tuple[int, int], TableCell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (inclusive, 0-based)
    row_pages: list[int] = field(default_factory=list)
    ruled: bool = True
    last_page: int = 0
    problem: str | None = None  # why its cells cannot be read with certainty (cut at the page's edge): not judged

    @property
    def rows(self) -> int:
        return len(self.row_pages)

    def row_texts(self, row: int) -> list[str]:
        return [self.cells[(row, c)].text if (row, c) in self.cells else "" for c in range(len(self.columns) - 1)]


def _merge_collinear(rules: list[Rule]) -> list[Rule]:
    """Rules on one line that touch or overlap joined into one (cell borders are drawn cell by cell).

    Rules are first grouped by their position (within :data:`TOLERANCE` of the one before), then joined along
    the line in order of their start: two tables one above the other whose rules stand 1.4 points apart stay
    two rules, not one reaching over the other table's rows."""
    lines: list[list[Rule]] = []
    for rule in sorted(rules, key=lambda r: r.at):
        if lines and rule.at - lines[-1][-1].at <= TOLERANCE:
            lines[-1].append(rule)
        else:
            lines.append([rule])
    merged: list[Rule] = []
    for line in lines:
        last: Rule | None = None
        for rule in sorted(line, key=lambda r: r.start):
            if last is not None and rule.start <= last.end + TOLERANCE:
                last.end = max(last.end, rule.end)
            else:
                last = Rule(rule.horizontal, rule.at, rule.start, rule.end)
                merged.append(last)
    return merged


def _components(horizontal: list[Rule], vertical: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Groups of rules that meet one another (one group per table)."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if (h.start - TOLERANCE <= v.at <= h.end + TOLERANCE
                    and v.start - TOLERANCE <= h.at <= v.end + TOLERANCE):
                parent[find(i)] = find(len(horizontal) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + j), ([], []))[1].append(v)
    return list(groups.values())


def _positions(values: list[float]) -> list[float]:
    """Distinct positions: values closer than :data:`MIN_BAND` are one (their mean)."""
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] < MIN_BAND:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return [sum(c) / len(c) for c in clusters]


def _drawn(rules: list[Rule], at: float, start: float, end: float) -> bool:
    """Whether rules at ``at`` cover most of the stretch from ``start`` to ``end``."""
    covered = sum(max(0.0, min(r.end, end) - max(r.start, start)) for r in rules if abs(r.at - at) < MIN_BAND)
    return covered >= COVERED * (end - start)


def ruled_tables(page: Page) -> tuple[list[FoundTable], list[Char]]:
    """The page's ruled tables (top to bottom) and the characters outside them."""
    rules = page.rules + _tiled_edges(page.fills)
    horizontal = _merge_collinear([r for r in rules if r.horizontal])
    vertical = _merge_collinear([r for r in rules if not r.horizontal])
    tables: list[tuple[FoundTable, list[float]]] = []
    inside: list[tuple[float, float, float, float]] = []
    for hs, vs in _components(horizontal, vertical):
        if not hs or not vs:
            continue  # an underline or a lone rule
        # A table drawn with open sides (no outer vertical rules, as many are) ends where its horizontal rules end.
        xs = _positions([v.at for v in vs] + [min(h.start for h in hs), max(h.end for h in hs)])
        ys = _positions([h.at for h in hs] + [min(v.start for v in vs), max(v.end for v in vs)])[::-1]  # top first
        if len(xs) < 3 or len(ys) < 2:
            continue  # an underline, a framed paragraph, a chart's frame: a table has two columns at least
        inside.append((xs[0], ys[-1], xs[-1], ys[0]))
        tables.append((_ruled_table(page, hs, vs, xs, ys), ys))
    # A table that reaches the page's edge may be printed wider than the page: the text past the edge (in the
    # text layer, not on the paper) is its own, cut off.
    inside = [(-math.inf if x0 <= EDGE else x0, y0, math.inf if x1 >= page.width - EDGE else x1, y1)
              for x0, y0, x1, y1 in inside]
    outside: list[Char] = []
    owned: list[list[Char]] = [[] for _ in tables]
    for char in page.chars:
        mx, my = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
        owner = next((i for i, (x0, y0, x1, y1) in enumerate(inside) if x0 <= mx <= x1 and y0 <= my <= y1), None)
        (outside if owner is None else owned[owner]).append(char)
    found = []
    for (table, ys), chars in zip(tables, owned, strict=True):
        _fill(table, ys, chars)
        if any(not 0 <= (c.x0 + c.x1) / 2 <= page.width for c in chars):  # its text runs past the paper's edge
            table.problem = f"表格超出第{page.number}页的页边，部分栏目被截断（纸面上看不全），无法确定各栏"
        if sum(1 for cell in table.cells.values() if cell.text) >= 2:
            found.append(table)
        else:  # a grid holding less than two texts (a framed label, touching bars) is no table
            outside += chars
    return sorted(found, key=lambda t: -t.top), outside


MAX_FILLS = 2000  # filled rectangles looked at for shaded cells on one page


def _tiled_edges(fills: list[Rect]) -> list[Rule]:
    """The sides of filled rectangles that touch another edge to edge: the cells of a table drawn by shading
    alone (no rules), as web pages printed to PDF often are. Bars of a chart stand apart and give none."""
    if len(fills) > MAX_FILLS:
        return []
    tiled: set[int] = set()
    for i, a in enumerate(fills):
        for j in range(i + 1, len(fills)):
            b = fills[j]
            beside = (abs(a[2] - b[0]) <= TOLERANCE or abs(b[2] - a[0]) <= TOLERANCE) and (
                min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * min(a[3] - a[1], b[3] - b[1]))
            above = (abs(a[3] - b[1]) <= TOLERANCE or abs(b[3] - a[1]) <= TOLERANCE) and (
                min(a[2], b[2]) - max(a[0], b[0]) > 0.5 * min(a[2] - a[0], b[2] - b[0]))
            if beside or above:
                tiled.update((i, j))
    edges: list[Rule] = []
    for i in sorted(tiled):
        x0, y0, x1, y1 = fills[i]
        edges += [Rule(True, y0, x0, x1), Rule(True, y1, x0, x1), Rule(False, x0, y0, y1), Rule(False, x1, y0, y1)]
    return edges


def _ruled_table(page: Page, hs: list[Rule], vs: list[Rule], xs: list[float], ys: list[float]) -> FoundTable:
    """The grid of one group of rules: its cells, merged where a rule is missing between two of them."""
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def find(cell: tuple[int, int]) -> tuple[int, int]:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _drawn(vs, xs[c + 1], ys[r + 1], ys[r]):
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < rows and not _drawn(hs, ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1, c))] = find((r, c))
    spans: dict[tuple[int, int], list[int]] = {}
    for cell in parent:
        r, c = cell
        span = spans.setdefault(find(cell), [r, c, r, c])
        span[0], span[1], span[2], span[3] = min(span[0], r), min(span[1], c), max(span[2], r), max(span[3], c)
    table = FoundTable(page.number, xs, ys[0], ys[-1], row_pages=[page.number] * rows, last_page=page.number)
    for r1, c1, r2, c2 in spans.values():
        if (r1, c1) != (r2, c2):
            table.merged.append((r1, c1, r2, c2))
        table.cells[(r1, c1)] = TableCell("", (page.number, xs[c1], ys[r2 + 1], xs[c2 + 1], ys[r1]))
    table.merged.sort()
    return table


def _fill(table: FoundTable, ys: list[float], chars: list[Char]) -> None:
    """Each character put into the cell its middle falls in (a merged cell's anchor); a cell's lines joined."""
    xs = table.columns
    negative = [-y for y in ys]
    anchor: dict[tuple[int, int], tuple[int, int]] = {}
    for r1, c1, r2, c2 in table.merged:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                anchor[(r, c)] = (r1, c1)
    by_cell: dict[tuple[int, int], list[Char]] = {}
    for char in chars:
        row = min(max(bisect.bisect_right(negative, -(char.y0 + char.y1) / 2) - 1, 0), table.rows - 1)
        col = min(max(bisect.bisect_right(xs, (char.x0 + char.x1) / 2) - 1, 0), len(xs) - 2)
        by_cell.setdefault(anchor.get((row, col), (row, col)), []).append(char)
    for key, cell_chars in by_cell.items():
        table.cells[key].text = cell_text(group_lines(table.page, cell_chars))


def cell_text(lines: Sequence[Line]) -> str:
    """The lines of one cell as one text: Chinese joined as is, Latin words with a space."""
    text = ""
    for line in lines:
        if text and not (is_cjk(text[-1]) or is_cjk(line.text[0])) and text[-1].isalpha() and line.text[0].isalpha():
            text += " "
        text += line.text
    return text


# -- unruled tables -----------------------------------------------------------------------------------

MIN_TABULAR_LINES = 3  # lines with two or more figures that make an unruled table
ALIGNED = 2.0  # points: right edges of figures this close stand in one column


def _tabular(runs: list[Line]) -> bool:
    """A line cut into runs with at least two figures, none of them a sentence."""
    return sum(1 for run in runs if is_numeric(run.text)) >= 2 and not any(_PROSE.search(run.text) for run in runs)


_PROSE = re.compile(r"[。；;，！？]")
_UNIT = re.compile(r"单位\s*[:：]")


def unruled_tables(page: int, lines: list[Line]) -> tuple[list[FoundTable], list[Line]]:
    """Tables without rules (lines whose figures align in columns) and the lines left as text."""
    runs = [line.runs() for line in lines]
    tables: list[FoundTable] = []
    taken: set[int] = set()
    index = 0
    while index < len(lines):
        if not _tabular(runs[index]):
            index += 1
            continue
        end = index
        while (
            end + 1 < len(lines)
            and _row_like(runs[end + 1])
            and lines[end].y0 - lines[end + 1].y1 < 2 * lines[end].height
        ):
            end += 1
        while end > index and not _tabular(runs[end]):
            end -= 1
        if sum(1 for i in range(index, end + 1) if _tabular(runs[i])) >= MIN_TABULAR_LINES and _aligned(
            runs[index : end + 1]
        ):
            start = index
            while (start > 0 and len(runs[start - 1]) >= 2 and not any(_PROSE.search(r.text) for r in runs[start - 1])
                   and index - start < 3 and lines[start - 1].y0 - lines[start].y1 < 2 * lines[start].height):
                start -= 1  # header lines above the figures, rows with one figure
            tables.append(_unruled_table(page, lines[start:end + 1], runs[start:end + 1], runs[index:end + 1]))
            taken.update(range(start, end + 1))
        index = end + 1
    for index, pieces in enumerate(runs):  # one row of figures alone (a one-row table), under its header lines
        if index in taken or len(pieces) < 3 or not all(is_numeric(run.text) for run in pieces):
            continue
        start = index
        while (start > 0 and start - 1 not in taken and index - start < 4 and _row_like(runs[start - 1])
               and not any(_UNIT.search(r.text) or "表" in r.text for r in runs[start - 1])
               and lines[start - 1].y0 - lines[start].y1 < 2 * lines[start].height):
            start -= 1
        tables.append(_unruled_table(page, lines[start:index + 1], runs[start:index + 1], [pieces]))
        taken.update(range(start, index + 1))
    tables.sort(key=lambda t: -t.top)
    return tables, [line for i, line in enumerate(lines) if i not in taken]


def _row_like(runs: list[Line]) -> bool:
    """A line that may stand inside an unruled table: a row with a figure blank, or a wrapped label."""
    return not any(_PROSE.search(run.text) for run in runs) and (len(runs) >= 2 or len(runs[0].text) <= 20)


def _aligned(body: list[list[Line]]) -> bool:
    """At least two columns of figures whose right (or left) edges line up on at least three lines."""
    def columns(edges: list[float]) -> int:
        found = start = 0
        for end in range(1, len(edges) + 1):
            if end == len(edges) or edges[end] - edges[end - 1] > ALIGNED:
                found += end - start >= MIN_TABULAR_LINES
                start = end
        return found

    figures = [run for runs in body for run in runs if is_numeric(run.text)]
    return max(columns(sorted(r.x1 for r in figures)), columns(sorted(r.x0 for r in figures))) >= 2


def _unruled_table(page: int, lines: list[Line], runs: list[list[Line]], body: list[list[Line]]) -> FoundTable:
    """Columns from the overlapping x ranges of the body's runs; each run into the column it stands in."""
    bands: list[list[float]] = []
    for x0, x1 in sorted((run.x0, run.x1) for row in body for run in row):
        if bands and x0 <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    columns = [bands[0][0]] + [(a[1] + b[0]) / 2 for a, b in zip(bands, bands[1:], strict=False)] + [bands[-1][1]]
    table = FoundTable(page, columns, lines[0].y1, lines[-1].y0, row_pages=[page] * len(lines), ruled=False,
                       last_page=page)
    for row, (line, pieces) in enumerate(zip(lines, runs, strict=True)):
        for run in pieces:
            col = min(max(bisect.bisect_right(columns, (run.x0 + run.x1) / 2) - 1, 0), len(columns) - 2)
            cell = table.cells.get((row, col))
            text = run.text if cell is None or not cell.text else cell.text + " " + run.text
            table.cells[(row, col)] = TableCell(text, (page, run.x0 if cell is None else cell.box[1], line.y0,
                                                       run.x1, line.y1))
        for col in range(len(columns) - 1):
            table.cells.setdefault((row, col), TableCell("", (page, columns[col], line.y0, columns[col + 1], line.y1)))
    return table


# -- tables continued over pages ----------------------------------------------------------------------

def _same_columns(a: FoundTable, b: FoundTable) -> bool:
    """Same column boundaries: drawn rules within 2 points; columns of an unruled table within half the narrowest."""
    if len(a.columns) != len(b.columns):
        return False
    tolerance = 2.0 if a.ruled else min(y - x for x, y in zip(a.columns, a.columns[1:], strict=False)) / 2
    return all(abs(x - y) <= tolerance for x, y in zip(a.columns, b.columns, strict=True))


def join_continued(tables: list[FoundTable], titles: list[list[Line]],
                   blocks: list[list[object]]) -> tuple[list[FoundTable], list[list[Line]]]:
    """Tables that end one page and go on at the top of the next (same columns, no title between) joined.

    A continuation may be titled 续表 / （续）, with or without its unit line: that title is dropped. A table
    that ends a page followed by an untitled one atop the next whose columns differ is not certain to be whole:
    both are marked with a problem (listed, never judged), as a cut table's total would be wrongly summed.
    """
    ends_page = {id(page_blocks[-1]) for page_blocks in blocks if page_blocks}
    starts_page = {id(page_blocks[0]) for page_blocks in blocks if page_blocks}
    kept: list[FoundTable] = []
    kept_titles: list[list[Line]] = []
    tail: FoundTable | None = None  # the last piece of the last kept table
    for table, title in zip(tables, titles, strict=True):
        previous = kept[-1] if kept else None
        continued = not title or (any("续" in line.text for line in title)
                                   and all("续" in line.text or _UNIT.search(line.text) for line in title))
        overleaf = (previous is not None and tail is not None and continued and id(tail) in ends_page
                    and id(table) in starts_page and table.page == previous.last_page + 1)
        same = overleaf and previous is not None and previous.ruled == table.ruled and _same_columns(previous, table)
        finer = (None if same or not overleaf or previous is None or not previous.ruled or not table.ruled
                 else _finer_columns(previous, table))
        if same or finer is not None:
            assert previous is not None
            if finer is not None:
                _widen(previous, table.columns, finer)
            _append(previous, table)
        else:
            if overleaf and previous is not None:
                previous.problem = previous.problem or (
                    f"表格在第{previous.last_page}页末尾中断，第{table.page}页顶部无标题的表格栏目与之不同，"
                    "无法确认是否为其续表，表格可能不全")
                table.problem = table.problem or (
                    f"第{table.page}页顶部的表格没有标题，栏目与上页末尾的表格不同，无法确认是否为其续表")
            kept.append(table)
            kept_titles.append(title)
        tail = table
    return kept, kept_titles


def _finer_columns(head: FoundTable, table: FoundTable) -> list[int] | None:
    """A header cut from its table by the page break (a page ends after its first header row, whose cells span
    several columns of the rows overleaf): for each column boundary of ``head``, the index of the same boundary
    of ``table``; None unless ``head`` is three rows at most, holds no figure, and every boundary of it is one of
    ``table``'s."""
    if (head.rows > 3 or any(is_numeric(cell.text) for cell in head.cells.values())
            or len(head.columns) >= len(table.columns)):
        return None  # more than a header's rows, or figures: a table of its own
    found = []
    for x in head.columns:
        index = min(range(len(table.columns)), key=lambda i: abs(table.columns[i] - x))
        if abs(table.columns[index] - x) > 2.0:
            return None
        found.append(index)
    if found[0] != 0 or found[-1] != len(table.columns) - 1 or found != sorted(set(found)):
        return None
    return found


def _widen(table: FoundTable, columns: list[float], at: list[int]) -> None:
    """A table's cells put on finer columns (``at``: the new index of each old boundary): a cell over several of
    them is a merged cell."""
    spans = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in table.merged}
    cells = table.cells
    table.cells, table.merged = {}, []
    for (r, c), cell in cells.items():
        r2, c2 = spans.get((r, c), (r, c))
        first, last = at[c], at[c2 + 1] - 1
        table.cells[(r, first)] = cell
        if (r2, last) != (r, first):
            table.merged.append((r, first, r2, last))
    table.merged.sort()
    table.columns = list(columns)


def _append(table: FoundTable, more: FoundTable) -> None:
    """The rows of a continuation appended; a header it repeats (its first rows, as the table's) and the empty
    rest of a row the page break cut are dropped, the rest of a row's wrapped labels joined to that row."""
    repeated = 0
    while repeated < more.rows - 1 and not any(more.row_texts(repeated)):
        repeated += 1  # the rest of a row split by the page break: its padding, no text
    for count in range(min(3, table.rows - 1, more.rows - 1 - repeated), 0, -1):
        if all(more.row_texts(repeated + r) == table.row_texts(r) for r in range(count)):
            repeated += count
            break
    figures = [cell.text for cell in table.cells.values() if is_numeric(cell.text)]
    rest = repeated < more.rows and _rest_of_row(table.row_texts(table.rows - 1), more.row_texts(repeated), figures)
    if rest:  # the rest of the row overleaf is that row: its texts joined, its merged cells go on from it
        for c, text in enumerate(more.row_texts(repeated)):
            if text:
                cell = table.cells[(table.rows - 1, c)]
                cell.text = cell_text([_text_line(cell.text), _text_line(text)])
    offset = table.rows - repeated - rest
    for (r, c), cell in more.cells.items():
        if r >= repeated + rest:
            table.cells[(r + offset, c)] = cell
    spans = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in table.merged}
    for r1, c1, r2, c2 in more.merged:
        if r1 >= repeated:
            below, right = spans.get((r1 + offset, c1), (r1 + offset, c1))
            spans[(r1 + offset, c1)] = (max(below, r2 + offset), max(right, c2))
    table.merged = sorted((r1, c1, r2, c2) for (r1, c1), (r2, c2) in spans.items())
    table.row_pages += more.row_pages[repeated + rest:]
    table.last_page = more.last_page
    table.bottom = more.bottom
    table.problem = table.problem or more.problem


def _rest_of_row(last: list[str], first: list[str], figures: list[str]) -> bool:
    """Whether the first row of a continuation is the rest of the last row before the break, its cells wrapped
    over the page break: a label (``社会保障和就`` / ``业支出``) or a figure (``15,418,375.0`` / ``0``). Each of its
    texts stands under a text of that row of the same kind: a piece of a label that does not start a row
    of its own (其中, 一、, a code), a piece of a figure under a figure cut short (fewer decimals than the table's
    ``figures`` show, or a group of thousands cut), the two joined into one figure. Any text under a blank
    makes it a row."""
    texts = [i for i, text in enumerate(first) if text]
    if not texts:
        return False
    for i in texts:
        if not last[i]:
            return False
        if is_numeric(first[i]) or is_numeric(last[i]):
            if not (is_numeric(first[i]) and is_numeric(last[i] + first[i]) and _cut_short(last[i], figures)) \
                    or (last[i].isdigit() and first[i].isdigit()):
                return False  # a text under a figure, a whole figure, or a code under a code: a row of its own
        elif _ROW_START.match(first[i]):
            return False
    return True


_ROW_START = re.compile(r"^(?:其中|[（(]?[一二三四五六七八九十\d]+[）)、.．]|\d{3})")


def _cut_short(piece: str, figures: list[str]) -> bool:
    """A figure printed short of its end: fewer decimals than the table's other figures show at most, or ending
    in a group of thousands cut (``1,280,8``)."""
    decimals = [len(text.rsplit(".", 1)[1]) if "." in text else 0 for text in figures if text != piece]
    own = len(piece.rsplit(".", 1)[1]) if "." in piece else 0
    if decimals and own < max(decimals):
        return True
    groups = piece.split(".", 1)[0].split(",")
    return piece.endswith((",", ".")) or (len(groups) > 1 and len(groups[-1]) < 3)


def _text_line(text: str) -> Line:
    return Line(0, [], text)
