"""Any table grid as published tables: title, unit, scope, header tree, label and code columns, figures.

Works on the :class:`~budget_addin.files.importer.sources.Grid` of every form (spreadsheet sheets,
tables of a Word file or web page with the lines above them, PDF tables with their title and unit
lines as the first rows) and on any table, also one the template has no sheet for:

- a **title** is a text line holding 表 (or, failing one, the sheet's name); several tables stacked on
  one sheet are separated at each title;
- the **header** is the block of text rows under the title and unit line; a merged cell (or, in a
  grid without merges, a text followed by blanks over a lower header row) stands over every column it
  spans, so each figure column gets its path top-down;
- **label and code columns** are found from their content and header: codes of 3/5/7 digits, codes split
  over 类/款/项 columns (joined), a column of text is a label column;
- a **side-by-side** table (收入 | 支出 by function | 支出 by use) is split at each label column that
  follows a figure column, into tables of the same number with ``part`` 收入 / 支出 / 支出用途.

Figures keep their printed text; a blank, "—" or "-" is ``None``, never 0; text in a figure column stays
a figure without value. A table whose columns cannot be resolved carries a Chinese ``problem``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from budget_addin.core.numbers import EMPTY_MARKS, NumberError, parse_figure
from budget_addin.core.published import WANYUAN_PER, Column, Figure, Row, Table
from budget_addin.files.importer import aliases
from budget_addin.files.importer.locate import department_of, unit_of
from budget_addin.files.importer.sources import Cell, Grid

MAX_HEADER_ROWS = 4
MAX_TITLE_CHARS = 80
_CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")
_CODE_IN_LABEL = re.compile(r"^[\[【(（]?(\d{3}|\d{5}|\d{7})[\]】)）]?(?=\s*[^\d\s.,%)）\]】])")
_STOP_WORDS = ("注:", "注：", "备注", "说明:", "说明：", "填报说明")
_CODE_HEADERS = ("编码", "代码", "科目编号")
_TEXT_HEADERS = ("备注", "说明", "采购品目", "品目", "规格", "单位名称")
_RATE_HEADERS = ("率", "占比", "比重", "%", "％")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")
_UNIT_LINE_START = re.compile(r"^\(?(?:金额|计量)?单位:")  # a unit line, not a header naming its unit
_UNIT_PHRASE = re.compile(r"\(?(?:金额)?单位:.*$")
_NUMBERED_TITLE = re.compile(r"^(?:公开|附)?\s*(?:表|附表)?\s*[0-9０-９一二三四五六七八九十-]+\s*表?$")

# Scope of a table by its title, most specific first (一般公共预算财政拨款… is 一般公共预算).
_SCOPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("三公", ("三公",)),
    ("机关运行经费", ("机关运行经费",)),
    ("政府采购", ("政府采购",)),
    ("绩效", ("绩效",)),
    ("政府性基金", ("政府性基金",)),
    ("国有资本经营", ("国有资本经营",)),
    ("一般公共预算", ("一般公共预算", "公共财政预算")),
    ("财政专户", ("财政专户",)),
    ("财政拨款", ("财政拨款",)),
    ("项目", ("项目支出",)),
    ("部门", ("收支总表", "收支预算总表", "收入总表", "支出总表", "收入预算总表", "支出预算总表", "收入支出预算总表",
             "收入预算表", "支出预算表", "部门预算", "部门收入", "部门支出", "部门收支")),
)


def text_of(value: object) -> str:
    """A printed text whitespace-normalised: spaces and line breaks between Chinese removed, others one space."""
    text = " ".join(str(value if value is not None else "").split())
    return _CJK_SPACE.sub("", text)


def scope_of(title: str) -> str:
    """What a table is about, from its title (``…“三公”经费、会议费、培训费支出预算表`` → 三公)."""
    value = aliases.normal(title)
    for scope, words in _SCOPE_WORDS:
        if any(word in value for word in words):
            return scope
    return "其他"


def figure_of(cell: Cell | None) -> Figure:
    """A printed cell as a figure: its value (None for blank, "—", "-" or text) and its printed text."""
    if cell is None:
        return Figure(None, "")
    if isinstance(cell.value, Decimal):
        if cell.percent:
            value = cell.value.scaleb(2)
            return Figure(value, f"{value}%")
        return Figure(cell.value, str(cell.value))
    text = text_of(cell.value)
    if cell.formula:
        return Figure(None, text)
    try:
        parsed = parse_figure(text)
    except NumberError:
        return Figure(None, text)
    return Figure(None if parsed is None else parsed.value, text)


def _is_percent(cell: Cell) -> bool:
    if isinstance(cell.value, Decimal):
        return cell.percent
    return text_of(cell.value).translate(str.maketrans("％", "%")).endswith("%")


def _is_figure(cell: Cell) -> bool:
    if isinstance(cell.value, Decimal) or cell.formula:
        return True
    try:
        return parse_figure(text_of(cell.value)) is not None
    except NumberError:
        return False


def _is_blank(cell: Cell | None) -> bool:
    return cell is None or unicodedata.normalize("NFKC", text_of(cell.value)) in EMPTY_MARKS


def _code_text(cell: Cell | None, width: int = 0) -> str:
    """A code as printed (a stored number 1 under 款 is 01)."""
    if cell is None:
        return ""
    if isinstance(cell.value, Decimal):
        if cell.value != cell.value.to_integral_value() or cell.value < 0:
            return ""
        return str(int(cell.value)).zfill(width)
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell.value))
    return text.zfill(width) if text.isdigit() else text


# -- where the tables of a grid are ------------------------------------------------------------

@dataclass
class _Block:
    """The rows of one table in a grid: its title and the rows from the line after it to ``end``."""

    grid: Grid
    title: str
    start: int
    end: int
    unit: str | None = None


def _line_text(grid: Grid, row: int) -> str | None:
    """The text of a row holding one text only (a title or unit line), else None."""
    cells = grid.row(row)
    if len(cells) != 1:
        return None
    cell = next(iter(cells.values()))
    return text_of(cell.value) if isinstance(cell.value, str) else None


def _is_title(text: str | None) -> bool:
    """A title line: holds 表 (outside a unit phrase), short, not a note, unit or department line."""
    if not text or len(text) > MAX_TITLE_CHARS or any(mark in text for mark in "。，；"):
        return False  # a sentence of prose (详见下表。) is no title
    value = _UNIT_PHRASE.sub("", aliases.normal(text))
    return "表" in value and not value.startswith(_STOP_WORDS) and department_of(value) is None


def _title_of_row(grid: Grid, row: int) -> str | None:
    """The title a row states: one title text, beside at most a table number (公开01表) or a unit line."""
    cells = grid.row(row)
    if not cells or len(cells) > 3 or any(not isinstance(c.value, str) for c in cells.values()):
        return None
    texts = [text_of(c.value) for _col, c in sorted(cells.items())]
    titles = [t for t in texts if _is_title(t)]
    if not titles:
        return None
    best = max(titles, key=lambda t: (not _NUMBERED_TITLE.match(aliases.normal(t)), len(t)))
    others = [t for t in texts if t != best]
    if all(_NUMBERED_TITLE.match(aliases.normal(t)) or unit_of(t) or department_of(aliases.normal(t)) for t in others):
        return best
    return None


def _is_unit_row(grid: Grid, row: int) -> bool:
    """A row of text stating a unit or department (``编制单位：某局 | 2021年 | 单位：万元``), no figure."""
    cells = grid.row(row).values()
    texts = [aliases.normal(c.value) for c in cells]
    return bool(texts) and all(isinstance(c.value, str) and not _is_figure(c) for c in cells) and any(
        _UNIT_LINE_START.match(t) or department_of(t) for t in texts)


def _blocks(grid: Grid) -> list[_Block]:
    """The tables of a grid, each from its title to the row before the next title."""
    starts: list[tuple[int, str, str | None]] = []
    last_title_row = -1
    for row in sorted({r for r, _c in grid.cells}):
        text = _title_of_row(grid, row)
        if text is None:
            continue
        unit = next((u for c in grid.row(row).values() if (u := unit_of(str(c.value)))), None)
        if starts and last_title_row >= 0 and _only_lines_between(grid, last_title_row, row):
            previous, unit_above = starts[-1][1:]  # 公开01表 above its title, or a title in two lines: one title
            starts[-1] = (row, previous if _better_title(previous, text) else text, unit or unit_above)
        else:
            starts.append((row, text, unit))
        last_title_row = row
    # no title line: the sheet (or a .csv's file) names the table; lines above a document table are prose
    if not starts:
        starts = [(grid.lines_above, grid.sheet or Path(grid.file).stem, None)]
    blocks = []
    for index, (row, title, unit) in enumerate(starts):
        end = starts[index + 1][0] - 1 if index + 1 < len(starts) else grid.max_row
        blocks.append(_Block(grid, title, row + 1, end, unit))
    return blocks


def _only_lines_between(grid: Grid, above: int, below: int) -> bool:
    return all(not grid.row(r) or _is_unit_row(grid, r) for r in range(above + 1, below))


def _better_title(first: str, second: str) -> bool:
    """Of two title lines in a row, whether the first names the table better: the line nearer the table does,
    unless it is only a table number (``公开01表``)."""
    return bool(_NUMBERED_TITLE.match(aliases.normal(second))) and not _NUMBERED_TITLE.match(aliases.normal(first))


# -- the header --------------------------------------------------------------------------------

def _header_rows(block: _Block) -> tuple[list[int], int]:
    """The header rows of a block (after its unit lines) and the first row after them."""
    grid = block.grid
    row = block.start
    while row <= block.end and (not grid.row(row) or _is_unit_row(grid, row) or _is_remark(_line_text(grid, row))):
        for cell in grid.row(row).values():
            unit = unit_of(str(cell.value))
            if unit:
                block.unit = unit
        row += 1
    rows: list[int] = []
    while row <= block.end and len(rows) < MAX_HEADER_ROWS:
        cells = grid.row(row)
        if not cells:
            if rows:
                break
            row += 1
            continue
        if not _spanned_from(grid, rows, row) and (
            any(_is_figure(c) and not _is_year(c) for c in cells.values())
            or rows
            and len(cells) == 1
            and min(cells) <= min(grid.row(rows[0]))
        ):
            break  # figures, or a lone text in the first column under a header (货物类 above its items): the body
        rows.append(row)
        row += 1
    return rows, row


def _is_remark(line: str | None) -> bool:
    """A line between a title and its header that is no header: a table number (公开01表) or a sentence."""
    return bool(line) and (bool(_NUMBERED_TITLE.match(aliases.normal(line))) or any(m in line for m in "。；")
                           or len(line) > MAX_TITLE_CHARS)


def _is_year(cell: Cell) -> bool:
    """A year over columns (``2023`` | ``2024``): header text, not a figure."""
    return bool(re.fullmatch(r"(?:19|20)\d\d(?:年|年度)?", text_of(cell.value)))


def _spanned_from(grid: Grid, rows: list[int], row: int) -> bool:
    """True when a header cell above spans down into this row."""
    return bool(rows) and any(r1 <= rows[-1] and r2 >= row for r1, _c1, r2, _c2 in grid.merged if r1 >= rows[0])


def _merge_at(grid: Grid, row: int, col: int) -> tuple[int, int, int, int] | None:
    for merge in grid.merged:
        r1, c1, r2, c2 = merge
        if r1 <= row <= r2 and c1 <= col <= c2:
            return merge
    return None


def _anchors(grid: Grid, rows: list[int], first: int, last: int) -> dict[tuple[int, int], tuple[int, int]]:
    """For each header position, the cell whose text stands there (merged anchors, or spreading right)."""
    anchors: dict[tuple[int, int], tuple[int, int]] = {}
    for level, row in enumerate(rows):
        spreading: tuple[int, int] | None = None
        for col in range(first, last + 1):
            merge = _merge_at(grid, row, col)
            if merge is not None:
                anchors[(row, col)] = (merge[0], merge[1])
                spreading = None
            elif grid.get(row, col) is not None:
                anchors[(row, col)] = (row, col)
                spreading = (row, col) if level < len(rows) - 1 else None
            elif spreading is not None and any(grid.get(r, col) is not None or _merge_at(grid, r, col)
                                               for r in rows[level + 1:]):
                anchors[(row, col)] = spreading  # a grid without merges (.csv): a text over the blanks beside it
            else:
                spreading = None
    return anchors


def _paths(grid: Grid, rows: list[int], first: int, last: int) -> dict[int, tuple[str, ...]]:
    anchors = _anchors(grid, rows, first, last)
    paths: dict[int, tuple[str, ...]] = {}
    for col in range(first, last + 1):
        path: list[str] = []
        previous = None
        for row in rows:
            anchor = anchors.get((row, col))
            if anchor is None or anchor == previous:
                continue
            previous = anchor
            cell = grid.get(*anchor)
            text = text_of(cell.value) if cell is not None else ""
            if text:
                path.append(text)
        paths[col] = tuple(path)
    return paths


_HEADER_UNIT = re.compile(r"(?:\((?:单位:)?|单位:|^)(亿元|千元|万元|元|%)\)?$")


def _unit_in_header(path: tuple[str, ...]) -> str | None:
    """The unit a column's header names: ``金额（元）``, ``预算数（单位：万元）``, ``增减率(%)``."""
    for text in reversed(path):
        match = _HEADER_UNIT.search(aliases.normal(text))
        if match:
            return match.group(1)
    return None


