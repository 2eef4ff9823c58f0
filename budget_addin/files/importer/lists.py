"""List tables (部门收入总表, 部门支出总表, the function- and economic-class tables, 政府采购预算):
one record per row, columns by header; class rows found by code, or by a unique name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budget_addin.core.numbers import NumberError
from budget_addin.core.schema import Table
from budget_addin.files.importer import income, procurement
from budget_addin.files.importer.columns import (
    Role,
    cell_text,
    column_role,
    convert,
    convert_or_leave,
    header_name,
    latest_year,
    split_code,
)
from budget_addin.files.importer.locate import FoundTable, HeaderColumn, SourceRow, is_figure
from budget_addin.files.importer.placer import Placer, TableReport, shown_value
from budget_addin.files.importer.sources import Cell

CLASS_TABLES = ("income_table", "expenditure_table", "gp_expenditure_table", "gp_basic_table", "gov_fund_table",
                "soe_table")


def joined_code(parts: list[str]) -> str:
    """A code split over 类/款/项 columns as one (``207 | 01 | 01`` → ``2070101``).

    款 and 项 are two digits: a part stored as a number has lost its leading zero (``1`` is ``01``).
    """
    shown = [p for p in parts if p]
    return "".join(p.zfill(3 if i == 0 else 2) if p.isdigit() else p for i, p in enumerate(shown))


def _lone_total_problem(found: FoundTable, table: Table, roles: dict[int, Role | None],
                        figures: list[tuple[HeaderColumn, Cell]]) -> str | None:
    """Why the 合计 of a lone total line is not the template's 合计 (it includes columns the template
    lacks, such as 单位预留机动经费 or 结转下年), or None when it is the sum of the template's parts."""
    values: dict[str, Decimal] = {}
    others: list[str] = []
    for column, cell in figures:
        role = roles[column.col]
        try:
            value = convert(cell, table.column("total"), found.unit, column.unit)
        except NumberError:
            continue
        if not isinstance(value, Decimal):
            continue
        if role is not None and role.kind == "cell":
            values[role.col] = value
        elif value:
            others.append(column.leaf)
    parts = [values[k] for k in ("basic", "project", "personnel", "public") if k in values]
    if "total" not in values or not others or (parts and sum(parts, Decimal(0)) == values["total"]):
        return None
    return (f"合计 {shown_value(values['total'])} 不等于模板{table.sheet}各列之和 {shown_value(sum(parts, Decimal(0)))}"
            f"（表中还列有{'、'.join(others)}），未放入")


# The columns a class table's 合计 is the sum of (the checks add them up across each line).
ROW_PARTS = {"expenditure_table": ("basic", "project"), "gp_expenditure_table": ("basic", "project"),
             "gov_fund_table": ("basic", "project"), "soe_table": ("basic", "project"),
             "gp_basic_table": ("personnel", "public"), "income_table": tuple(income.INCOME_COLUMNS)}


@dataclass(frozen=True)
class _MissingParts:
    """Part columns of the template a source table lacks while it prints the 合计 and other parts.

    Such a column is absent, not 0: a part is placed beside its 合计 only on lines where the printed
    parts add up to it; elsewhere the check would read the absent column as 0 and report a false error.
    """

    parts: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()

    @classmethod
    def of(cls, table: Table, roles: dict[int, Role | None]) -> _MissingParts:
        present = {r.col for r in roles.values() if r is not None and r.kind == "cell"}
        parts = ROW_PARTS.get(table.key, ())
        absent = tuple(k for k in parts if k not in present)
        if "total" not in present or not absent or len(absent) == len(parts):
            return cls()
        return cls(tuple(k for k in parts if k in present), absent)

    def problem(self, found: FoundTable, table: Table, roles: dict[int, Role | None],
                figures: list[tuple[HeaderColumn, Cell]]) -> str | None:
        values: dict[str, Decimal] = {}
        for column, cell in figures:
            role = roles[column.col]
            if role is None or role.kind != "cell" or role.col in values:
                continue
            try:
                value = convert(cell, table.column(role.col), found.unit, column.unit)
            except NumberError:
                continue
            if isinstance(value, Decimal):
                values[role.col] = value
        total = values.get("total")
        shown = sum((values[k] for k in self.parts if k in values), Decimal(0))
        if total is None or shown == total:
            return None
        names = "、".join(table.column(k).label for k in self.absent)
        return (f"表中没有“{names}”列，本行合计 {shown_value(total)} 不等于所列各列之和 {shown_value(shown)}；"
                f"单独放入会被当作“{names}”为 0 核对，未放入")


def _code_and_name(found: FoundTable, source_row: SourceRow, parts: list[int], code_col: int | None,
                   name_col: int | None, is_class: bool) -> tuple[str, str]:
    """A list row's code (joined from 类/款/项 columns, or in front of its name in a class table) and name."""
    cells = source_row.cells
    code = joined_code([cell_text(cells.get(c)) for c in parts]) if parts else cell_text(cells.get(code_col))
    name = cell_text(found.grid.shown(source_row.row, name_col)) if name_col else ""
    if code and not code.isdigit():  # 合计 typed in the code column
        code, name = "", name or code
    if is_class and not code and name:
        code_found, rest = split_code(name)
        if code_found:
            code, name = code_found, rest
    return code, name


