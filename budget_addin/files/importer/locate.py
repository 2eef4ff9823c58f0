"""Find the standard tables in a grid: title, unit line, one- or two-level header, data rows.

A sheet may hold one table or several stacked below each other; each starts at its title
(部门收支总表, 一般公共预算支出表 …, in the schema or in :mod:`aliases`): the most specific name
in it, a kind word (三公, 政府采购, 决算 …) over generic ones, in the scope its words name (部门,
财政拨款, 一般公共预算 …); a title of two kinds or of another scope than its table's is refused with
the reason. A sheet without a title in its cells may be named for the table. The header is the block of text rows
under the title and unit line; a merged header cell stands over every column it spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from budget_addin.core.numbers import NumberError, parse_figure
from budget_addin.core.schema import TABLES, TABLES_BY_KEY
from budget_addin.files.importer import aliases
from budget_addin.files.importer.sources import Cell, Grid

MAX_HEADER_ROWS = 3
WANYUAN_PER = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}
FREE_FORM = ("project_goals",)  # tables laid out as a form of labelled cells, not under one header
_STOP_WORDS = ("注", "备注", "说明:", "填报说明")


@dataclass
class HeaderColumn:
    """A source column: its index, its header texts top-down (unit and year taken off) and its unit."""

    col: int
    path: tuple[str, ...]
    years: tuple[int | None, ...] = ()
    unit: str | None = None  # "元"/"万元"/"%" when the header names one

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass
class SourceRow:
    """A data row of a found table: every non-empty cell by column."""

    row: int
    cells: dict[int, Cell]


@dataclass
class FoundTable:
    """A standard table found in a grid."""

    key: str
    grid: Grid
    title: str
    title_row: int
    unit: str = "万元"
    unit_stated: bool = False
    columns: list[HeaderColumn] = field(default_factory=list)
    rows: list[SourceRow] = field(default_factory=list)
    problem: str | None = None  # why the table could not be read
    department: tuple[str, str] | None = None  # the department its unit line names, and where
    header_row: int = 0  # the first row of its header

    @property
    def name(self) -> str:
        return TABLES_BY_KEY[self.key].title if self.key else self.title

    @property
    def where(self) -> str:
        return f"{self.grid.file} › {self.grid.sheet}" if self.grid.sheet else self.grid.file


@cache
def _titles() -> list[tuple[str, str]]:
    """(normalised title, table key), longest first, so 财政拨款收支总表 wins over 收支总表."""
    pairs = [(aliases.normal(name), "") for name in aliases.UNSUPPORTED_TITLES]
    for key in aliases.TITLE_SYNONYMS:
        pairs.extend((name, key) for name in aliases.title_names(key, TABLES_BY_KEY[key].title))
    return sorted(set(pairs), key=lambda p: (-len(p[0]), p[0]))


@cache
def known_headers() -> frozenset[str]:
    """Every header text the import understands (columns, label headers, row labels of forms)."""
    names: set[str] = set(aliases.LABEL_HEADERS) | set(aliases.CODE_PART_HEADERS)
    for table in TABLES:
        for column in table.columns:
            for header in column.headers:
                names |= aliases.column_names(header)
        for row in table.rows:
            names |= aliases.row_names(row.label)
    return frozenset(names)


@dataclass(frozen=True)
class TitleMatch:
    """The table a title names: its key (``""``: none of the template's) and why it is not read, if so."""

    key: str
    problem: str | None = None


def _hits(value: str) -> list[str]:
    """The keys of the titles named in ``value``, a name inside a longer one named there left out
    (财政拨款收支总表 holds 收支总表; 项目支出预算表 holds 支出预算表)."""
    spans: list[tuple[int, int, str]] = []
    for name, key in _titles():
        start = value.find(name)
        while start >= 0:
            spans.append((start, start + len(name), key))
            start = value.find(name, start + 1)
    return [key for start, end, key in spans
            if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _k in spans)]