# -- columns by role ----------------------------------------------------------------------------

@dataclass
class _Layout:
    """The roles of a block's columns: ignored, code, label, figure (by grid column)."""

    labels: list[int] = field(default_factory=list)
    levels: dict[int, list[int]] = field(default_factory=dict)  # a label column → label columns under one header
    codes: dict[int, int] = field(default_factory=dict)  # code column → the width of its part (类 3, 款/项 2, whole 0)
    figures: list[int] = field(default_factory=list)
    ignored: set[int] = field(default_factory=set)


def _body_cells(grid: Grid, rows: list[int], col: int) -> list[Cell]:
    return [c for r in rows if (c := grid.get(r, col)) is not None and not _is_blank(c)]


def _layout(grid: Grid, body: list[int], paths: dict[int, tuple[str, ...]]) -> _Layout:
    layout = _Layout()
    role: dict[int, str] = {}
    for col, path in paths.items():
        heads = [aliases.normal(t) for t in path]
        cells = _body_cells(grid, body, col)
        if not heads and not cells:
            continue
        leaf = heads[-1] if heads else ""
        spread = not cells and role.get(col - 1) in ("label", "code") and paths.get(col - 1) == path \
            and bool(body) and _merge_at(grid, body[0], col - 1) is not None
        if leaf in aliases.IGNORED_HEADERS or spread:
            layout.ignored.add(col)  # 行次 / 序号, or the blank second column of a label merged over two
        elif leaf in aliases.CODE_PART_HEADERS:
            role[col] = "code"
            layout.codes[col] = 3 if leaf == "类" else 2
        elif any(h.endswith(_CODE_HEADERS) for h in heads) and not _mostly(cells, lambda c: not _is_figure(c)):
            role[col] = "code"
            layout.codes[col] = 0
        elif cells and _mostly(cells, lambda c: not _is_figure(c)) and not any(t in leaf for t in _TEXT_HEADERS) \
                or not cells and (leaf in aliases.LABEL_HEADERS or leaf.endswith("名称")):
            role[col] = "label"
        else:
            role[col] = "figure"
    cols = sorted(role)
    for i, col in enumerate(cols):  # a column of codes just left of a label column, whatever its header
        if role[col] == "figure" and i + 1 < len(cols) and role[cols[i + 1]] == "label" \
                and _mostly(_body_cells(grid, body, col), lambda c: bool(_CODE.match(_code_text(c)))) \
                and not _names_amount(paths[col]):
            role[col] = "code"
            layout.codes[col] = 0
    seen_figure = False
    for col in cols:
        if role[col] == "label":
            if not layout.labels or seen_figure:
                layout.labels.append(col)
                seen_figure = False
                continue
            if not paths[col] or paths[col] == paths[layout.labels[-1]]:  # 项目 over 大类 | 明细: one label
                layout.levels.setdefault(layout.labels[-1], []).append(col)
                continue
            role[col] = "figure"  # a second text column beside the label (采购品目): text figures
        if role[col] == "figure":
            layout.figures.append(col)
            seen_figure = True
    for col in list(layout.labels[1:]):  # a label column with no figure column after it is text
        later = [c for c in layout.figures if c > col]
        nxt = next((label for label in layout.labels if label > col), None)
        if not [c for c in later if nxt is None or c < nxt]:
            layout.labels.remove(col)
            layout.figures = sorted([*layout.figures, col])
    return layout


