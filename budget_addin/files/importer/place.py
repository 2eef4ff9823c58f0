"""Put the figures of found tables into template cells, each with where it came from.

A form table's rows are matched by label (the schema's labels and :mod:`aliases`), its columns
by header. A label that names two template rows is not placed (the report says which two). A row
of a function class (code 201…, or a 支出 line of 收支总表 that is no template row) goes into the
class table. A figure for a cell that already holds a different figure is a conflict: the first
is kept and both are reported. Nothing is placed by position or guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from budget_addin.core.dataset import Dataset
from budget_addin.core.numbers import NumberError, decimals_of, parse_figure
from budget_addin.core.schema import TABLES_BY_KEY, Column, Row, Table
from budget_addin.files.importer import aliases
from budget_addin.files.importer.locate import FoundTable, HeaderColumn, SourceRow, is_figure, known_headers
from budget_addin.files.importer.sources import Cell

CellKey = tuple[str, str | int, str]
# A form table's columns that have no place in it go to the totals-level table with the same rows.
COMPANIONS = {"summary_table": "income_expenditure", "fiscal_table": "income_expenditure",
              "gp_three_public_table": "three_public"}
# Rows of function classes found in a form table: the class table that takes each column's figure
# (keyed by the form's amount column, or by the fund column of 部门收入总表 the header names).
CLASS_ROWS = {"summary_table": {"amount": "expenditure_table"},
              "fiscal_table": {"gp": "gp_expenditure_table", "fund": "gov_fund_table", "soe": "soe_table"}}
CLASS_TABLES = ("income_table", "expenditure_table", "gp_expenditure_table", "gp_basic_table", "gov_fund_table",
                "soe_table")
_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?!\d)[\s　.、:：]*(.*)$")
_PRIOR_WORDS = ("上年", "上年度")
_CHANGE_AMOUNT = frozenset({"金额", "增减额", "数额", "增减金额"})
_CHANGE_RATE = frozenset({"%", "百分比", "比例", "幅度", "增减率", "增长率", "增减幅度"})


@dataclass
class TableReport:
    """What became of one found table."""

    name: str
    where: str
    rows_read: int = 0
    figures: int = 0
    placed: int = 0
    not_placed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Unplaced:
    """A figure (or row) that found no cell: where it is, what it says and why it was left."""

    where: str
    item: str
    value: object
    reason: str


@dataclass
class Placer:
    """The dataset being filled, the source of every figure in it, and what could not be placed."""

    data: Dataset
    sources: dict[CellKey, str] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)
    conflicts: list[Unplaced] = field(default_factory=list)
    reports: list[TableReport] = field(default_factory=list)
    _class_index: dict[str, tuple[dict[str, int], dict[str, list[int]]]] = field(default_factory=dict)

    # -- cells -----------------------------------------------------------------------------

    def put(self, report: TableReport, table: str, row: str | int, col: str, value: object, where: str,
            item: str, figure: bool = True) -> None:
        """Place one value; an equal value confirms, a different one is a conflict (kept out, reported).

        ``figure``: counted among the report's placed figures (a name or catalogue text is not).
        """
        store = self.data.setdefault(table, {})
        record = store.setdefault(row, {}) if isinstance(store, dict) else store[row]
        old = record.get(col)
        if table == "department" and old is not None and (table, row, col) not in self.sources:
            if not _same(old, value):  # given on the command line: the argument stands
                report.notes.append(f"{where} 写“{shown_value(value)}”，按命令行参数“{shown_value(old)}”")
            return
        if old is None:
            record[col] = value
            self.sources[(table, row, col)] = where
            report.placed += figure
            return
        if _same(old, value):
            report.placed += figure
            return
        spec = TABLES_BY_KEY[table]
        reason = (f"与 {self.sources.get((table, row, col), '已有数值')} 所列 {shown_value(old)} 不同，保留前者"
                  f"（{spec.sheet}·{item}·{spec.column(col).label}）")
        self.conflicts.append(Unplaced(where, item, value, reason))
        report.conflicts.append(f"{where} {item} {shown_value(value)}：{reason}")

    def leave(self, report: TableReport, where: str, item: str, value: object, reason: str) -> None:
        self.unplaced.append(Unplaced(where, item, value, reason))
        report.not_placed.append(f"{where} {item}" + (f" {shown_value(value)}" if value is not None else "") + f"：{reason}")

    def class_row(self, table: str, code: str | None, name: str) -> int | None:
        """The index of a function-/economic-class row, appended when new; None when the name is not unique.

        A row is found by its code; a row stated without a code (收支总表 lists 类 by name) by its
        name, and a coded row later joins the uncoded row of the same name.
        """
        records = self.data.setdefault(table, [])
        by_code, by_name = self._class_index.setdefault(table, ({}, {}))
        key = aliases.normal(name)
        if code and f"#{code}" in by_code:
            index = by_code[f"#{code}"]
        else:
            named = by_name.get(key, []) if key else []
            uncoded = [i for i in named if not records[i].get("code")]
            if code and len(uncoded) == 1:
                index = uncoded[0]
            elif not code and len(named) == 1:
                index = named[0]
            elif not code and len(named) > 1:
                return None
            else:
                records.append({"name": name} if name else {})
                index = len(records) - 1
                if key:
                    by_name.setdefault(key, []).append(index)
        record = records[index]
        if code and not record.get("code"):
            record["code"] = code
            by_code[f"#{code}"] = index
        if name and not record.get("name"):
            record["name"] = name
        return index

    # -- tables ----------------------------------------------------------------------------

    def report_for(self, found: FoundTable) -> TableReport:
        """A new report entry for a found table."""
        report = TableReport(found.name, f"{found.where}（第 {found.title_row} 行起）" if found.title_row else found.where)
        self.reports.append(report)
        return report

    def place(self, found: FoundTable) -> TableReport:
        """Place every figure of a found table."""
        report = self.report_for(found)
        if found.problem:
            report.figures = sum(1 for r in found.rows for c in r.cells.values() if is_figure(c))
            if report.figures:
                self.leave(report, found.where, found.title, None, f"{found.problem}，其中 {report.figures} 个数字未读取")
            else:  # an empty table (本部门无此项预算) or a table of contents naming the tables
                report.notes.append("没有数字（空表或目录中的表名）")
            return report
        report.rows_read = len(found.rows)
        if not found.unit_stated:
            report.notes.append("未见单位行，按万元读取")
        table = TABLES_BY_KEY[found.key]
        if table.is_form:
            _place_form(self, found, table, report)
        else:
            _place_list(self, found, table, report)
        return report


def _same(a: object, b: object) -> bool:
    """Two statements of one figure agree: equal, or equal at the precision of the coarser one
    (1234.5678 from a table in 元 and 1234.57 from one in 万元)."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        if a == b:
            return True
        coarse = min(decimals_of(a), decimals_of(b))
        return coarse < max(decimals_of(a), decimals_of(b)) and abs(a - b) <= Decimal(5).scaleb(-coarse - 1)
    return str(a).strip() == str(b).strip()


