"""One declarative description of every input sheet of the disclosure workbook.

The builder, the reader, the rules, the summaries and the docs all read this.
Adding a table means adding it here.

Layout of every input sheet: row 1 title, row 2 department and unit line,
row 3 column headers, data from row 4. A *form* table has fixed rows whose
label stands in column A; a *list* table has one record per row.

Formulas of computed cells are templates, resolved to A1 references by
:mod:`budget_addin.core.layout`:

- ``{col}``: this row's cell in column ``col``;
- ``{col@row}``: the cell of row ``row``; ``{col@a:b}``: rows ``a`` to ``b``;
- ``{col@*}``: the whole data range of a list table's column;
- ``{table!col@row}``: a cell of another table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType

TITLE_ROW, UNIT_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4
LABEL = "label"  # key of column A in form tables
# The prior year a workbook compares with (部门基本信息 › 比较口径); the first is the default.
PRIOR_HEADERS = ("上年预算数", "上年执行数")

# number formats, by column ``fmt``
FORMATS = {
    "amount": "#,##0.00",
    "percent": "0.00%",
    "count": "#,##0",
    "quantity": "General",  # 528 and 2.5 as typed; "#,##0.##" would show "528."
    "text": "@",
    "check": "@",
}


@dataclass(frozen=True)
class Column:
    """A column of a table."""

    key: str
    label: str
    kind: str = "input"  # input | computed
    fmt: str = "amount"  # a key of FORMATS
    width: float = 14.0
    formula: str | None = None  # template for computed columns
    comparator: bool = False  # the prior-year column: its header names the workbook's comparator

    @property
    def numeric(self) -> bool:
        return self.fmt in {"amount", "percent", "count", "quantity"}

    def header(self, comparator: str) -> str:
        """The column's header in a workbook whose prior year is ``comparator``."""
        return comparator if self.comparator else self.label

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header the reader accepts for this column."""
        return (self.label, *PRIOR_HEADERS) if self.comparator else (self.label,)


@dataclass(frozen=True)
class Row:
    """A fixed row of a form table."""

    key: str
    label: str
    level: int = 1  # 0 total, 1 part, 2 part of a part
    of_which: bool = False  # a 其中 row: partial breakdown, skipped by totals
    formulas: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    computed: frozenset[str] = frozenset()  # input columns that are computed in this row
    parts: tuple[str, ...] = ()  # rows whose figures make up this row's (its breakdown)
    partial: bool = False  # the parts are a 其中 list: they may fall short of the total


@dataclass(frozen=True)
class Table:
    """An input sheet."""

    key: str
    sheet: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...] = ()
    unit: str | None = "万元"
    section: str = ""  # where the official disclosure carries it
    label_header: str = "项目"
    label_width: float = 34.0
    standard: bool = False  # one of the standard tables every department publishes
    note: str = ""
    sum_col: str = "amount"  # the column the rows' breakdowns add up

    @property
    def is_form(self) -> bool:
        return bool(self.rows)

    @cached_property
    def _by_key(self) -> tuple[dict[str, Column], dict[str, Row]]:
        """Columns and rows by key (the first of a key wins), built once per process."""
        columns: dict[str, Column] = {}
        rows: dict[str, Row] = {}
        for column in self.columns:
            columns.setdefault(column.key, column)
        for row in self.rows:
            rows.setdefault(row.key, row)
        return columns, rows

    def column(self, key: str) -> Column:
        found = self._by_key[0].get(key)
        if found is None:
            raise KeyError(f"{self.key}: no column {key!r}")
        return found

    def row(self, key: str) -> Row:
        found = self._by_key[1].get(key)
        if found is None:
            raise KeyError(f"{self.key}: no row {key!r}")
        return found

    def formula(self, row: Row, column: Column) -> str | None:
        """The formula template of a cell, or None for an input cell."""
        if column.key in row.formulas:
            return row.formulas[column.key]
        if column.kind == "computed" or column.key in row.computed:
            return column.formula
        return None


def _f(**formulas: str) -> Mapping[str, str]:
    return MappingProxyType(dict(formulas))


def _figure_expr(table: Table, key: str, col: str) -> str:
    """Template of a row's figure: the stated cell, or (when blank) the sum of its full breakdown."""
    row = table.row(key)
    if not row.parts or row.partial:
        return f"{{{col}@{key}}}"
    return f"YS_SUBTOTAL({{{col}@{key}}},{','.join(_figure_expr(table, p, col) for p in row.parts)})"


