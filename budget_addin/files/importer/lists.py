"""List tables (部门收入总表, 部门支出总表, the function- and economic-class tables, 政府采购预算):
one record per row, columns by header; class rows found by code, or by a unique name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budget_addin.core.numbers import NumberError
from budget_addin.core.schema import Table
from budget_addin.files.importer import aliases, income
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
from budget_addin.files.importer.locate import FoundTable, HeaderColumn, is_figure
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


# Lines of a procurement table above its items: totals and categories (合计, 货物类 …), not purchases.
GROUP_LABELS = frozenset({"合计", "总计", "小计", "货物", "工程", "服务", "货物类", "工程类", "服务类", "货物合计",
                          "工程合计", "服务合计"})


def _procurement_groups(found: FoundTable, table: Table, roles: dict[int, Role | None]) -> dict[int, str]:
    """The rows of a 政府采购 table that total others (合计, 大类, a 专项 over its items), with the reason.

    A row is a total by its label, or, having no 采购品目, by its amount: the sum of the first lines
    with an item right under it. Read as items they would count each purchase two or three times.
    """
    def column(key: str) -> int | None:
        return next((c for c, r in roles.items() if r is not None and r.kind == "cell" and r.col == key), None)

    labels = [c for c in (column("project"), column("item")) if c is not None]
    item_col, amount_col = column("item"), column("amount")
    rows = found.rows

    def amount(index: int) -> Decimal | None:
        cell = rows[index].cells.get(amount_col) if amount_col else None
        if cell is None or not is_figure(cell):
            return None
        try:
            value = convert(cell, table.column("amount"), found.unit, None)
        except NumberError:
            return None
        return value if isinstance(value, Decimal) else None

    groups: dict[int, str] = {}
    for index, source_row in enumerate(rows):
        texts = [aliases.bare_label(cell_text(source_row.cells.get(c))) for c in labels]
        label = next((t for t in texts if t), "")
        if label in GROUP_LABELS or label.endswith(("合计", "小计")):
            groups[source_row.row] = f"“{label}”是合计或大类行，不是采购项目"
            continue
        if item_col is None or cell_text(source_row.cells.get(item_col)) or (total := amount(index)) is None:
            continue
        running, count = Decimal(0), 0
        for later in range(index + 1, len(rows)):  # the items under it, up to the next line without an item
            value = amount(later)
            if not cell_text(rows[later].cells.get(item_col)) or value is None:
                break
            running, count = running + value, count + 1
            if running == total:
                groups[source_row.row] = f"“{label or '（无名称）'}”是其下 {count} 个采购品目之和（小计行），不是采购项目"
                break
    return groups


# 部门收入总表 columns by the summary table's rows of the same sources (what 收入合计 is told from).
INCOME_COLUMNS = {"gp": "gp_appropriation", "fund": "fund_appropriation", "soe": "soe_appropriation",
                  "special": "special_account", "business": "business_income", "operating": "operating_income",
                  "superior": "superior_subsidy", "affiliated": "affiliated_income", "other": "other_income",
                  "reserve_fund": "reserve_fund", "carryover": "carryover"}
_GRAND_TOTALS = frozenset({"收入总计", "总计"})


def _source_column(table: Table, label: str) -> str | None:
    """The 部门收入总表 column an income line names (``一、一般公共预算拨款`` → ``gp``), if any."""
    names = aliases.row_names(label)
    return next((c.key for c in table.columns if c.key in INCOME_COLUMNS and names & aliases.column_names(c.label)),
                None)


def _sources_down(found: FoundTable, table: Table, name_col: int | None, numeric: list[HeaderColumn]) -> bool:
    """A 收入总表 printed as one line per source (项目 | 金额, as 江苏 publishes it), not by function class."""
    if table.key != "income_table" or name_col is None or len(numeric) != 1:
        return False
    labels = [cell_text(r.cells.get(name_col)) for r in found.rows]
    return any(_source_column(table, label) for label in labels) and not any(split_code(t)[0] for t in labels)


def _place_sources_down(placer: Placer, found: FoundTable, table: Table, report: TableReport, name_col: int,
                        column: HeaderColumn) -> None:
    """Each source line into the 合计 row of 部门收入总表 under its source's column; its 收入合计 into 合计
    only when the figures show it includes 上年结转 as that column does (or there is none)."""
    grid = found.grid
    lines = []
    for source_row in found.rows:
        cell = source_row.cells.get(column.col)
        if cell is None or not is_figure(cell):
            continue
        report.figures += 1
        label = cell_text(source_row.cells.get(name_col))
        where = grid.where(source_row.row, column.col)
        value = convert_or_leave(placer, report, where, label, cell, table.column("total"), found, column)
        if isinstance(value, Decimal):
            lines.append((label, where, cell, value))
    figures = {INCOME_COLUMNS[key]: value for label, _w, _c, value in lines if (key := _source_column(table, label))}
    carried = any(figures.get(k) for k in income.CARRIED)
    index = None
    for label, where, cell, value in lines:
        bare = aliases.bare_label(label)
        key = _source_column(table, label)
        reason = f"“{label}”在模板{table.sheet}中没有对应列（按一般公共预算、政府性基金等分列）"
        if key is None and bare in _GRAND_TOTALS:
            key = "total"
        elif key is None and bare in income.AMBIGUOUS_LABELS | {"合计", "本年收入合计", "本年收入"}:
            kind, note = income.resolve(value, figures) if bare not in ("本年收入合计", "本年收入") \
                else (income.THIS_YEAR, "")
            if kind == income.WITH_CARRIED or (kind == income.THIS_YEAR and not carried):
                key = "total"
                if note:
                    report.notes.append(f"{where}：{note}")
            elif kind == income.THIS_YEAR:
                reason = (f"“{label}”{shown_value(value)} 是本年收入合计（不含上年结转）；模板{table.sheet}的合计"
                          "含上年结转，未放入")
            else:
                reason = note
        if key is None:
            placer.leave(report, where, label, cell.value, reason)
            continue
        if index is None:
            index = placer.class_row(table.key, None, "合计")
            assert index is not None
        placer.put(report, table.key, index, key, value, where, f"合计·{label}")


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
             "gp_basic_table": ("personnel", "public"), "income_table": tuple(INCOME_COLUMNS)}


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
    if _sources_down(found, table, name_col, numeric_cols):
        assert name_col is not None
        _place_sources_down(placer, found, table, report, name_col, numeric_cols[0])
        return
    groups = _procurement_groups(found, table, roles) if table.key == "procurement" else {}
    missing = _MissingParts.of(table, roles)
    # a class table printed as its total line alone (江苏's 支出预算总表): no code, no name, one line
    lone_line = not (name_col or code_col or parts or by_unit) and sum(
        1 for r in found.rows if any(c.col in r.cells and is_figure(r.cells[c.col]) for c in numeric_cols)) == 1
    for source_row in found.rows:
        cells = source_row.cells
        if source_row.row in groups:
            figures = [c for c in numeric_cols if c.col in cells and is_figure(cells[c.col])]
            report.figures += len(figures)
            for column in figures:
                placer.leave(report, grid.where(source_row.row, column.col), cell_text(cells.get(min(cells))),
                             cells[column.col].value, groups[source_row.row])
            continue
        code = joined_code([cell_text(cells.get(c)) for c in parts]) if parts else cell_text(cells.get(code_col))
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
        total_problem = None
        if is_class and lone_line and not code and not name:  # 合计 | 基本支出 | 项目支出 | …, one line
            name = "合计"
            total_problem = _lone_total_problem(found, table, roles, figures)
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