def shown_value(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.normalize() else f"{value:f}"
    return str(value)


def split_code(text: str) -> tuple[str | None, str]:
    """A leading class code and the name after it (``2010101 行政运行`` → (``2010101``, ``行政运行``))."""
    match = _CODE.match(aliases.normal(text))
    if match and match.group(2):
        return match.group(1), text.strip()[len(match.group(1)):].strip(" 　.、:：")
    return None, text.strip()


def cell_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell.value, Decimal):
        return f"{cell.value:f}" if cell.value != cell.value.to_integral_value() else str(int(cell.value))
    return str(cell.value).strip()


def convert(cell: Cell, column: Column, unit: str, header_unit: str | None) -> object:
    """A source cell as the template holds it in ``column`` (amounts in 万元, rates as fractions)."""
    if not column.numeric:
        return cell_text(cell)
    if isinstance(cell.value, Decimal):
        value, typed_unit, percent = cell.value, "", cell.percent
    else:
        figure = parse_figure(cell.value)
        if figure is None:
            return None
        value, typed_unit, percent = figure.value, figure.unit, figure.unit == "%"
    if column.fmt == "percent":
        return value if percent and isinstance(cell.value, Decimal) else value.scaleb(-2)
    if column.fmt == "amount" and (typed_unit or header_unit or unit) == "元":
        return value / 10000
    return value