def with_breakdowns(table: Table) -> Table:
    """The table with a check formula written for every row that declares its parts.

    ``=YS_CHECKSUM(total, part…)`` for a full breakdown, ``=YS_CHECKPART`` for a 其中 list; a
    part that is itself a blank subtotal counts as the sum of its own parts (derived, not demanded).
    """
    if not any(r.parts for r in table.rows):
        return table
    col = table.sum_col
    rows = []
    for row in table.rows:
        if row.parts and "check" not in row.formulas:
            name = "YS_CHECKPART" if row.partial else "YS_CHECKSUM"
            args = ",".join(_figure_expr(table, p, col) for p in row.parts)
            row = replace(row, formulas=MappingProxyType({**row.formulas, "check": f"={name}({{{col}}},{args})"}))
        rows.append(row)
    return replace(table, rows=tuple(rows))


@dataclass(frozen=True)
class Breakdown:
    """A total and the rows that make it up (``partial``: a 其中 list that may fall short)."""

    table: str
    total: str
    parts: tuple[str, ...]
    partial: bool
    col: str


def breakdowns(table: Table) -> list[Breakdown]:
    """The breakdowns a form table declares."""
    return [Breakdown(table.key, r.key, r.parts, r.partial, table.sum_col) for r in table.rows if r.parts]


def text_col(key: str, label: str, width: float = 20.0) -> Column:
    return Column(key, label, fmt="text", width=width)


AMOUNT = Column("amount", "本年预算数", width=14)
CHECK = Column("check", "校验", kind="computed", fmt="check", width=16)

# Year on year, the same columns on every totals-level row. ``prior`` is typed when the text
# or the table states it; otherwise it is derived from the stated change (YS_PRIOR). The header
# of ``prior`` names the workbook's comparator (上年预算数 or 上年执行数, see 部门基本信息).
YOY_COLUMNS = (
    AMOUNT,
    Column("prior", "上年数", comparator=True),
    Column("change", "增减额（所列）"),
    Column("stated_growth", "增减率（所列）", fmt="percent"),
    Column("growth", "增减率（计算）", kind="computed", fmt="percent",
           formula="=YS_GROWTH({amount},YS_PRIOR({amount},{change},{prior}))"),
    Column("yoy_check", "同比校验", kind="computed", fmt="check", width=24,
           formula="=YS_CHECKYOY({amount},{prior},{change},{stated_growth})"),
)

SHARE_COLUMNS = (
    Column("share", "占比（计算）", kind="computed", fmt="percent", formula="=YS_SHARE({amount},{amount@total})"),
    Column("stated_share", "占比（说明所列）", fmt="percent"),
    Column("check", "校验", kind="computed", fmt="check", width=22,
           formula="=YS_CHECKRATIO({stated_share},{amount},{amount@total})"),
)

# Comparators a workbook may name in 部门基本信息 (the first is the default).
COMPARATORS = PRIOR_HEADERS

DEPARTMENT = Table(
    key="department",
    sheet="部门基本信息",
    title="部门基本信息",
    unit=None,
    section="封面",
    label_header="项目",
    columns=(text_col("value", "内容", 60),),
    rows=(
        Row("code", "部门编码"),
        Row("name", "部门名称"),
        Row("short_name", "部门简称"),
        Row("level", "行政级别（省/市/县区/乡镇街道）"),
        Row("compiler", "编制部门"),
        Row("title", "公开文本标题"),
        Row("duties_intro", "部门职责概述"),
        Row("year", "预算年度"),
        Row("comparator", "比较口径（上年预算数 或 上年执行数）"),
        Row("procurement_code", "政府采购预算部门编码"),
        Row("asset_date", "资产统计截止时间"),
    ),
)

