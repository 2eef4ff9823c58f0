"""List tables (部门收入总表, 部门支出总表, the function- and economic-class tables, 政府采购预算):
one record per row, columns by header; class rows found by code, or by a unique name.
"""

from __future__ import annotations

from budget_addin.core.schema import Table
from budget_addin.files.importer.columns import (
    Role,
    cell_text,
    column_role,
    convert_or_leave,
    header_name,
    latest_year,
    split_code,
)
from budget_addin.files.importer.locate import FoundTable, is_figure
from budget_addin.files.importer.placer import Placer, TableReport

CLASS_TABLES = ("income_table", "expenditure_table", "gp_expenditure_table", "gp_basic_table", "gov_fund_table",
                "soe_table")


def place_list(placer: Placer, found: FoundTable, table: Table, report: TableReport) -> None:
    grid = found.grid
    max_year = latest_year(found.columns)
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
                             f"栏目“{header_name(column)}”在模板{table.sheet}中没有对应列")
                continue
            value = convert_or_leave(placer, report, where, item, cell, table.column(role.col), found, column)
            if value is not None:
                placer.put(report, table.key, index, role.col, value, where, item)
        if not is_class and not placer.data[table.key][index]:  # nothing of the row had a column: no empty record
            placer.data[table.key].pop()