# -- roles of source columns --------------------------------------------------------------------

@dataclass(frozen=True)
class Role:
    """What a source column holds: ``label``, ``code``, ``code_part``, or a template cell column."""

    kind: str
    table: str = ""
    col: str = ""


def _is_prior(column: HeaderColumn, max_year: int | None) -> bool:
    if any(p.startswith(_PRIOR_WORDS) and not p.startswith(("上年结转", "上年结余")) for p in column.path):
        return True
    years = [y for y in column.years if y is not None]
    return bool(years and max_year is not None and max(years) < max_year)


def _match_column(table: Table, names: tuple[str, ...]) -> Column | None:
    for name in names:
        for column in table.columns:
            if column.kind == "computed":
                continue
            if any(name in aliases.column_names(h) for h in column.headers):
                return column
    return None


def column_role(table: Table, column: HeaderColumn, max_year: int | None) -> Role | None:
    """The role of a source column in ``table`` (None: no place in the template)."""
    leaf, path = column.leaf, column.path
    if leaf in aliases.CODE_PART_HEADERS and not table.is_form:
        return Role("code_part")
    if not table.is_form and any(leaf in aliases.column_names(c.label) for c in table.columns if c.key == "code"):
        return Role("code")
    if table.is_form and (leaf in aliases.LABEL_HEADERS or leaf.endswith("项目")):
        return Role("label")
    if table.is_form and leaf in aliases.column_names("科目编码"):
        return Role("code")
    targets = [table] + ([TABLES_BY_KEY[COMPANIONS[table.key]]] if table.key in COMPANIONS else [])
    change = any(p in aliases.column_names("增减额（所列）") for p in path[:-1])
    if change and leaf in _CHANGE_AMOUNT:
        names: tuple[str, ...] = ("增减额",)
    elif change and leaf in _CHANGE_RATE:
        names = ("增减率",)
    elif _is_prior(column, max_year) and (len(path) == 1 or leaf in aliases.column_names("合计")
                                          or not table.is_form):
        names = ("上年数",) if table.is_form or len(path) == 1 else ()
    elif len(path) > 1 and leaf in aliases.GENERIC_HEADERS:  # 基本支出/小计 is 基本支出; 本年预算数/合计 is 合计
        names = (path[-2], leaf)
    else:
        names = (leaf,)
    for target in targets:
        found = _match_column(target, names)
        if found is not None:
            return Role("cell", target.key, found.key)
    if leaf in aliases.IGNORED_HEADERS:
        return Role("skip")
    return None


def _max_year(columns: list[HeaderColumn]) -> int | None:
    years = [y for c in columns for y in c.years if y is not None]
    return max(years) if len(set(years)) > 1 else None


def _header_name(column: HeaderColumn) -> str:
    return "/".join(column.path)


# -- forms --------------------------------------------------------------------------------------

@dataclass
class _Segment:
    side: str | None
    label_col: int | None = None
    code_col: int | None = None
    values: list[tuple[HeaderColumn, Role | None]] = field(default_factory=list)


