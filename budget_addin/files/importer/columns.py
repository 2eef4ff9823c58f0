"""What a source column holds and how a source cell becomes a template value.

A column is matched by its header (the schema's column labels and :mod:`aliases`); a header of
two levels is read as one (基本支出/小计 is 基本支出; 比上年增减/金额 is 增减额); a column under a
年度 or 上年 header is the prior year. Amounts become 万元 (元 ÷ 10000, exact), rates fractions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budget_addin.core.numbers import NumberError, parse_figure
from budget_addin.core.schema import PRIOR_HEADERS, TABLES_BY_KEY, Column, Table
from budget_addin.files.importer import aliases
from budget_addin.files.importer.locate import WANYUAN_PER, FoundTable, HeaderColumn
from budget_addin.files.importer.placer import Placer, TableReport
from budget_addin.files.importer.sources import Cell

# A form table's columns that have no place in it go to the totals-level table with the same rows.
COMPANIONS = {"summary_table": "income_expenditure", "fiscal_table": "income_expenditure",
              "gp_three_public_table": "three_public"}
_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?!\d)[\s　.、:：]*(.*)$")
_PRIOR_WORDS = ("上年", "上年度")
_CHANGE_AMOUNT = frozenset({"金额", "增减额", "数额", "增减金额"})
_CHANGE_RATE = frozenset({"%", "百分比", "比例", "幅度", "增减率", "增长率", "增减幅度"})


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
    if cell.formula:
        raise NumberError(cell.value, "公式没有保存计算结果（请在 Excel 或 WPS 中打开、保存后再导入）")
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
    if column.fmt == "amount":  # 万元: 元 ÷ 10000, 千元 ÷ 10, 亿元 × 10000 (exact)
        scale = WANYUAN_PER.get(typed_unit or header_unit or unit, Decimal(1))
        return value if scale == 1 else value * scale
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
    if any("执行数" in p or "决算数" in p for p in column.path):  # a budget table's outturn is last year's
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


def latest_year(columns: list[HeaderColumn]) -> int | None:
    years = [y for c in columns for y in c.years if y is not None]
    return max(years) if len(set(years)) > 1 else None


def header_name(column: HeaderColumn) -> str:
    return "/".join(column.path)


def convert_or_leave(placer: Placer, report: TableReport, where: str, item: str, cell: Cell, column: Column,
             found: FoundTable, source: HeaderColumn) -> object:
    try:
        return convert(cell, column, found.unit, source.unit)
    except NumberError as exc:
        placer.leave(report, where, item, cell.value, exc.reason)
        return None


def comparator_from(placer: Placer, report: TableReport, headers: tuple[str, ...], where: str) -> None:
    """The workbook's 比较口径 as a prior-year header states it (上年执行数 / 上年预算数).

    Kept like any figure: the first statement stands, a source saying the other is a conflict.
    """
    text = "".join(headers)
    stated = PRIOR_HEADERS[1] if "执行" in text else PRIOR_HEADERS[0] if "预算" in text else None
    if stated is not None:
        placer.put(report, "department", "comparator", "value", stated, where, "比较口径", figure=False)