UNIT_COUNTS = Table(
    key="unit_counts",
    sheet="预算单位构成",
    title="部门预算单位构成",
    unit="家",
    section="一",
    columns=(Column("count", "单位数", fmt="count"),
             Column("check", "校验", kind="computed", fmt="check", width=22)),
    rows=(
        Row("total", "本部门预算单位合计", level=0,
            parts=("administrative", "civil_service", "institution", "other"), partial=True),
        Row("administrative", "其中：行政单位", level=2, of_which=True),
        Row("civil_service", "参照公务员法管理事业单位", level=2, of_which=True),
        Row("institution", "事业单位", level=2, of_which=True),
        Row("other", "其他单位", level=2, of_which=True),
    ),
    sum_col="count",
    note="“其中”各类单位之和不得超过合计；未列明的类型不必填写。",
)

INSTITUTIONS = Table(
    key="institutions",
    sheet="机构设置",
    title="部门机构设置与预算单位",
    unit=None,
    section="一",
    columns=(
        text_col("name", "单位名称", 28),
        text_col("level", "层级（本级/二级/三级）", 12),
        text_col("nature", "单位性质", 12),
        text_col("rank", "单位规格", 12),
        text_col("funding", "经费保障形式", 24),
    ),
    note="每行一个内设机构或预算单位，可逐行增加。",
)

DUTIES = Table(
    key="duties",
    sheet="部门职责",
    title="部门职责",
    unit=None,
    section="一",
    columns=(
        Column("no", "序号", fmt="count", width=6),
        text_col("name", "职责", 28),
        text_col("text", "内容", 100),
    ),
)

APPROPRIATIONS = ("gp_appropriation", "fund_appropriation", "soe_appropriation")
# This year's income by source (收支总体 and 部门收支总表 list the same sources).
THIS_YEAR_SOURCES = ("fiscal_appropriation", "special_account", "business_income", "operating_income",
                     "superior_subsidy", "affiliated_income", "other_income")
THIS_YEAR_INCOME = Row("income_this_year", "本年收入合计", level=0, parts=THIS_YEAR_SOURCES)


def income_sources(appropriation_suffix: str) -> tuple[Row, ...]:
    """The income-source rows; the three appropriations are written with or without a trailing 收入."""
    return (
        Row("fiscal_appropriation", "财政拨款收入", parts=APPROPRIATIONS),
        Row("gp_appropriation", f"一般公共预算拨款{appropriation_suffix}", level=2),
        Row("fund_appropriation", f"政府性基金预算拨款{appropriation_suffix}", level=2),
        Row("soe_appropriation", f"国有资本经营预算拨款{appropriation_suffix}", level=2),
        Row("special_account", "财政专户管理资金收入"),
        Row("business_income", "事业收入"),
        Row("operating_income", "事业单位经营收入"),
        Row("superior_subsidy", "上级补助收入"),
        Row("affiliated_income", "附属单位上缴收入"),
        Row("other_income", "其他收入"),
    )

INCOME_EXPENDITURE = Table(
    key="income_expenditure",
    sheet="收入支出",
    title="部门收支预算总体情况",
    section="收支预算总体情况",
    columns=(*YOY_COLUMNS, CHECK),
    rows=(
        Row("income_total", "收入总计", level=0, parts=("income_this_year", "reserve_fund", "carryover")),
        THIS_YEAR_INCOME,
        *income_sources("收入"),
        Row("reserve_fund", "用事业基金弥补收支差额"),
        Row("carryover", "上年结转（结余）"),
        Row("expenditure_total", "支出总计", level=0,
            parts=("basic", "project", "reserve", "operating_expenditure", "carry_forward")),
        Row("basic", "基本支出", parts=("personnel", "public")),
        Row("personnel", "人员经费", level=2),
        Row("public", "公用经费", level=2),
        Row("project", "项目支出", parts=("project_own",), partial=True),
        Row("project_own", "其中：本级项目支出", level=2, of_which=True),
        Row("reserve", "单位预留机动经费"),
        Row("operating_expenditure", "事业单位经营支出"),
        Row("carry_forward", "结转下年"),
        Row("gp_expenditure", "一般公共预算支出", level=0),
        Row("fund_expenditure", "政府性基金预算支出", level=0),
        Row("soe_expenditure", "国有资本经营预算支出", level=0),
    ),
    note="上年数按“部门基本信息”所选口径填列；只填说明或公开表列明的数字，空白表示未披露。",
)

