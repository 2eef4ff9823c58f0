"""What a table's 收入合计 (支出合计) is: 本年收入合计, or 收入总计 with 上年结转 (支出总计 with 结转下年),
told by its own figures.

Provinces print 收入合计 for either: 江苏's 收入预算总表 counts 上年结转 in it, a 部门收支总表 counts
it below. The figure is placed only where the table's figures add up one way and not the other;
otherwise it is listed with the sums it was compared with. A 收入总表 printed one line per source
under one 金额 (江苏) fills the 合计 row of 部门收入总表 source by source.
"""

from __future__ import annotations

from decimal import Decimal

from budget_addin.core.schema import APPROPRIATIONS, THIS_YEAR_SOURCES, Table
from budget_addin.files.importer import aliases
from budget_addin.files.importer.columns import cell_text, convert_or_leave, split_code
from budget_addin.files.importer.locate import FoundTable, HeaderColumn, is_figure
from budget_addin.files.importer.placer import Placer, TableReport, shown_value

THIS_YEAR, WITH_CARRIED = "income_this_year", "income_total"
CARRIED = ("carryover", "reserve_fund")  # 上年结转, 用事业基金弥补: outside 本年收入
AMBIGUOUS_LABELS = frozenset({"收入合计", "收入合计数"})
_CENT = Decimal("0.01")


def this_year_sum(figures: dict[str, Decimal]) -> tuple[Decimal | None, int]:
    """Σ this year's sources a table states (财政拨款收入, or its parts where it is not stated), and how many."""
    parts = [figures[k] for k in THIS_YEAR_SOURCES if k != "fiscal_appropriation" and k in figures]
    if "fiscal_appropriation" in figures:
        parts.append(figures["fiscal_appropriation"])
    else:
        parts += [figures[k] for k in APPROPRIATIONS if k in figures]
    return (sum(parts, Decimal(0)), len(parts)) if parts else (None, 0)


def resolve(value: Decimal, figures: dict[str, Decimal]) -> tuple[str | None, str]:
    """The row a 收入合计 of ``value`` is (``income_this_year``/``income_total``), with a note; or None and why.

    ``figures``: the table's other income figures in the same column, by the summary table's row keys.
    """
    sources, count = this_year_sum(figures)
    if sources is None:
        return None, "表中没有各项收入，无法判断“收入合计”是本年收入合计还是收入总计（含上年结转）"
    carried = sum((figures[k] for k in CARRIED if k in figures), Decimal(0))
    tolerance = _CENT * count  # each part rounded to the cent
    this_year = abs(value - sources) <= tolerance
    with_carried = abs(value - sources - carried) <= tolerance + _CENT
    if with_carried and not this_year:
        return WITH_CARRIED, (f"“收入合计”{shown_value(value)} = 本年收入 {shown_value(sources)} + 上年结转等 "
                              f"{shown_value(carried)}，按收入总计放入")
    if this_year:
        return THIS_YEAR, ""
    return None, (f"“收入合计”{shown_value(value)} 既不等于本年各项收入之和 {shown_value(sources)}，"
                  f"也不等于加上上年结转后的 {shown_value(sources + carried)}，无法判断是本年收入合计还是收入总计")


# 支出: this year's uses, and what 支出总计 adds (a 支出合计 is 本年支出合计 unless 结转下年 is not 0).
THIS_YEAR_USES = ("basic", "project", "reserve", "operating_expenditure")
CARRIED_FORWARD = "carry_forward"


def resolve_expenditure(value: Decimal, figures: dict[str, Decimal]) -> tuple[str | None, str]:
    """The row a 支出合计 of ``value`` is (``expenditure_this_year``/``expenditure_total``), or None and why."""
    forward = figures.get(CARRIED_FORWARD)
    if not forward:
        return "expenditure_this_year", ""
    parts = [figures[k] for k in THIS_YEAR_USES if k in figures]
    uses = sum(parts, Decimal(0))
    tolerance = _CENT * len(parts)
    if parts and abs(value - uses) <= tolerance:
        return "expenditure_this_year", ""
    if parts and abs(value - uses - forward) <= tolerance + _CENT:
        return "expenditure_total", (f"“支出合计”{shown_value(value)} = 本年支出 {shown_value(uses)} + 结转下年 "
                                     f"{shown_value(forward)}，按支出总计放入")
    return None, (f"表中结转下年为 {shown_value(forward)}，“支出合计”{shown_value(value)} 与本年各项支出之和"
                  f"{' ' + shown_value(uses) if parts else '（未列）'}对不上，无法判断是本年支出合计还是支出总计")


# -- 部门收入总表 printed one line per source -------------------------------------------------------

# 部门收入总表 columns by the summary table's rows of the same sources (what 收入合计 is told from).
INCOME_COLUMNS = {"gp": "gp_appropriation", "fund": "fund_appropriation", "soe": "soe_appropriation",
                  "special": "special_account", "business": "business_income", "operating": "operating_income",
                  "superior": "superior_subsidy", "affiliated": "affiliated_income", "other": "other_income",
                  "reserve_fund": "reserve_fund", "carryover": "carryover"}
_GRAND_TOTALS = frozenset({"收入总计", "总计"})


def source_column(table: Table, label: str) -> str | None:
    """The 部门收入总表 column an income line names (``一、一般公共预算拨款`` → ``gp``), if any."""
    names = aliases.row_names(label)
    return next((c.key for c in table.columns if c.key in INCOME_COLUMNS and names & aliases.column_names(c.label)),
                None)


def sources_down(found: FoundTable, table: Table, name_col: int | None, numeric: list[HeaderColumn]) -> bool:
    """A 收入总表 printed as one line per source (项目 | 金额, as 江苏 publishes it), not by function class."""
    if table.key != "income_table" or name_col is None or len(numeric) != 1:
        return False
    labels = [cell_text(r.cells.get(name_col)) for r in found.rows]
    return any(source_column(table, label) for label in labels) and not any(split_code(t)[0] for t in labels)


def place_sources_down(placer: Placer, found: FoundTable, table: Table, report: TableReport, name_col: int,
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
    figures = {INCOME_COLUMNS[key]: value for label, _w, _c, value in lines if (key := source_column(table, label))}
    carried = any(figures.get(k) for k in CARRIED)
    index = None
    for label, where, cell, value in lines:
        bare = aliases.bare_label(label)
        key = source_column(table, label)
        reason = f"“{label}”在模板{table.sheet}中没有对应列（按一般公共预算、政府性基金等分列）"
        if key is None and bare in _GRAND_TOTALS:
            key = "total"
        elif key is None and bare in AMBIGUOUS_LABELS | {"合计", "本年收入合计", "本年收入"}:
            kind, note = resolve(value, figures) if bare not in ("本年收入合计", "本年收入") \
                else (THIS_YEAR, "")
            if kind == WITH_CARRIED or (kind == THIS_YEAR and not carried):
                key = "total"
                if note:
                    report.notes.append(f"{where}：{note}")
            elif kind == THIS_YEAR:
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