def _segments(found: FoundTable, table: Table) -> list[_Segment]:
    max_year = _max_year(found.columns)
    segments: list[_Segment] = []
    for column in found.columns:
        role = column_role(table, column, max_year)
        kind = role.kind if role else "value"
        if kind in ("label", "code"):
            current = segments[-1] if segments else None
            if current is None or current.values or (kind == "label" and current.label_col is not None) \
                    or (kind == "code" and current.code_col is not None):
                current = _Segment(_side(column))
                segments.append(current)
            if kind == "label":
                current.label_col = column.col
                current.side = current.side or _side(column)
            else:
                current.code_col = column.col
            continue
        if kind == "skip":
            continue
        if not segments:
            segments.append(_Segment(None))
        segments[-1].values.append((column, role if role and role.kind == "cell" else None))
    if len(segments) == 2 and table.key in ("summary_table", "fiscal_table"):
        segments[0].side = segments[0].side or "收入"
        segments[1].side = segments[1].side or "支出"
    return segments


def _side(column: HeaderColumn) -> str | None:
    for text in column.path:
        if text.startswith("收入"):
            return "收入"
        if text.startswith("支出"):
            return "支出"
    return None


def _row_for(table: Table, label: str, side: str | None) -> tuple[list[Row], str]:
    bare = aliases.bare_label(label)
    if bare in ("合计", "总计") and side:
        bare = side + bare
    elif bare in ("合计", "总计"):  # 合计 of which side? every row it could close is a candidate
        return [r for r in table.rows if aliases.bare_label(r.label).endswith(bare)], bare
    return [r for r in table.rows if bare in aliases.row_names(r.label)], bare


def _transposed(found: FoundTable, table: Table) -> bool:
    hits = 0
    for column in found.columns:
        if _rows_by_header(table, column):
            hits += 1
    return hits >= 2


def _rows_by_header(table: Table, column: HeaderColumn) -> list[Row]:
    names = [column.leaf]
    if column.leaf in ("小计", "合计") and len(column.path) > 1:
        names.insert(0, column.path[-2])
    for name in names:
        rows = [r for r in table.rows if aliases.bare_label(name) in aliases.row_names(r.label)]
        if rows:
            return rows
    return []


def _place_form(placer: Placer, found: FoundTable, table: Table, report: TableReport) -> None:
    if _transposed(found, table):
        _place_transposed(placer, found, table, report)
        return
    for segment in _segments(found, table):
        for source_row in found.rows:
            _place_form_row(placer, found, table, segment, source_row, report)


def _place_form_row(placer: Placer, found: FoundTable, table: Table, segment: _Segment, source_row: SourceRow,
                    report: TableReport) -> None:
    grid = found.grid
    label_col = segment.label_col or (min(source_row.cells) if source_row.cells else 1)
    label = cell_text(grid.shown(source_row.row, label_col))
    code = cell_text(source_row.cells.get(segment.code_col)) if segment.code_col else None
    if not code:
        code, label = split_code(label)
    figures = [(column, role, source_row.cells[column.col]) for column, role in segment.values
               if column.col in source_row.cells and is_figure(source_row.cells[column.col])]
    if not figures:
        return
    report.figures += len(figures)
    if not label:
        for column, _role, cell in figures:
            placer.leave(report, grid.where(source_row.row, column.col), "（无行名）", cell.value, "这一行没有项目名称")
        return
    rows, bare = _row_for(table, label, segment.side)
    if not rows and not code and table.key == "fiscal_table" and bare in aliases.row_names("本年支出合计"):
        _place_fiscal_split(placer, found, table, label, figures, source_row.row, report)
        return
    # a 支出 line that is no row of any template table is a function class (一、一般公共服务支出)
    is_class = bool(code) or (not rows and segment.side == "支出" and bare.endswith("支出") and table.key in CLASS_ROWS
                              and bare not in known_headers())
    if is_class and table.key in CLASS_ROWS and segment.side != "收入":
        _place_class_row(placer, found, table, code, label, figures, source_row.row, report)
        return
    if not rows:
        reason = f"“{label}”不是模板{table.sheet}中的行" + ("（功能分类科目行请放入对应的功能分类表）" if code else "")
        for column, _role, cell in figures:
            placer.leave(report, grid.where(source_row.row, column.col), label, cell.value, reason)
        return
    if len(rows) > 1:
        reason = f"“{label}”可对应模板中的多行（{'、'.join(r.label for r in rows)}），未自动判断"
        for column, _role, cell in figures:
            placer.leave(report, grid.where(source_row.row, column.col), label, cell.value, reason)
        return
    row = rows[0]
    companion_used = False
    for column, role, cell in figures:
        where = grid.where(source_row.row, column.col)
        if role is None:
            placer.leave(report, where, label, cell.value, f"栏目“{_header_name(column)}”在模板中没有对应列")
            continue
        target = TABLES_BY_KEY[role.table]
        if not any(r.key == row.key for r in target.rows):
            placer.leave(report, where, label, cell.value, f"模板{target.sheet}中没有“{row.label}”行的“{_header_name(column)}”")
            continue
        value = _convert(placer, report, where, label, cell, target.column(role.col), found, column)
        if value is None:
            continue
        companion_used = companion_used or role.table != table.key
        placer.put(report, role.table, row.key, role.col, value, where, row.label)
    if companion_used:  # the companion row gets this year's figure too, so its change can be checked
        companion = COMPANIONS[table.key]
        for column, role, cell in figures:
            if role is not None and role.table == table.key and role.col == "amount":
                where = grid.where(source_row.row, column.col)
                value = _convert(placer, report, where, label, cell, table.column("amount"), found, column)
                if value is not None:
                    placer.put(TableReport("", ""), companion, row.key, "amount", value, where, row.label)