# Itemised detail of a total: reasons of a change, items of 机关运行经费, any breakdown the text
# lists. Each row names the total it belongs to (its label as on 收入支出、机关运行经费、三公经费预算
# or another detail row) and whether the rows of that total are its whole breakdown (构成) or an
# incomplete list (其中).
DETAIL_KINDS = ("构成", "其中")
DETAILS = Table(
    key="details",
    sheet="明细",
    title="明细项目（增减原因、机关运行经费明细等）",
    section="收支预算总体情况、机关运行经费",
    columns=(
        text_col("parent", "所属项目", 18),
        text_col("kind", "构成/其中", 9),
        text_col("item", "明细项目", 36),
        Column("amount", "本年预算数"),
        Column("prior", "上年数", comparator=True),
        Column("change", "增减额（所列）"),
        Column("change_used", "增减额（采用）", kind="computed",
               formula="=YS_SUBTOTAL({change},YS_VARIANCE({amount},{prior}))"),
        text_col("note", "说明", 30),
    ),
    note="“所属项目”写明细所属合计的名称（如 基本支出、项目支出、机关运行经费）；"
         "“构成”表示各行合起来就是该合计，“其中”表示只列了一部分。新增项目上年为零，增减额等于本年数。",
)

STAFF = Table(
    key="staff",
    sheet="人员情况",
    title="人员编制与实有人数",
    unit="人",
    section="部门职责与机构",
    columns=(
        text_col("parent", "所属项目", 18),
        text_col("kind", "构成/其中", 9),
        text_col("item", "项目", 40),
        Column("count", "人数", fmt="count"),
        text_col("note", "说明", 30),
    ),
    note="每行一个人数（编制数、实有人数或说明列出的任何人员类别）；“所属项目”与“构成/其中”同“明细”表。",
)

OFFICE_COSTS = Table(
    key="office_costs",
    sheet="机关运行经费",
    title="机关运行经费、会议费与培训费",
    section="机关运行经费",
    columns=YOY_COLUMNS,
    rows=(
        Row("total", "机关运行经费", level=0),
        Row("meeting", "会议费", level=0),
        Row("training", "培训费", level=0),
    ),
    note="机关运行经费的明细列在“明细”表，所属项目写“机关运行经费”。",
)

THREE_PUBLIC = Table(
    key="three_public",
    sheet="三公经费预算",
    title="财政拨款“三公”经费预算情况",
    section="三公经费",
    columns=(*YOY_COLUMNS, *SHARE_COLUMNS),
    rows=(
        Row("total", "合计", level=0, parts=("abroad", "vehicles", "reception"),
            formulas=_f(share="", stated_share="")),
        Row("abroad", "因公出国（境）费"),
        Row("vehicles", "公务用车购置及运行费", parts=("vehicle_purchase", "vehicle_operation")),
        Row("vehicle_purchase", "公务用车购置费", level=2),
        Row("vehicle_operation", "公务用车运行维护费", level=2),
        Row("reception", "公务接待费"),
    ),
    note="公务用车购置及运行费未填而购置费与运行维护费都已填时，按两者之和核对。",
)

PROCUREMENT = Table(
    key="procurement",
    sheet="政府采购预算",
    title="部门政府采购预算",
    section="政府采购",
    columns=(
        text_col("project", "项目名称", 36),
        Column("project_budget", "预算资金"),
        text_col("item", "采购物品名称", 22),
        Column("catalog", "政府采购目录序号", fmt="text", width=12),
        text_col("measure", "计量单位", 8),
        Column("quantity", "数量", fmt="quantity", width=8),
        Column("unit_price", "单价", width=10),
        Column("amount", "合计"),
        Column("gp", "一般公共预算拨款"),
        Column("fund", "基金预算拨款"),
        Column("soe", "国有资本经营预算拨款"),
        Column("special", "财政专户核拨"),
        Column("other", "其他来源收入"),
        Column("category", "品目类别", kind="computed", fmt="text", width=8, formula="=YS_CATEGORY({catalog})"),
        Column("check", "校验", kind="computed", fmt="check", width=18,
               formula="=YS_CHECKPRODUCT({amount},{quantity},{unit_price})"),
    ),
    note="小计行不填目录序号，其下每行一个采购项目。",
)