def match_title(text: object) -> TitleMatch | None:
    """The table a title names, or None for no title.

    A kind word (三公, 政府采购 …) decides over the generic words around it; a title naming tables of
    two kinds, or a scope (一般公共预算, 财政拨款 …) other than its table's, is refused with the reason.
    """
    raw = str(text or "")
    if len(raw) > 80 or not ("表" in raw or "预算" in raw):
        return None
    value = aliases.normal(raw)
    if not value or len(value) > 60 or value.startswith(_STOP_WORDS):
        return None
    hits = _hits(value)
    kinds = [(word, key) for word, key in aliases.TITLE_KINDS if word in value]
    if not hits and (not kinds or not _TITLE_END.search(value)):  # “三公”经费预算 10 万元。 is no title
        return None
    if len(kinds) > 1:
        return TitleMatch("", f"标题同时指{'、'.join(w for w, _k in kinds)}等不同的表，未自动判断")
    scope = aliases.title_scope(value)
    if kinds:
        word, key = kinds[0]
        key = key if key is not None else aliases.kind_key(word, scope)
        if key == "" and word in aliases.KIND_PROBLEMS:
            return TitleMatch("", aliases.KIND_PROBLEMS[word])
        if key is None:  # decided by the full names that hold the word (项目支出绩效目标表, 部门整体绩效目标表)
            named = {k for k in hits if any(word in n and k == nk for n, nk in _titles())}
            if len(named) != 1:
                return TitleMatch("", f"标题中的“{word}”表无法确定对应模板中的哪张表")
            key = named.pop()
    else:
        if len(set(hits)) > 1:
            names = "、".join(dict.fromkeys(TABLES_BY_KEY[k].title if k else "模板中没有的表" for k in hits))
            return TitleMatch("", f"标题同时指{names}，未自动判断")
        key = hits[0]
    scopes = aliases.TABLE_SCOPES.get(key)
    if key and scopes and scope not in scopes:
        table = TABLES_BY_KEY[key]
        return TitleMatch("", f"这是{scope}口径的表，模板的{table.sheet}是{scopes[0]}口径（数字不同），未放入")
    return TitleMatch(key)


def title_key(text: object) -> str | None:
    """The table a title names (``2021年××局部门收支总表`` → ``summary_table``), or None.

    ``""`` for a table the template has no sheet for (项目支出预算表 …) or a title it refuses.
    """
    match = match_title(text)
    return match.key if match else None


def find_tables(grid: Grid) -> list[FoundTable]:
    """Every standard table in the grid, in order."""
    starts: list[tuple[int, TitleMatch, str]] = []
    for (row, _col), cell in sorted(grid.cells.items()):
        if isinstance(cell.value, str) and (match := match_title(cell.value)) is not None \
                and (not starts or starts[-1][0] != row):
            starts.append((row, match, cell.value.strip()))
    name = grid.sheet or Path(grid.file).stem  # a .csv has no sheet: its file may be named for the table
    if not starts and (match := match_title(name)) is not None:
        starts.append((0, match, name))
    found = []
    for index, (row, match, title) in enumerate(starts):
        end = starts[index + 1][0] - 1 if index + 1 < len(starts) else grid.max_row
        found.append(_read_block(grid, match, title, row, end))
    return found


def _row_cells(grid: Grid, row: int) -> dict[int, Cell]:
    return grid.row(row)


def _is_unit_line(cells: dict[int, Cell]) -> bool:
    texts = [aliases.normal(c.value) for c in cells.values() if isinstance(c.value, str)]
    return bool(texts) and all(("单位" in t or "部门" in t or "编制" in t or "年度" in t) for t in texts)


# Not 编制单位:元氏县…, but 单位:元 followed by the next field of the line (单位：元　编制单位：样例局).
_UNIT_LINE = re.compile(r"单位:(?:人民币)?(亿元|万元|千元|元)(?![\u4e00-\u9fff])"
                        r"|单位:(?:人民币)?(亿元|万元|千元|元)(?=(?:编制|填报|预算)?单位|部门)")
_DEPARTMENT_LINE = re.compile(r"^(?:部门|部门名称|编制单位|单位名称|预算单位|填报单位)(?:\(盖章\))?:(.+)$")
_TITLE_YEAR = re.compile(r"(20\d\d)年")
_TITLE_END = re.compile(r"表(?:\([^()]*\))?$")  # 三公经费、会议费、培训费支出预算表（单位：万元）


def unit_of(text: str) -> str | None:
    """The unit a unit line states (``单位：万元`` → ``万元``; ``编制单位：元氏县…`` → None)."""
    match = _UNIT_LINE.search(aliases.normal(text))
    return (match.group(1) or match.group(2)) if match else None