def _class_index(placer: Placer, report: TableReport, found: FoundTable, table: Table, row: int,
                 figures: list[tuple[HeaderColumn, Cell]], what: tuple[str, str, str], no_name: str) -> int | None:
    """The class-table row a source row's (code, name, item) goes to; None, its figures listed with the reason,
    when it names no class or a name several rows share."""
    code, name, item = what
    index = placer.class_row(table.key, code or None, name) if code or name else None
    if index is None:
        why = no_name if not code and not name else f"{table.sheet}中有多行叫“{name}”，没有编码无法判断"
        for column, cell in figures:
            placer.leave(report, found.grid.where(row, column.col), item, cell.value, why)
    return index


def place_list(placer: Placer, found: FoundTable, table: Table, report: TableReport) -> None:
    grid = found.grid
    max_year = latest_year(found.columns)
    roles = {c.col: column_role(table, c, max_year) for c in found.columns}
    parts = [c.col for c in found.columns if roles[c.col] == Role("code_part")]
    code_col = next((c for c, r in roles.items() if r == Role("code")), None)
    name_col = next((c for c, r in roles.items() if r is not None and r.kind == "cell" and r.col == "name"), None)
    is_class = table.key in CLASS_TABLES
    by_unit = not (name_col or code_col or parts) and any(
        c.leaf in ("单位名称", "单位编码", "单位") for c in found.columns
    )
    no_name = f"按预算单位列示，模板的{table.sheet}按科目列示" if by_unit else "这一行没有科目编码或名称"
    skip = {code_col, name_col, *parts, *(c for c, r in roles.items() if r == Role("skip"))}
    numeric_cols = [c for c in found.columns if c.col not in skip
                    and (roles[c.col] is None or table.column(roles[c.col].col).numeric)]
    text_cols = [c for c in found.columns if roles[c.col] is not None and roles[c.col].kind == "cell"
                 and roles[c.col].col not in ("name", "code") and not table.column(roles[c.col].col).numeric]
    if income.sources_down(found, table, name_col, numeric_cols):
        assert name_col is not None
        income.place_sources_down(placer, found, table, report, name_col, numeric_cols[0])
        return
    groups = procurement.group_lines(found, table, roles) if table.key == "procurement" else {}
    missing = _MissingParts.of(table, roles)
    # a class table printed as its total line alone (江苏's 支出预算总表): no code, no name, one line
    lone_line = not (name_col or code_col or parts or by_unit) and sum(
        1 for r in found.rows if any(c.col in r.cells and is_figure(r.cells[c.col]) for c in numeric_cols)) == 1
    for source_row in found.rows:
        cells = source_row.cells
        figures = [(c, cells[c.col]) for c in numeric_cols if c.col in cells and is_figure(cells[c.col])]
        if source_row.row in groups:  # a 合计 or category line of a procurement table: listed, not a purchase
            report.figures += len(figures)
            for column, cell in figures:
                placer.leave(report, grid.where(source_row.row, column.col), cell_text(cells.get(min(cells))),
                             cell.value, groups[source_row.row])
            continue
        code, name = _code_and_name(found, source_row, parts, code_col, name_col, is_class)
        texts = [(c, cells[c.col]) for c in text_cols if c.col in cells]
        if not figures and not texts:
            continue
        report.figures += len(figures)
        total_problem = None
        if is_class and lone_line and not code and not name:  # 合计 | 基本支出 | 项目支出 | …, one line
            name = "合计"
            total_problem = _lone_total_problem(found, table, roles, figures)
        item = " ".join(p for p in (code, name) if p) or f"第 {source_row.row} 行"
        if is_class:
            index = _class_index(placer, report, found, table, source_row.row, figures, (code, name, item), no_name)
            if index is None:
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
            placer.put(
                report, table.key, index, role.col, cell_text(cell), grid.where(source_row.row, column.col), item, False
            )
        parts_problem = missing.problem(found, table, roles, figures) if missing.parts else None
        for column, cell in figures:
            where = grid.where(source_row.row, column.col)
            role = roles[column.col]
            if role is None or role.kind != "cell":
                placer.leave(report, where, item, cell.value,
                             f"栏目“{header_name(column)}”在模板{table.sheet}中没有对应列")
                continue
            if role.col == "total" and total_problem:
                placer.leave(report, where, item, cell.value, total_problem)
                continue
            if role.col in missing.parts and parts_problem:
                placer.leave(report, where, item, cell.value, parts_problem)
                continue
            value = convert_or_leave(placer, report, where, item, cell, table.column(role.col), found, column)
            if value is not None:
                placer.put(report, table.key, index, role.col, value, where, item)
        if not is_class and not placer.data[table.key][index]:  # nothing of the row had a column: no empty record
            placer.data[table.key].pop()