PROCUREMENT_SUMMARY = Table(
    key="procurement_summary",
    sheet="政府采购构成",
    title="政府采购预算构成（说明所列与明细）",
    section="政府采购",
    columns=(
        Column("amount", "金额（说明所列）"),
        Column("prior", "上年数", comparator=True),
        Column("change", "增减额（所列）"),
        Column("stated_growth", "增减率（所列）", fmt="percent"),
        Column("yoy_check", "同比校验", kind="computed", fmt="check", width=24,
               formula="=YS_CHECKYOY({amount},{prior},{change},{stated_growth})"),
        Column("detail", "按明细计算", kind="computed", formula=None),
        *SHARE_COLUMNS,
    ),
    rows=(
        Row("total", "政府采购预算合计", level=0, formulas=_f(
            detail='=YS_SUMCATEGORY({procurement!amount@*},{procurement!catalog@*},"全部")',
            share="", stated_share=""), parts=("goods", "works", "services")),
        Row("goods", "货物",
            formulas=_f(detail='=YS_SUMCATEGORY({procurement!amount@*},{procurement!catalog@*},"货物")')),
        Row("works", "工程",
            formulas=_f(detail='=YS_SUMCATEGORY({procurement!amount@*},{procurement!catalog@*},"工程")')),
        Row("services", "服务",
            formulas=_f(detail='=YS_SUMCATEGORY({procurement!amount@*},{procurement!catalog@*},"服务")')),
    ),
)

ASSETS = Table(
    key="assets",
    sheet="国有资产",
    title="国有资产占用情况（固定资产构成）",
    section="国有资产占用",
    columns=(Column("amount", "金额"), *SHARE_COLUMNS),
    rows=(
        Row("total", "固定资产合计", level=0, formulas=_f(share="", stated_share=""), parts=(
            "land_buildings", "general_equipment", "special_equipment", "cultural_relics", "books", "furniture")),
        Row("land_buildings", "土地房屋及构筑物"),
        Row("general_equipment", "通用设备"),
        Row("special_equipment", "专用设备"),
        Row("cultural_relics", "文物与陈列品"),
        Row("books", "图书档案"),
        Row("furniture", "家具、用具、装具及动植物"),
        Row("planned_purchase", "本年度拟购置固定资产", level=0, formulas=_f(
            share="", stated_share="",
            check='=YS_CHECKSUM({amount},YS_SUMCATEGORY({procurement!amount@*},{procurement!catalog@*},"资产"))')),
    ),
)

FIXED_ASSETS = Table(
    key="fixed_assets",
    sheet="固定资产占用情况表",
    title="固定资产占用情况表",
    section="国有资产占用",
    columns=(
        Column("quantity", "数量", fmt="quantity", width=10),
        Column("value", "价值（金额单位：万元）"),
        Column("check", "校验", kind="computed", fmt="check", width=18),
    ),
    rows=(
        Row("total", "资产总额", level=0, formulas=_f(
            check="=YS_CHECKSUM({value},{value@buildings},{value@general_equipment},{value@special_equipment},"
                  "{value@cultural},{value@books},{value@furniture})")),
        Row("buildings", "1、房屋（平方米）", formulas=_f(check="=YS_CHECKPART({value},{value@office_space})")),
        Row("office_space", "其中：办公用房（平方米）", level=2, of_which=True),
        Row("general_equipment", "2、通用设备", formulas=_f(check="=YS_CHECKPART({value},{value@vehicles})")),
        Row("vehicles", "其中：车辆（台、辆）", level=2, of_which=True),
        Row("special_equipment", "3、专用设备",
            formulas=_f(check="=YS_CHECKPART({value},{value@expensive_equipment})")),
        Row("expensive_equipment", "其中：大型设备（单价达到规定标准）", level=2, of_which=True),
        Row("cultural", "4、文物与陈列品"),
        Row("books", "5、图书档案", formulas=_f(check="=YS_CHECKPART({value},{value@book_materials})")),
        Row("book_materials", "其中：图书资料", level=2, of_which=True),
        Row("furniture", "6、家具、用具、装具及动植物"),
    ),
)