def _mostly(cells: list[Cell], test: Callable[[Cell], bool]) -> bool:
    """Whether more than half of the cells pass ``test``."""
    return bool(cells) and sum(1 for c in cells if test(c)) * 2 > len(cells)


def _names_amount(path: tuple[str, ...]) -> bool:
    words = ("合计", "金额", "预算", "决算", "支出", "收入", "经费", "数")
    return any(w in aliases.normal(t) for t in path for w in words)


# -- the tables of a grid -------------------------------------------------------------------------

def tables_of(grids: Iterable[Grid]) -> list[Table]:
    """Every table of the grids, in order, numbered from 1 (the halves of a side-by-side table share one number)."""
    tables: list[Table] = []
    number = 0
    for grid in grids:
        for block in _blocks(grid):
            read = _read(block)
            if not read:
                continue
            number += 1
            for table in read:
                table.number = number
                tables.append(table)
    return tables


def _read(block: _Block) -> list[Table]:
    grid = block.grid
    header, first_body = _header_rows(block)
    body = [r for r in range(first_body, block.end + 1) if grid.row(r)]
    stop = next((i for i, r in enumerate(body) if _stops(grid, r)), None)
    body = body[:stop] if stop is not None else body
    header_texts = [_row_texts(grid, r) for r in header]
    body = [r for r in body if _row_texts(grid, r) not in header_texts and not _is_unit_row(grid, r)
            and not _is_column_numbers(grid, r, r == (body[0] if body else None))]
    if not header and not body:
        return []
    cols = sorted({c for r in [*header, *body] for c in grid.row(r)}
                  | {c for r1, c1, r2, c2 in grid.merged if r1 in header for c in range(c1, c2 + 1)})
    if not cols:
        return []
    first, last = cols[0], cols[-1]
    sheet = grid.sheet
    title = block.title
    base = Table(0, title, unit=block.unit or "万元", scope=scope_of(title), sheet=sheet, source_col=first)
    if not header:
        base.problem = "找不到表头（标题下第一行已是数字），无法确定各栏含义"
        base.rows = [Row(i + 1, "", figures={c - first + 1: figure_of(grid.get(r, c)) for c in grid.row(r)},
                         source_row=r) for i, r in enumerate(body)]
        return [base]
    paths = _paths(grid, header, first, last)
    layout = _layout(grid, body, paths)
    units = {col: _unit_in_header(paths[col]) for col in layout.figures}
    if block.unit is None:
        base.unit = next((u for u in units.values() if u in WANYUAN_PER), "万元")
    parts = _parts(layout)
    tables = []
    for label_col, figure_cols in parts:
        table = Table(0, title, unit=base.unit, scope=base.scope, sheet=sheet, source_col=first)
        if len(parts) > 1 and label_col is not None:
            table.part = _part_name(paths[label_col], [text_of(c.value) for c in _body_cells(grid, body, label_col)])
        code_cols = [c for c in layout.codes if _belongs(c, label_col, parts)]
        table.columns = [Column(c - first + 1, paths[c], units[c] or _rate_unit(grid, body, c, paths[c]))
                         for c in figure_cols]
        for position, r in enumerate(body, start=1):  # the printed rows in order: a page break's gap is no row
            label_cols = [] if label_col is None else [label_col, *layout.levels.get(label_col, [])]
            row = _row(grid, r, position, label_cols, code_cols, layout.codes, figure_cols, first)
            if row is not None:
                table.rows.append(row)
        carried = _carried_codes(grid, body, code_cols, layout.codes)
        if isinstance(carried, str):
            table.problem = carried
        elif carried:
            table.rows = [replace(row, code=carried.get(row.source_row, row.code)) for row in table.rows]
        table.problem = table.problem or _problem(table, grid, body, figure_cols, first, paths)
        tables.append(table)
    if not body:
        for table in tables:
            table.problem = table.problem or "表中没有数据行"
    return tables