def _fund_of(column: HeaderColumn) -> str | None:
    """The fund column (gp/fund/soe) of 部门收入总表 a header names, if any."""
    income = TABLES_BY_KEY["income_table"]
    for key in ("gp", "fund", "soe"):
        if column.leaf in aliases.column_names(income.column(key).label):
            return key
    return None


def _place_class_row(placer: Placer, found: FoundTable, table: Table, code: str | None, label: str,
                     figures: list[tuple[HeaderColumn, Role | None, Cell]], row: int, report: TableReport) -> None:
    """A function-class line of a form table: each column's figure into its class table.

    A 合计 column beside fund columns has no class table of its own: it is checked against the sum
    of the fund columns of the line and counted when they agree, listed as not placed when not.
    """
    grid = found.grid
    targets = CLASS_ROWS[table.key]
    name = label if code else aliases.bare_label(label)
    parts: list[Decimal] = []
    totals: list[tuple[str, Cell, Decimal]] = []
    for column, role, cell in figures:
        where = grid.where(row, column.col)
        key = role.col if role is not None and "amount" in targets else (_fund_of(column) or (role.col if role else None))
        if key == "amount" and "amount" not in targets:
            value = _convert(placer, report, where, label, cell, table.column("amount"), found, column)
            if isinstance(value, Decimal):
                totals.append((where, cell, value))
            continue
        target = targets.get(key or "")
        if target is None:
            placer.leave(report, where, label, cell.value, f"栏目“{_header_name(column)}”没有对应的功能分类表")
            continue
        value = _convert(placer, report, where, label, cell, TABLES_BY_KEY[target].column("total"), found, column)
        if value is None:
            continue
        if isinstance(value, Decimal):
            parts.append(value)
        index = placer.class_row(target, code, name)
        if index is None:
            placer.leave(report, where, label, cell.value, f"{TABLES_BY_KEY[target].sheet}中有多行叫“{name}”，没有编码无法判断")
        else:
            placer.put(report, target, index, "total", value, where, label)
    _check_totals(placer, report, label, parts, totals)


# 财政拨款收支总表: the fund columns of its 本年支出合计 line are the template's expenditure rows.
FISCAL_SPLIT = {"gp": "gp_expenditure", "fund": "fund_expenditure", "soe": "soe_expenditure"}