# ---- standard tables every department publishes -------------------------------------------

SUMMARY_TABLE = Table(
    key="summary_table",
    sheet="部门收支总表",
    title="部门收支总表",
    standard=True,
    section="公开表一",
    columns=(AMOUNT, CHECK),
    rows=(
        *income_sources(""),
        THIS_YEAR_INCOME,
        Row("reserve_fund", "用事业基金弥补收支差额"),
        Row("carryover", "上年结转"),
        Row("income_total", "收入总计", level=0, parts=("income_this_year", "reserve_fund", "carryover")),
        Row("basic", "基本支出"),
        Row("project", "项目支出"),
        Row("reserve", "单位预留机动经费"),
        Row("operating_expenditure", "事业单位经营支出"),
        Row("expenditure_this_year", "本年支出合计", level=0,
            parts=("basic", "project", "reserve", "operating_expenditure")),
        Row("carry_forward", "结转下年"),
        Row("expenditure_total", "支出总计", level=0, parts=("expenditure_this_year", "carry_forward")),
    ),
)

_FUND_COLUMNS = (
    Column("total", "合计"),
    Column("gp", "一般公共预算拨款"),
    Column("fund", "政府性基金预算拨款"),
    Column("soe", "国有资本经营预算拨款"),
    Column("special", "财政专户管理资金"),
    Column("business", "事业收入"),
    Column("operating", "事业单位经营收入"),
    Column("superior", "上级补助收入"),
    Column("affiliated", "附属单位上缴收入"),
    Column("other", "其他收入"),
    Column("reserve_fund", "用事业基金弥补收支差额"),
    Column("carryover", "上年结转"),
    Column("check", "校验", kind="computed", fmt="check", width=16,
           formula="=YS_CHECKSUM({total},{gp},{fund},{soe},{special},{business},{operating},{superior},"
                   "{affiliated},{other},{reserve_fund},{carryover})"),
)

INCOME_TABLE = Table(
    key="income_table",
    sheet="部门收入总表",
    title="部门收入总表",
    standard=True,
    section="公开表二",
    columns=(text_col("code", "科目编码", 12), text_col("name", "科目名称", 30), *_FUND_COLUMNS),
    note="第一行为合计行，其下按功能分类科目逐行填列。",
)

_CLASS_COLUMNS = (
    text_col("code", "科目编码", 12),
    text_col("name", "科目名称", 30),
    Column("total", "合计"),
    Column("basic", "基本支出"),
    Column("project", "项目支出"),
    Column("check", "校验", kind="computed", fmt="check", width=16,
           formula="=YS_CHECKSUM({total},{basic},{project})"),
)

EXPENDITURE_TABLE = Table(
    key="expenditure_table",
    sheet="部门支出总表",
    title="部门支出总表",
    standard=True,
    section="公开表三",
    columns=_CLASS_COLUMNS,
    note="第一行为合计行，其下按功能分类科目（类/款/项）逐行填列。",
)

FISCAL_TABLE = Table(
    key="fiscal_table",
    sheet="财政拨款收支总表",
    title="财政拨款收支总表",
    standard=True,
    section="公开表四",
    columns=(AMOUNT, CHECK),
    rows=(
        Row("gp_appropriation", "一、一般公共预算拨款"),
        Row("fund_appropriation", "二、政府性基金预算拨款"),
        Row("soe_appropriation", "三、国有资本经营预算拨款"),
        Row("carryover", "上年结转"),
        Row("income_total", "收入总计", level=0, parts=(*APPROPRIATIONS, "carryover")),
        Row("gp_expenditure", "一般公共预算支出"),
        Row("fund_expenditure", "政府性基金预算支出"),
        Row("soe_expenditure", "国有资本经营预算支出"),
        Row("carry_forward", "结转下年"),
        Row("expenditure_total", "支出总计", level=0,
            parts=("gp_expenditure", "fund_expenditure", "soe_expenditure", "carry_forward")),
    ),
)

