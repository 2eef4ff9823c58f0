"""Form tables (部门收支总表, 财政拨款收支总表, 三公): rows by label, side by side, or laid across.

A label that names two template rows is not placed (the report says which two). A row of a
function class (code 201…, or a 支出 line that is no template row) goes into the class table. A
收入合计 or 支出合计 is told from the table's own figures (:mod:`income`). A table laid across (one
column per item, one row per year) is read by :mod:`across`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budget_addin.core.numbers import NumberError
from budget_addin.core.schema import TABLES_BY_KEY, Row, Table
from budget_addin.files.importer import aliases, income
from budget_addin.files.importer.across import laid_across, place_across
from budget_addin.files.importer.columns import (
    COMPANIONS,
    Role,
    cell_text,
    column_role,
    comparator_from,
    convert,
    convert_or_leave,
    header_name,
    latest_year,
    split_code,
)
from budget_addin.files.importer.locate import FoundTable, HeaderColumn, SourceRow, is_figure, known_headers
from budget_addin.files.importer.placer import Placer, TableReport, shown_value
from budget_addin.files.importer.sources import Cell

# Rows of function classes found in a form table: the class table that takes each column's figure
# (keyed by the form's amount column, or by the fund column of 部门收入总表 the header names).
CLASS_ROWS = {"summary_table": {"amount": "expenditure_table"},
              "fiscal_table": {"gp": "gp_expenditure_table", "fund": "gov_fund_table", "soe": "soe_table"}}


@dataclass
class _Segment:
    side: str | None
    label_col: int | None = None
    code_col: int | None = None
    values: list[tuple[HeaderColumn, Role | None]] = field(default_factory=list)
    income: dict[str, Decimal] = field(default_factory=dict)  # this year's amount of each 收支 row, by row key


def _segments(found: FoundTable, table: Table) -> list[_Segment]:
    max_year = latest_year(found.columns)
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


def place_form(placer: Placer, found: FoundTable, table: Table, report: TableReport) -> None:
    if laid_across(found, table):
        place_across(placer, found, table, report)
        return
    for segment in _segments(found, table):
        segment.income = _income_figures(found, table, segment)
        for source_row in found.rows:
            _place_form_row(placer, found, table, segment, source_row, report)


_PLAIN_EXPENDITURE_TOTALS = frozenset({"支出合计", "合计"})  # not 本年支出合计: it may include 结转下年


def _amount_cell(table: Table, segment: _Segment, cells: dict[int, Cell]) -> tuple[HeaderColumn, Cell] | None:
    """The segment's first figure of this year's amount in a row, if any."""
    for column, role in segment.values:
        cell = cells.get(column.col)
        if role is not None and role.table == table.key and role.col == "amount" and cell is not None \
                and is_figure(cell):
            return column, cell
    return None


def _income_figures(found: FoundTable, table: Table, segment: _Segment) -> dict[str, Decimal]:
    """The amounts of the segment's 收支 rows (sources, uses, 上年结转, 结转下年), for telling what its
    收入合计 or 支出合计 is."""
    figures: dict[str, Decimal] = {}
    wanted = {*income.THIS_YEAR_SOURCES, *income.APPROPRIATIONS, *income.CARRIED, *income.THIS_YEAR_USES,
              income.CARRIED_FORWARD}
    for source_row in found.rows:
        label = cell_text(found.grid.shown(source_row.row, segment.label_col or min(source_row.cells or {1: None})))
        rows, _bare = _row_for(table, split_code(label)[1], segment.side)
        amount = _amount_cell(table, segment, source_row.cells)
        if len(rows) != 1 or rows[0].key not in wanted or rows[0].key in figures or amount is None:
            continue
        try:
            value = convert(amount[1], table.column("amount"), found.unit, amount[0].unit)
        except NumberError:
            continue
        if isinstance(value, Decimal):
            figures[rows[0].key] = value
    return figures


def _income_total_row(placer: Placer, found: FoundTable, table: Table, segment: _Segment, label: str,
                      source_row: SourceRow, report: TableReport, expenditure: bool = False) -> Row | None:
    """The row a 收入合计 (支出合计) line is by the segment's figures; None (its figures listed) when they do not
    tell."""
    amount = _amount_cell(table, segment, source_row.cells)
    reason = f"本行没有本年预算数，无法判断“{label}”是本年{'支出' if expenditure else '收入'}合计还是总计"
    key = None
    if amount is not None:
        try:
            value = convert(amount[1], table.column("amount"), found.unit, amount[0].unit)
        except NumberError:
            value = None
        if isinstance(value, Decimal):
            resolve = income.resolve_expenditure if expenditure else income.resolve
            key, reason = resolve(value, segment.income)
    # 本年收入合计 (told with no note) in 财政拨款收支总表
    if key is not None and not any(r.key == key for r in table.rows):
        key, reason = None, f"模板{table.sheet}中没有“{TABLES_BY_KEY['summary_table'].row(key).label}”行"
    if key is None:
        for column, _role in segment.values:
            cell = source_row.cells.get(column.col)
            if cell is not None and is_figure(cell):
                placer.leave(report, found.grid.where(source_row.row, column.col), label, cell.value, reason)
        return None
    if reason:
        report.notes.append(f"{found.grid.where(source_row.row, amount[0].col) if amount else found.where}：{reason}")
    return table.row(key)


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
    if not rows and not code and bare in income.AMBIGUOUS_LABELS and segment.side != "支出":
        row = _income_total_row(placer, found, table, segment, label, source_row, report)
        if row is None:
            return
        rows = [row]
    elif [r.key for r in rows] == ["expenditure_this_year"] and bare in _PLAIN_EXPENDITURE_TOTALS:
        row = _income_total_row(placer, found, table, segment, label, source_row, report, expenditure=True)
        if row is None:
            return
        rows = [row]
    if not rows and not code and table.key == "fiscal_table" and bare in aliases.row_names("本年支出合计"):
        _place_fiscal_split(placer, found, table, label, figures, source_row.row, report)
        return
    # a 支出 line that is no row of any template table is a function class (一、一般公共服务支出)
    economic = (code or "")[:1] in ("3", "5") or (not code and bare in aliases.ECONOMIC_CLASS_NAMES)
    if economic and not rows:
        reason = f"“{label}”是经济分类科目，模板的{table.sheet}不按经济分类列示（见一般公共预算基本支出表）"
        for column, _role, cell in figures:
            placer.leave(report, grid.where(source_row.row, column.col), label, cell.value, reason)
        return
    is_class = bool(code) or (not rows and segment.side != "收入" and bare.endswith("支出") and table.key in CLASS_ROWS
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
    amounts: list[tuple[str, object]] = []  # this year's figures of the row, for its companion row
    for column, role, cell in figures:
        where = grid.where(source_row.row, column.col)
        if role is None:
            placer.leave(report, where, label, cell.value, f"栏目“{header_name(column)}”在模板中没有对应列")
            continue
        target = TABLES_BY_KEY[role.table]
        if not any(r.key == row.key for r in target.rows):
            placer.leave(report, where, label, cell.value,
                         f"模板{target.sheet}中没有“{row.label}”行的“{header_name(column)}”")
            continue
        value = convert_or_leave(placer, report, where, label, cell, target.column(role.col), found, column)
        if value is None:
            continue
        companion_used = companion_used or role.table != table.key
        placer.put(report, role.table, row.key, role.col, value, where, row.label)
        if role.table == table.key and role.col == "amount":
            amounts.append((where, value))
        if role.col == "prior":
            comparator_from(placer, report, column.path, grid.where(found.header_row or source_row.row, column.col))
    if companion_used:  # the companion row gets this year's figure too, so its change can be checked
        for where, value in amounts:  # (a figure that could not be read is listed once, above)
            placer.put(TableReport("", ""), COMPANIONS[table.key], row.key, "amount", value, where, row.label)


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
        key = (
            role.col if role is not None and "amount" in targets else (_fund_of(column) or (role.col if role else None))
        )
        if key == "amount" and "amount" not in targets:
            value = convert_or_leave(placer, report, where, label, cell, table.column("amount"), found, column)
            if isinstance(value, Decimal):
                totals.append((where, cell, value))
            continue
        target = targets.get(key or "")
        if target is None:
            placer.leave(report, where, label, cell.value, f"栏目“{header_name(column)}”没有对应的功能分类表")
            continue
        value = convert_or_leave(
            placer, report, where, label, cell, TABLES_BY_KEY[target].column("total"), found, column
        )
        if value is None:
            continue
        if isinstance(value, Decimal):
            parts.append(value)
        index = placer.class_row(target, code, name)
        if index is None:
            placer.leave(
                report, where, label, cell.value, f"{TABLES_BY_KEY[target].sheet}中有多行叫“{name}”，没有编码无法判断"
            )
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
        value = convert_or_leave(placer, report, where, label, cell, table.column("amount"), found, column)
        if not isinstance(value, Decimal):
            continue
        if key is None and role is not None and role.col == "amount":
            totals.append((where, cell, value))
        elif key is None:
            placer.leave(
                report, where, label, cell.value, f"“{label}”的“{header_name(column)}”列不是模板{table.sheet}中的单元格"
            )
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