def _place_fiscal_split(placer: Placer, found: FoundTable, table: Table, label: str,
                        figures: list[tuple[HeaderColumn, Role | None, Cell]], row: int, report: TableReport) -> None:
    parts: list[Decimal] = []
    totals: list[tuple[str, Cell, Decimal]] = []
    for column, role, cell in figures:
        where = found.grid.where(row, column.col)
        key = _fund_of(column)
        value = _convert(placer, report, where, label, cell, table.column("amount"), found, column)
        if not isinstance(value, Decimal):
            continue
        if key is None and role is not None and role.col == "amount":
            totals.append((where, cell, value))
        elif key is None:
            placer.leave(report, where, label, cell.value, f"“{label}”的“{_header_name(column)}”列不是模板{table.sheet}中的单元格")
        else:
            target = table.row(FISCAL_SPLIT[key])
            parts.append(value)
            placer.put(report, table.key, target.key, "amount", value, where, target.label)
    _check_totals(placer, report, label, parts, totals)


def _check_totals(placer: Placer, report: TableReport, label: str, parts: list[Decimal],
                  totals: list[tuple[str, Cell, Decimal]]) -> None:
    """A 合计 column with no cell of its own: counted when it equals the line's parts, else listed."""
    for where, cell, value in totals:
        if parts and sum(parts) == value:
            report.placed += 1
        else:
            placer.leave(report, where, label, cell.value,
                         f"合计 {shown_value(value)} 与各列之和 {shown_value(sum(parts, Decimal(0)))} 不符" if parts
                         else "合计列没有对应的功能分类表，且本行没有分列数")


def _place_transposed(placer: Placer, found: FoundTable, table: Table, report: TableReport) -> None:
    """A form laid out across (三公 tables: one column per item, one row per year)."""
    grid = found.grid
    by_col = {c.col: _rows_by_header(table, c) for c in found.columns}
    label_col = min((c.col for c in found.columns if not by_col[c.col]), default=None)
    data_rows = [r for r in found.rows if any(is_figure(c) for col, c in r.cells.items() if by_col.get(col))]
    labels = {r.row: cell_text(r.cells.get(label_col)) if label_col else "" for r in data_rows}
    headers = {row: HeaderColumn(0, (text or "本年预算数",), (year,))
               for row, (text, year) in ((row, aliases.header_text(label)) for row, label in labels.items())}
    max_year = _max_year(list(headers.values()))
    # a group header over the items (2021年预算数 | 2020年预算数, each over 合计 … 公务接待费) names the column
    group_year = _max_year([HeaderColumn(0, c.path[:1], c.years[:1]) for c in found.columns if len(c.path) > 1])
    groups = {c.col: column_role(table, HeaderColumn(0, c.path[:1], c.years[:1]), group_year) for c in found.columns
              if len(c.path) > 1 and not _rows_by_header(table, HeaderColumn(0, c.path[:1]))}
    for source_row in data_rows:
        label = labels[source_row.row]
        row_role = column_role(table, headers[source_row.row], max_year) if label else Role("cell", table.key, "amount")
        if row_role is None and len(data_rows) == 1:
            row_role = Role("cell", table.key, "amount")
        for column in found.columns:
            rows = by_col.get(column.col) or []
            cell = source_row.cells.get(column.col)
            if not rows or cell is None or not is_figure(cell):
                continue
            role = groups.get(column.col) or row_role
            report.figures += 1
            where = grid.where(source_row.row, column.col)
            item = "/".join(column.path)
            if role is None or role.kind != "cell":
                placer.leave(report, where, item, cell.value, f"行“{label}”不是模板中的栏目")
            elif len(rows) > 1:
                placer.leave(report, where, item, cell.value, f"“{item}”可对应模板中的多行，未自动判断")
            else:
                target = TABLES_BY_KEY[role.table]
                value = _convert(placer, report, where, item, cell, target.column(role.col), found, column)
                if value is not None:
                    placer.put(report, role.table, rows[0].key, role.col, value, where, rows[0].label)
    report.rows_read = len(found.rows)