def _stops(grid: Grid, row: int) -> bool:
    cells = grid.row(row)
    return aliases.normal(cells[min(cells)].value).startswith(_STOP_WORDS) if cells else False


def _row_texts(grid: Grid, row: int) -> tuple[str, ...]:
    return tuple(text_of(c.value) for _c, c in sorted(grid.row(row).items()))


def _is_column_numbers(grid: Grid, row: int, first_row: bool) -> bool:
    """A 栏次 row (``栏次 | 1 | 2 | 3``, or the bare numbers 1 2 3 … first under the header): not figures."""
    cells = grid.row(row)
    first = aliases.normal(cells[min(cells)].value) if cells else ""
    if first in aliases.IGNORED_HEADERS:
        return True
    texts = [text_of(c.value) for _col, c in sorted(cells.items())]
    return first_row and len(texts) >= 3 and texts == [str(i) for i in range(1, len(texts) + 1)]


def _parts(layout: _Layout) -> list[tuple[int | None, list[int]]]:
    """The label column of each side-by-side part and its figure columns (one part without a label column)."""
    if not layout.labels:
        return [(None, list(layout.figures))]
    parts: list[tuple[int | None, list[int]]] = []
    for i, label in enumerate(layout.labels):
        nxt = layout.labels[i + 1] if i + 1 < len(layout.labels) else None
        start = label if i else min([label, *layout.figures])
        parts.append((label, [c for c in layout.figures if c >= start and (nxt is None or c < nxt)]))
    return parts