def department_of(text: str) -> str | None:
    """The department a unit line names (``编制单位：样例局`` → ``样例局``)."""
    value = aliases.normal(text)
    value = _UNIT_LINE.sub("", value)
    match = _DEPARTMENT_LINE.match(value)
    return match.group(1) if match else None


def year_of(title: str) -> str | None:
    """The year a title names (``2021年样例局部门收支总表`` → ``2021``)."""
    match = _TITLE_YEAR.search(aliases.normal(title))
    return match.group(1) if match else None


def _read_block(grid: Grid, match: TitleMatch, title: str, title_row: int, end: int) -> FoundTable:
    key = match.key
    table = FoundTable(key, grid, title, title_row)
    if not key:
        table.problem = match.problem or "模板中没有这张表"
        table.rows = [SourceRow(r, dict(grid.row(r))) for r in range(title_row + 1, end + 1) if grid.row(r)]
        return table
    known = known_headers()
    row = title_row + 1
    while row <= end:
        cells = _row_cells(grid, row)
        if cells and _is_unit_line(cells):
            for col, cell in cells.items():
                unit = unit_of(str(cell.value))
                if unit:
                    table.unit, table.unit_stated = unit, True
                name = department_of(str(cell.value))
                if name:
                    table.department = (name, grid.where(row, col))
        elif cells:
            break
        row += 1
    if key in FREE_FORM:  # label cells and their text, read by the table's own placer
        table.rows = [SourceRow(r, dict(grid.row(r))) for r in range(row, end + 1) if grid.row(r)]
        return table
    header_rows: list[int] = []
    while row <= end and len(header_rows) < MAX_HEADER_ROWS:
        cells = _row_cells(grid, row)
        if not cells:
            row += 1
            continue
        if any(is_figure(c) for c in cells.values()):
            break
        texts = {aliases.header_text(c.value)[0] for c in cells.values()}
        if not texts & known and not _continues_merge(grid, header_rows, row):
            break
        header_rows.append(row)
        row += 1
    if not header_rows:
        table.problem = "表头中没有可识别的栏目（如 项目、本年预算数、合计）"
        table.rows = [SourceRow(r, dict(grid.row(r))) for r in range(row, end + 1) if grid.row(r)]
        return table
    table.columns = _columns(grid, header_rows)
    table.header_row = header_rows[0]
    for unit in (c.unit for c in table.columns if c.unit in WANYUAN_PER):
        if not table.unit_stated:
            table.unit, table.unit_stated = unit, True
    for r in range(header_rows[-1] + 1, end + 1):
        cells = _row_cells(grid, r)
        if not cells:
            continue
        first = aliases.normal(cells[min(cells)].value)
        if first.startswith(_STOP_WORDS):
            break
        if first == "栏次":
            continue
        table.rows.append(SourceRow(r, cells))
    return table


def is_figure(cell: Cell) -> bool:
    """A cell holding a number (stored, or typed as text: ``1,234.50``, ``5%``), or a formula without its result."""
    if isinstance(cell.value, Decimal) or cell.formula:
        return True
    try:
        return parse_figure(cell.value) is not None
    except NumberError:
        return False


def _continues_merge(grid: Grid, header_rows: list[int], row: int) -> bool:
    """True when a header cell above spans down into this row (the lower level of a two-level header)."""
    return bool(header_rows) and any(r1 <= header_rows[-1] and r2 >= row for r1, _c1, r2, _c2 in grid.merged)


def _columns(grid: Grid, header_rows: list[int]) -> list[HeaderColumn]:
    last = max((c for (r, c) in grid.cells if r in header_rows), default=0)
    last = max([last, *(c2 for r1, _c1, _r2, c2 in grid.merged if r1 in header_rows)])
    columns = []
    for col in range(1, last + 1):
        path: list[str] = []
        years: list[int | None] = []
        unit = None
        for row in header_rows:
            cell = grid.shown(row, col)
            if cell is None or not isinstance(cell.value, str):
                continue
            text, year = aliases.header_text(cell.value)
            unit = aliases.header_unit(cell.value) or unit
            if text and (not path or path[-1] != text):
                path.append(text)
                years.append(year)
        if path:
            columns.append(HeaderColumn(col, tuple(path), tuple(years), unit))
    return columns