GP_EXPENDITURE_TABLE = Table(
    key="gp_expenditure_table",
    sheet="一般公共预算支出表",
    title="一般公共预算支出表",
    standard=True,
    section="公开表五",
    columns=_CLASS_COLUMNS,
    note="按功能分类科目（类 3 位/款 5 位/项 7 位编码）逐行填列；第一行为合计行。",
)

GP_BASIC_TABLE = Table(
    key="gp_basic_table",
    sheet="一般公共预算基本支出表",
    title="一般公共预算基本支出表",
    standard=True,
    section="公开表六",
    columns=(
        text_col("code", "科目编码", 12),
        text_col("name", "科目名称", 30),
        Column("total", "合计"),
        Column("personnel", "人员经费"),
        Column("public", "公用经费"),
        Column("check", "校验", kind="computed", fmt="check", width=16,
               formula="=YS_CHECKSUM({total},{personnel},{public})"),
    ),
    note="按经济分类科目（类 3 位/款 5 位）逐行填列；第一行为合计行。",
)

GP_THREE_PUBLIC_TABLE = Table(
    key="gp_three_public_table",
    sheet="一般公共预算三公经费支出表",
    title="一般公共预算“三公”经费支出表",
    standard=True,
    section="公开表七",
    columns=(AMOUNT, Column("prior", "上年数", comparator=True), CHECK),
    rows=(
        Row("total", "合计", level=0, parts=("abroad", "vehicles", "reception")),
        Row("abroad", "因公出国（境）费"),
        Row("vehicles", "公务用车购置及运行费", parts=("vehicle_purchase", "vehicle_operation")),
        Row("vehicle_purchase", "公务用车购置费", level=2),
        Row("vehicle_operation", "公务用车运行费", level=2),
        Row("reception", "公务接待费"),
    ),
)

GOV_FUND_TABLE = Table(
    key="gov_fund_table",
    sheet="政府性基金预算支出表",
    title="政府性基金预算支出表",
    standard=True,
    section="公开表八",
    columns=_CLASS_COLUMNS,
    note="第一行为合计行，其下按功能分类科目逐行填列。",
)

SOE_TABLE = Table(
    key="soe_table",
    sheet="国有资本经营预算支出表",
    title="国有资本经营预算支出表",
    standard=True,
    section="公开表九",
    columns=_CLASS_COLUMNS,
    note="第一行为合计行，其下按功能分类科目逐行填列；没有此项预算的部门空表列示。",
)

# ---- performance and text ------------------------------------------------------------------

OVERALL_GOAL = Table(
    key="overall_goal",
    sheet="总体绩效目标",
    title="部门整体绩效目标：总体绩效目标",
    unit=None,
    section="绩效目标",
    columns=(text_col("text", "内容", 120),),
    rows=(Row("text", "总体绩效目标"),),
    label_width=16,
)

SUB_GOALS = Table(
    key="sub_goals",
    sheet="分项绩效目标",
    title="部门整体绩效目标：分项绩效目标",
    unit=None,
    section="绩效目标",
    columns=(
        Column("no", "序号", fmt="count", width=6),
        text_col("name", "分项名称", 22),
        text_col("goal", "绩效目标", 60),
        text_col("indicators", "绩效指标", 70),
    ),
)

SAFEGUARDS = Table(
    key="safeguards",
    sheet="工作保障措施",
    title="部门整体绩效目标：工作保障措施",
    unit=None,
    section="绩效目标",
    columns=(
        Column("no", "序号", fmt="count", width=6),
        text_col("name", "措施", 22),
        text_col("text", "内容", 100),
    ),
)