def _belongs(code_col: int, label_col: int | None, parts: list[tuple[int | None, list[int]]]) -> bool:
    """Whether a code column belongs to the part of ``label_col``: it stands nearer to it than to any other label."""
    labels = [p[0] for p in parts if p[0] is not None]
    if not labels:
        return True
    nearest = min(labels, key=lambda c: (abs(c - code_col), c < code_col))
    return nearest == label_col


def _part_name(path: tuple[str, ...], labels: list[str]) -> str:
    """收入 / 支出 / 支出用途 from the header over a label column, else from its labels (收入合计 … 支出合计)."""
    texts = [aliases.normal(t) for t in path]
    if any("用途" in t for t in texts):
        return "支出用途"
    if any("功能" in t for t in texts):
        return "支出"
    for word in ("收入", "支出"):
        if any(t.startswith(word) for t in texts):
            return word
    income = sum("收入" in t for t in labels)
    spending = sum("支出" in t for t in labels)
    if income != spending:
        return "收入" if income > spending else "支出"
    return texts[-1] if texts else ""


def _rate_unit(grid: Grid, body: list[int], col: int, path: tuple[str, ...]) -> str | None:
    """``%`` for a rate column: its figures printed with %, or a header naming a rate."""
    cells = _body_cells(grid, body, col)
    if cells and any(_is_percent(c) for c in cells):
        return "%"
    leaf = aliases.normal(path[-1]) if path else ""
    return "%" if leaf and leaf.endswith(tuple(aliases.normal(h) for h in _RATE_HEADERS)) else None


