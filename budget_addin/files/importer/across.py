"""Forms laid across (三公 tables: one column per item, one row per year, or a group header per year).

A column that is no item of the table (会议费, 培训费 beside the 三公 items) goes to the table that has
its row, or is listed; a 合计 beside such columns is placed only when it is the sum of the table's own
items (a 合计 that includes 会议费 and 培训费 is no 三公 合计).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from budget_addin.core.numbers import NumberError
from budget_addin.core.schema import TABLES_BY_KEY, Row, Table
from budget_addin.files.importer import aliases, columns
from budget_addin.files.importer.locate import FoundTable, HeaderColumn, SourceRow, is_figure
from budget_addin.files.importer.placer import Placer, TableReport, shown_value


def laid_across(found: FoundTable, table: Table) -> bool:
    """True when two or more column headers name rows of the form (合计 | 因公出国（境）费 | …)."""
    hits = 0
    for column in found.columns:
        if rows_by_header(table, column):
            hits += 1
    return hits >= 2


def rows_by_header(table: Table, column: HeaderColumn) -> list[Row]:
    """The rows of ``table`` a column header names (公务用车购置及运行费/小计 names 公务用车购置及运行费)."""
    names = [column.leaf]
    if column.leaf in ("小计", "合计") and len(column.path) > 1:
        names.insert(0, column.path[-2])
    for name in names:
        rows = [r for r in table.rows if aliases.bare_label(name) in aliases.row_names(r.label)]
        if rows:
            return rows
    return []


# Columns of a 三公 table that are no 三公 item but have a row elsewhere (会议费, 培训费 → 机关运行经费).
EXTRA_ROW_TABLES = {"gp_three_public_table": "office_costs", "three_public": "office_costs"}


def place_across(placer: Placer, found: FoundTable, table: Table, report: TableReport) -> None:
    """A form laid out across: each figure by its column's item and its row's (or group's) year."""
    grid = found.grid
    by_col = {c.col: rows_by_header(table, c) for c in found.columns}
    extra_table = TABLES_BY_KEY.get(EXTRA_ROW_TABLES.get(table.key, ""))
    extra = {c.col: rows for c in found.columns if not by_col[c.col] and extra_table is not None
             and (rows := rows_by_header(extra_table, c))}
    texts = [c.col for c in found.columns if not by_col[c.col] and c.col not in extra
             and not any(is_figure(r.cells[c.col]) for r in found.rows if c.col in r.cells)]
    label_col = min(texts, default=None)
    data_rows = [r for r in found.rows if any(is_figure(c) for col, c in r.cells.items() if by_col.get(col))]
    labels = {r.row: columns.cell_text(r.cells.get(label_col)) if label_col else "" for r in data_rows}
    headers = {row: HeaderColumn(0, (text or "本年预算数",), (year,))
               for row, (text, year) in ((row, aliases.header_text(label)) for row, label in labels.items())}
    row_units = {row: aliases.header_unit(label) for row, label in labels.items()}  # 2021年预算数（元）
    max_year = columns.latest_year(list(headers.values()))
    # a group header over the items (2021年预算数 | 2020年预算数, each over 合计 … 公务接待费) names the column
    group_year = columns.latest_year(
        [HeaderColumn(0, c.path[:1], c.years[:1]) for c in found.columns if len(c.path) > 1])
    groups = {c.col: columns.column_role(table, HeaderColumn(0, c.path[:1], c.years[:1]), group_year)
              for c in found.columns
              if len(c.path) > 1 and not rows_by_header(table, HeaderColumn(0, c.path[:1]))}
    for source_row in data_rows:
        label = labels[source_row.row]
        row_role = (columns.column_role(table, headers[source_row.row], max_year) if label
                    else columns.Role("cell", table.key, "amount"))
        if row_role is None and len(data_rows) == 1:
            row_role = columns.Role("cell", table.key, "amount")
        total_problem = _total_beside_extra(found, table, source_row, by_col, groups, row_role)
        for column in found.columns:
            rows = by_col.get(column.col) or extra.get(column.col) or []
            cell = source_row.cells.get(column.col)
            if cell is None or not is_figure(cell) or column.col == label_col:
                continue
            role = groups.get(column.col) or row_role
            report.figures += 1
            where = grid.where(source_row.row, column.col)
            item = "/".join(column.path)
            target = TABLES_BY_KEY[role.table] if role is not None and role.kind == "cell" else None
            if column.col in extra and extra_table is not None and role is not None and role.kind == "cell":
                target = extra_table if any(c.key == role.col for c in extra_table.columns) else None
            if not rows:
                placer.leave(report, where, item, cell.value, f"栏目“{item}”在模板{table.sheet}中没有对应行")
            elif role is None or role.kind != "cell" or target is None:
                placer.leave(report, where, item, cell.value, f"行“{label}”不是模板中的栏目")
            elif len(rows) > 1:
                placer.leave(report, where, item, cell.value, f"“{item}”可对应模板中的多行，未自动判断")
            elif rows[0].key == "total" and column.col in total_problem:
                placer.leave(report, where, item, cell.value, total_problem[column.col])
            else:
                unit = column.unit or row_units[source_row.row]
                source = column if unit == column.unit else replace(column, unit=unit)
                value = columns.convert_or_leave(placer, report, where, item, cell, target.column(role.col), found,
                                                 source)
                if value is not None:
                    placer.put(report, target.key, rows[0].key, role.col, value, where, rows[0].label)
                    if role.col == "prior":
                        header = column.path[:1] if column.col in groups else (label,)
                        columns.comparator_from(placer, report, header, where)
    report.rows_read = len(found.rows)


def _total_beside_extra(found: FoundTable, table: Table, source_row: SourceRow, by_col: dict[int, list[Row]],
                        groups: dict[int, columns.Role | None], row_role: columns.Role | None) -> dict[int, str]:
    """合计 cells of a line laid across that are not the sum of the table's items while the line has
    figures of other columns (会议费, 培训费): by column, why each is not placed."""
    def value(col: int) -> Decimal | None:
        cell = source_row.cells.get(col)
        if cell is None or not is_figure(cell):
            return None
        try:
            number = columns.convert(
                cell, table.column("amount"), found.unit, next(c.unit for c in found.columns if c.col == col)
            )
        except NumberError:
            return None
        return number if isinstance(number, Decimal) else None

    if table.key not in EXTRA_ROW_TABLES:
        return {}
    others = [c for c in found.columns if not by_col[c.col] and value(c.col)]  # 会议费 0.00 adds nothing
    if not others:
        return {}
    problems: dict[int, str] = {}
    totals = [c.col for c in found.columns if [r.key for r in by_col[c.col]] == ["total"]]
    for col in totals:
        group = groups.get(col) or row_role
        same_group = [c.col for c in found.columns if (groups.get(c.col) or row_role) == group]
        items = {by_col[c][0].key: value(c) for c in same_group if len(by_col[c]) == 1 and value(c) is not None}
        stated = items.get("total")
        vehicles = items.get("vehicles")
        if vehicles is None and "vehicle_purchase" in items and "vehicle_operation" in items:
            vehicles = items["vehicle_purchase"] + items["vehicle_operation"]
        parts = [items.get("abroad"), vehicles, items.get("reception")]
        if stated is None or (None not in parts and sum(parts, Decimal(0)) == stated):  # type: ignore[arg-type]
            continue
        names = "、".join(c.leaf for c in others if c.col in same_group)
        shown = shown_value(sum((p for p in parts if p is not None), Decimal(0)))
        problems[col] = (f"合计 {shown_value(stated)} 不等于三公经费各项之和 {shown}（表中还列有{names}），"
                         f"不是模板{table.sheet}的合计")
    return problems