PROJECT_GOALS = Table(
    key="project_goals",
    sheet="项目绩效目标",
    title="专项资金与预算项目绩效目标表",
    unit=None,
    section="绩效目标",
    columns=(
        text_col("group", "类别", 10),
        Column("no", "表序号", fmt="count", width=7),
        text_col("name", "项目名称", 40),
        text_col("title", "表名", 40),
        text_col("department", "单位", 30),
        text_col("unit", "金额单位", 8),
        text_col("goal", "绩效目标", 80),
    ),
)

PROJECT_INDICATORS = Table(
    key="project_indicators",
    sheet="项目绩效指标",
    title="专项资金与预算项目绩效指标",
    unit=None,
    section="绩效目标",
    columns=(
        text_col("group", "类别", 10),
        Column("no", "表序号", fmt="count", width=7),
        text_col("level1", "一级指标", 11),
        text_col("level2", "二级指标", 16),
        text_col("level3", "三级指标", 24),
        text_col("description", "绩效指标描述", 40),
        text_col("target", "指标值", 22),
        text_col("basis", "指标值确定依据", 36),
    ),
)

GLOSSARY = Table(
    key="glossary",
    sheet="名词解释",
    title="名词解释",
    unit=None,
    section="名词解释",
    columns=(
        Column("no", "序号", fmt="count", width=6),
        text_col("term", "名词", 22),
        text_col("definition", "解释", 100),
    ),
)

NARRATIVE = Table(
    key="narrative",
    sheet="情况说明",
    title="部门预算公开情况说明（公开文本，逐段）",
    unit=None,
    section="全文",
    columns=(
        Column("no", "段落", fmt="count", width=6),
        text_col("section", "章节", 6),
        text_col("kind", "类型", 8),
        text_col("text", "文本", 120),
    ),
)

# Where each imported figure came from (budget-addin import): one row per template cell, written by
# the import and kept as data, so a reviewer can trace a figure to its file, sheet and cell (or page
# and paragraph) and a preparer can note the source of a figure typed by hand.
DATA_SOURCES = Table(
    key="sources",
    sheet="数据来源",
    title="数据来源（导入时记录，每个数字来自哪个文件的哪个单元格或段落）",
    unit=None,
    section="",
    columns=(
        text_col("cell", "单元格", 26),
        text_col("item", "项目", 30),
        text_col("value", "数值", 14),
        text_col("source", "来源", 48),
        text_col("note", "说明", 40),
    ),
    note="由“导入”写入；未放入模板的数字也列在这里，说明栏写明原因。",
)

TABLES: tuple[Table, ...] = tuple(with_breakdowns(t) for t in (
    DEPARTMENT, UNIT_COUNTS, INSTITUTIONS, DUTIES, STAFF,
    INCOME_EXPENDITURE, DETAILS, OFFICE_COSTS, THREE_PUBLIC,
    PROCUREMENT, PROCUREMENT_SUMMARY, ASSETS, FIXED_ASSETS,
    SUMMARY_TABLE, INCOME_TABLE, EXPENDITURE_TABLE, FISCAL_TABLE, GP_EXPENDITURE_TABLE,
    GP_BASIC_TABLE, GP_THREE_PUBLIC_TABLE, GOV_FUND_TABLE, SOE_TABLE,
    OVERALL_GOAL, SUB_GOALS, SAFEGUARDS, PROJECT_GOALS, PROJECT_INDICATORS,
    GLOSSARY, NARRATIVE, DATA_SOURCES,
))
TABLES_BY_KEY: Mapping[str, Table] = MappingProxyType({t.key: t for t in TABLES})
TABLES_BY_SHEET: Mapping[str, Table] = MappingProxyType({t.sheet: t for t in TABLES})

CONFIG_SHEET = "xlwings.conf"
# The sheets the tool writes; everything else belongs to the user.
OWNED_SHEETS = (
    "审核结果",
    "同比分析",
    "收支结构",
    "三公经费",
    "政府采购汇总",
    "资产结构",
    "绩效指标审查",
    "情况说明（生成）",
)


def table(key: str) -> Table:
    """The table with this key."""
    return TABLES_BY_KEY[key]