def _row(grid: Grid, row: int, index: int, label_cols: list[int], code_cols: list[int], widths: dict[int, int],
         figure_cols: list[int], first: int) -> Row | None:
    texts = [text_of(cell.value) for col in label_cols if (cell := grid.get(row, col)) is not None]
    label = next((t for t in reversed(texts) if t), "")  # of labels in levels, the innermost printed
    code = ""
    for col in code_cols:
        cell = grid.get(row, col)
        text = _code_text(cell, widths[col])
        if text.isdigit():
            code += text
        elif cell is not None and not label:  # 合计 merged over the code columns
            label = text_of(cell.value)
    if not code and (match := _CODE_IN_LABEL.match(label)):
        code = match.group(1)
    figures = {c - first + 1: figure_of(grid.get(row, c)) for c in figure_cols}
    if not label and not code and all(f.value is None and not f.text for f in figures.values()):
        return None
    return Row(index, label, code, figures, source_row=row)


def _carried_codes(grid: Grid, body: list[int], code_cols: list[int], widths: dict[int, int]) -> dict[int, str] | str:
    """Codes over 类 | 款 | 项 columns where a row prints only its own level's part (类 ``213``, then 款 ``01``
    under it, then 项 ``01``): the full code (``21301``, ``2130101``) carried down from the 类 and 款 above, by
    grid row. Empty when the codes are not split so (or a column holds more than its level's digits); a problem
    (Chinese) when a row's part has no 类 or 款 above it to go under, or its parts skip a level — the codes are
    then not certain."""
    levels = sorted(code_cols)
    if [widths[c] for c in levels] not in ([3, 2], [3, 2, 2]):
        return {}
    carried: dict[int, str] = {}
    above: list[str | None] = [None] * len(levels)
    for r in body:
        parts = [_code_text(grid.get(r, c), widths[c]) for c in levels]
        if any(p and not (p.isdigit() and len(p) == widths[c]) for p, c in zip(parts, levels, strict=True)):
            if any(p.isdigit() for p in parts):
                return {}  # not each level's own part (a whole code under 款): read as printed
            continue  # 合计 merged over the code columns
        printed = [i for i, p in enumerate(parts) if p]
        if not printed:
            continue
        start, deepest = printed[0], printed[-1]
        if printed != list(range(start, deepest + 1)):
            shown = "|".join(p or "空" for p in parts)
            return f"科目编码分列（类/款/项）中有一行跳过了一级（{shown}），无法确定完整编码"
        if any(above[i] is None for i in range(start)):
            return (f"科目编码分列（类/款/项）中“{parts[start]}”只印了本级编码，其上没有可承接的"
                    f"{'类' if above[0] is None else '款'}编码，无法确定完整编码")
        for i in range(start, len(levels)):
            above[i] = parts[i] if i <= deepest else None
        if start > 0:
            carried[r] = "".join(p for p in above[:deepest + 1] if p is not None)
    return carried


def _problem(table: Table, grid: Grid, body: list[int], figure_cols: list[int], first: int,
             paths: dict[int, tuple[str, ...]]) -> str | None:
    if not table.columns:
        return "表中没有数字栏目"
    unnamed = [c for c in figure_cols if not paths[c] and _body_cells(grid, body, c)]
    if unnamed:
        return f"第{unnamed[0] - first + 1}列有数字但表头中没有栏目名称，无法确定其含义"
    names = [c.name for c in table.columns]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        return f"栏目名称重复：{'、'.join(twice)}，无法区分各栏"
    return None