def _convert(placer: Placer, report: TableReport, where: str, item: str, cell: Cell, column: Column,
             found: FoundTable, source: HeaderColumn) -> object:
    try:
        return convert(cell, column, found.unit, source.unit)
    except NumberError as exc:
        placer.leave(report, where, item, cell.value, exc.reason)
        return None


# -- lists --------------------------------------------------------------------------------------

def _place_list(placer: Placer, found: FoundTable, table: Table, report: TableReport) -> None:
    grid = found.grid
    max_year = _max_year(found.columns)
    roles = {c.col: column_role(table, c, max_year) for c in found.columns}
    parts = [c.col for c in found.columns if roles[c.col] == Role("code_part")]
    code_col = next((c for c, r in roles.items() if r == Role("code")), None)
    name_col = next((c for c, r in roles.items() if r is not None and r.kind == "cell" and r.col == "name"), None)
    is_class = table.key in CLASS_TABLES
    by_unit = not (name_col or code_col or parts) and any(c.leaf in ("单位名称", "单位编码", "单位") for c in found.columns)
    no_name = f"按预算单位列示，模板的{table.sheet}按科目列示" if by_unit else "这一行没有科目编码或名称"
    skip = {code_col, name_col, *parts, *(c for c, r in roles.items() if r == Role("skip"))}
    numeric_cols = [c for c in found.columns if c.col not in skip
                    and (roles[c.col] is None or table.column(roles[c.col].col).numeric)]
    text_cols = [c for c in found.columns if roles[c.col] is not None and roles[c.col].kind == "cell"
                 and roles[c.col].col not in ("name", "code") and not table.column(roles[c.col].col).numeric]
    for source_row in found.rows:
        cells = source_row.cells
        code = "".join(cell_text(cells.get(c)) for c in parts) if parts else cell_text(cells.get(code_col))
        name = cell_text(grid.shown(source_row.row, name_col)) if name_col else ""
        if code and not code.isdigit():  # 合计 typed in the code column
            code, name = "", name or code
        if is_class and not code and name:
            code_found, rest = split_code(name)
            if code_found:
                code, name = code_found, rest
        figures = [(c, cells[c.col]) for c in numeric_cols if c.col in cells and is_figure(cells[c.col])]
        texts = [(c, cells[c.col]) for c in text_cols if c.col in cells]
        if not figures and not texts:
            continue
        report.figures += len(figures)
        item = " ".join(p for p in (code, name) if p) or f"第 {source_row.row} 行"
        if is_class:
            if not code and not name:
                for column, cell in figures:
                    placer.leave(report, grid.where(source_row.row, column.col), item, cell.value, no_name)
                continue
            index = placer.class_row(table.key, code or None, name)
            if index is None:
                for column, cell in figures:
                    placer.leave(report, grid.where(source_row.row, column.col), item, cell.value,
                                 f"{table.sheet}中有多行叫“{name}”，没有编码无法判断")
                continue
        else:
            records = placer.data.setdefault(table.key, [])
            records.append({})
            index = len(records) - 1
            if name_col:
                placer.put(report, table.key, index, "name", name, grid.where(source_row.row, name_col), item, False)
        for column, cell in texts:
            role = roles[column.col]
            assert role is not None
            placer.put(report, table.key, index, role.col, cell_text(cell), grid.where(source_row.row, column.col), item,
                       False)
        for column, cell in figures:
            where = grid.where(source_row.row, column.col)
            role = roles[column.col]
            if role is None or role.kind != "cell":
                placer.leave(report, where, item, cell.value,
                             f"栏目“{_header_name(column)}”在模板{table.sheet}中没有对应列")
                continue
            value = _convert(placer, report, where, item, cell, table.column(role.col), found, column)
            if value is not None:
                placer.put(report, table.key, index, role.col, value, where, item)
