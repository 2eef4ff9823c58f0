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
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

TITLE_ROW, UNIT_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4
LABEL = "label"  # key of column A in form tables

# number formats, by column ``fmt``
FORMATS = {
    "amount": "#,##0.00",
    "percent": "0.00%",
    "count": "#,##0",
    "quantity": "#,##0.##",
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

    @property
    def numeric(self) -> bool:
        return self.fmt in {"amount", "percent", "count", "quantity"}


@dataclass(frozen=True)
class Row:
    """A fixed row of a form table."""

    key: str
    label: str
    level: int = 1  # 0 total, 1 part, 2 part of a part
    of_which: bool = False  # a 其中 row: partial breakdown, skipped by totals
    formulas: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    computed: frozenset[str] = frozenset()  # input columns that are computed in this row


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


def text_col(key: str, label: str, width: float = 20.0) -> Column:
    return Column(key, label, fmt="text", width=width)


AMOUNT = Column("amount", "本年预算数", width=14)
CHECK = Column("check", "校验", kind="computed", fmt="check", width=16)

# Year-on-year columns shared by 比上年增减 and 机关运行经费.
YOY_COLUMNS = (
    Column("current", "本年预算数"),
    Column("change", "增减额（说明所列）"),
    Column("prior", "上年预算数（推算）", kind="computed", formula="=YS_PRIOR({current},{change})"),
    Column("growth", "增减率（计算）", kind="computed", fmt="percent", formula="=YS_GROWTH({current},{prior})"),
    Column("stated_growth", "增减率（说明所列）", fmt="percent"),
    Column("check", "校验", kind="computed", fmt="check", width=22,
           formula="=YS_CHECKRATIO({stated_growth},{change},{prior})"),
)

SHARE_COLUMNS = (
    Column("share", "占比（计算）", kind="computed", fmt="percent", formula="=YS_SHARE({amount},{amount@total})"),
    Column("stated_share", "占比（说明所列）", fmt="percent"),
    Column("check", "校验", kind="computed", fmt="check", width=22,
           formula="=YS_CHECKRATIO({stated_share},{amount},{amount@total})"),
)

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
        Row("compiler", "编制部门"),
        Row("title", "公开文本标题"),
        Row("duties_intro", "部门职责概述"),
        Row("year", "预算年度"),
        Row("procurement_code", "政府采购预算部门编码"),
        Row("asset_date", "资产统计截止时间"),
    ),
)

INSTITUTIONS = Table(
    key="institutions",
    sheet="机构设置",
    title="部门机构设置情况",
    unit=None,
    section="一（二）",
    columns=(
        text_col("name", "单位名称", 28),
        text_col("nature", "单位性质", 12),
        text_col("rank", "单位规格", 12),
        text_col("funding", "经费保障形式", 24),
    ),
)

DUTIES = Table(
    key="duties",
    sheet="部门职责",
    title="部门职责",
    unit=None,
    section="一（一）",
    columns=(
        Column("no", "序号", fmt="count", width=6),
        text_col("name", "职责", 28),
        text_col("text", "内容", 100),
    ),
)

INCOME_EXPENDITURE = Table(
    key="income_expenditure",
    sheet="收入支出",
    title="部门预算收入支出情况",
    section="二（一）（二）",
    columns=(AMOUNT, CHECK),
    rows=(
        Row("income_total", "收入总计", level=0,
            formulas=_f(check="=YS_CHECKSUM({amount},{amount@gp_appropriation:other_income})")),
        Row("gp_appropriation", "一般公共预算拨款"),
        Row("fund_appropriation", "政府性基金预算拨款"),
        Row("soe_appropriation", "国有资本经营预算拨款"),
        Row("special_account", "财政专户核拨"),
        Row("other_income", "其他来源收入"),
        Row("carryover", "结转至本年的资金（说明所述，未列入收入总计）", level=1),
        Row("expenditure_total", "支出总计", level=0,
            formulas=_f(check="=YS_CHECKSUM({amount},{amount@basic},{amount@project})")),
        Row("basic", "基本支出",
            formulas=_f(check="=YS_CHECKSUM({amount},{amount@personnel},{amount@public})")),
        Row("personnel", "人员经费", level=2),
        Row("public", "日常公用经费", level=2),
        Row("project", "项目支出",
            formulas=_f(check="=YS_CHECKPART({amount},{amount@project_own})")),
        Row("project_own", "其中：本级支出", level=2, of_which=True),
    ),
)

_YOY_LINK = "={income_expenditure!amount@%s}"

YEAR_ON_YEAR = Table(
    key="year_on_year",
    sheet="比上年增减",
    title="支出预算比上年增减情况",
    section="二（三）",
    columns=YOY_COLUMNS,
    rows=(
        Row("total", "支出总计", level=0, formulas=_f(current=_YOY_LINK % "expenditure_total")),
        Row("basic", "基本支出", formulas=_f(current=_YOY_LINK % "basic")),
        Row("project", "项目支出", formulas=_f(current=_YOY_LINK % "project")),
        Row("basic_items_total", "基本支出所列增减项合计", level=1, computed=frozenset({"change"}), formulas=_f(
            change="=YS_TOTAL({change@basic_salary:basic_bonus})",
            check="=YS_CHECKSUM({change@basic},{change@basic_salary:basic_bonus})",
            prior="", growth="")),
        Row("basic_salary", "其中：基本工资", level=2, of_which=True),
        Row("basic_allowance", "津贴补贴", level=2, of_which=True),
        Row("basic_social_security", "社会保障缴费", level=2, of_which=True),
        Row("basic_housing_fund", "住房公积金", level=2, of_which=True),
        Row("basic_hired_staff", "聘用人员工资保险", level=2, of_which=True),
        Row("basic_awards", "在职人员精神文明奖和平安建设奖", level=2, of_which=True),
        Row("basic_bonus", "区级绩效奖励金", level=2, of_which=True),
        Row("project_items_total", "项目支出所列增减项合计", level=1, computed=frozenset({"change"}), formulas=_f(
            change="=YS_TOTAL({change@project_party_city:project_veterans})",
            check="=YS_CHECKSUM({change@project},{change@project_party_city:project_veterans})",
            prior="", growth="")),
        Row("project_party_city", "其中：社区党建惠民工程市级专项资金", level=2, of_which=True),
        Row("project_community_district", "社区惠民项目区级资金", level=2, of_which=True),
        Row("project_committee_staff", "居委会聘用人员工资保险", level=2, of_which=True),
        Row("project_community_workers", "社区工作者工资保险", level=2, of_which=True),
        Row("project_heating", "新增：供热管理工作经费", level=2, of_which=True,
            formulas=_f(change="={current}")),
        Row("project_youth_league", "新增：共青团工作经费", level=2, of_which=True,
            formulas=_f(change="={current}")),
        Row("project_culture", "新增：文化活动经费", level=2, of_which=True,
            formulas=_f(change="={current}")),
        Row("project_village_party", "新增：村党组织活动经费", level=2, of_which=True,
            formulas=_f(change="={current}")),
        Row("project_service", "新增：服务群众专项经费", level=2, of_which=True,
            formulas=_f(change="={current}")),
        Row("project_veterans", "另外：退役人员经费", level=2, of_which=True),
    ),
    note="新增项目上年为零，其增减额等于本年预算数。",
)

COMMUNITY_WORKERS = Table(
    key="community_workers",
    sheet="社区工作者",
    title="社区工作者人数变化（说明所列）",
    unit="人",
    section="二（三）",
    columns=(Column("count", "人数", fmt="count"),
             Column("check", "校验", kind="computed", fmt="check", width=22)),
    rows=(
        Row("total", "共计", level=0,
            formulas=_f(check="=YS_CHECKSUM({count},{count@former_committee},{count@assigned})")),
        Row("former_committee", "2018-2019 原居委会人员纳入社区工作者薪酬管理"),
        Row("assigned", "新选配大学生社区工作者分配至本街道"),
        Row("city_selected", "2019 年 9 月市委组织部为本区新选配大学生社区工作者", level=2),
        Row("increase_vs_2018", "较 2018 年社区工作者增加", level=2),
    ),
)

OFFICE_COSTS = Table(
    key="office_costs",
    sheet="机关运行经费",
    title="机关运行经费安排情况",
    section="三",
    columns=YOY_COLUMNS,
    rows=(
        Row("total", "机关运行经费", level=0),
        Row("items_total", "所列明细合计", level=1, formulas=_f(
            current="=YS_TOTAL({current@office:welfare})",
            change="=YS_TOTAL({change@office:welfare})",
            prior="", growth="", stated_growth="",
            check="=YS_CHECKPART({current@total},{current@office:welfare})")),
        Row("office", "其中：办公费", level=2, of_which=True),
        Row("property", "物业管理费", level=2, of_which=True),
        Row("union", "工会经费", level=2, of_which=True),
        Row("rent", "办公用房租赁费", level=2, of_which=True),
        Row("utilities", "办公用房水电费", level=2, of_which=True),
        Row("fiber", "光纤租赁费", level=2, of_which=True),
        Row("welfare", "福利费", level=2, of_which=True),
    ),
)

THREE_PUBLIC = Table(
    key="three_public",
    sheet="三公经费预算",
    title="财政拨款“三公”经费预算情况",
    section="四",
    columns=(
        AMOUNT,
        Column("change", "增减额（说明所列）"),
        Column("prior", "上年预算数（推算）", kind="computed", formula="=YS_PRIOR({amount},{change})"),
        Column("growth", "增减率（计算）", kind="computed", fmt="percent", formula="=YS_GROWTH({amount},{prior})"),
        *SHARE_COLUMNS,
    ),
    rows=(
        Row("total", "合计", level=0, formulas=_f(
            check="=YS_CHECKSUM({amount},{amount@abroad},{amount@vehicles},{amount@reception})",
            share="", stated_share="")),
        Row("abroad", "因公出国（境）费"),
        Row("vehicles", "公务用车购置及运行费", formulas=_f(
            check="=YS_CHECKSUM({amount},{amount@vehicle_purchase},{amount@vehicle_operation})")),
        Row("vehicle_purchase", "其中：公务用车购置费", level=2, of_which=True),
        Row("vehicle_operation", "公务用车运行维护费", level=2, of_which=True),
        Row("reception", "公务接待费"),
    ),
)

PROCUREMENT = Table(
    key="procurement",
    sheet="政府采购预算",
    title="部门政府采购预算",
    section="六",
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
    note="第一行为部门小计（按公开表所列），其下每行一个采购项目。",
)

PROCUREMENT_SUMMARY = Table(
    key="procurement_summary",
    sheet="政府采购构成",
    title="政府采购预算构成（说明所列与明细）",
    section="六",
    columns=(
        Column("amount", "金额（说明所列）"),
        Column("detail", "按明细计算", kind="computed", formula=None),
        Column("share", "占比（计算）", kind="computed", fmt="percent", formula="=YS_SHARE({amount},{amount@total})"),
        Column("stated_share", "占比（说明所列）", fmt="percent"),
        Column("check", "校验", kind="computed", fmt="check", width=22,
               formula="=YS_CHECKRATIO({stated_share},{amount},{amount@total})"),
    ),
    rows=(
        Row("total", "政府采购预算合计", level=0, formulas=_f(
            detail='=YS_SUMCATEGORY({procurement!amount@*},{procurement!catalog@*},"全部")',
            share="", stated_share="",
            check="=YS_CHECKSUM({amount},{amount@goods},{amount@works},{amount@services})")),
        Row("goods", "货物", formulas=_f(detail='=YS_SUMCATEGORY({procurement!amount@*},{procurement!catalog@*},"货物")')),
        Row("works", "工程", formulas=_f(detail='=YS_SUMCATEGORY({procurement!amount@*},{procurement!catalog@*},"工程")')),
        Row("services", "服务", formulas=_f(detail='=YS_SUMCATEGORY({procurement!amount@*},{procurement!catalog@*},"服务")')),
    ),
)

ASSETS = Table(
    key="assets",
    sheet="国有资产",
    title="国有资产信息（固定资产构成）",
    section="七",
    columns=(Column("amount", "金额"), *SHARE_COLUMNS),
    rows=(
        Row("total", "固定资产合计", level=0, formulas=_f(
            share="", stated_share="",
            check="=YS_CHECKSUM({amount},{amount@land_buildings:furniture})")),
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
    title="高新区区直部门固定资产占用情况表",
    section="七",
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
        Row("special_equipment", "3、专用设备", formulas=_f(check="=YS_CHECKPART({value},{value@expensive_equipment})")),
        Row("expensive_equipment", "其中：单价 20 万元（含）以上的设备", level=2, of_which=True),
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
        Row("gp_appropriation", "一、一般公共预算拨款"),
        Row("fund_appropriation", "二、政府性基金预算拨款"),
        Row("soe_appropriation", "三、国有资本经营预算拨款"),
        Row("special_account", "四、财政专户核拨"),
        Row("other_income", "五、其他来源收入"),
        Row("income_this_year", "本年收入合计", level=0, formulas=_f(
            check="=YS_CHECKSUM({amount},{amount@gp_appropriation:other_income})")),
        Row("carryover", "上年结转"),
        Row("income_total", "收入总计", level=0, formulas=_f(
            check="=YS_CHECKSUM({amount},{amount@income_this_year},{amount@carryover})")),
        Row("basic", "基本支出"),
        Row("project", "项目支出"),
        Row("expenditure_this_year", "本年支出合计", level=0, formulas=_f(
            check="=YS_CHECKSUM({amount},{amount@basic},{amount@project})")),
        Row("carry_forward", "结转下年"),
        Row("expenditure_total", "支出总计", level=0, formulas=_f(
            check="=YS_CHECKSUM({amount},{amount@expenditure_this_year},{amount@carry_forward})")),
    ),
)

_FUND_COLUMNS = (
    Column("total", "合计"),
    Column("gp", "一般公共预算拨款"),
    Column("fund", "政府性基金预算拨款"),
    Column("soe", "国有资本经营预算拨款"),
    Column("special", "财政专户核拨"),
    Column("other", "其他来源收入"),
    Column("check", "校验", kind="computed", fmt="check", width=16,
           formula="=YS_CHECKSUM({total},{gp},{fund},{soe},{special},{other})"),
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
        Row("income_total", "收入总计", level=0, formulas=_f(
            check="=YS_CHECKSUM({amount},{amount@gp_appropriation:soe_appropriation})")),
        Row("gp_expenditure", "一般公共预算支出"),
        Row("fund_expenditure", "政府性基金预算支出"),
        Row("soe_expenditure", "国有资本经营预算支出"),
        Row("expenditure_total", "支出总计", level=0, formulas=_f(
            check="=YS_CHECKSUM({amount},{amount@gp_expenditure:soe_expenditure})")),
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
    columns=(AMOUNT, CHECK),
    rows=(
        Row("total", "合计", level=0, formulas=_f(
            check="=YS_CHECKSUM({amount},{amount@abroad},{amount@vehicles},{amount@reception})")),
        Row("abroad", "因公出国（境）费"),
        Row("vehicles", "公务用车购置及运行费", formulas=_f(
            check="=YS_CHECKSUM({amount},{amount@vehicle_purchase},{amount@vehicle_operation})")),
        Row("vehicle_purchase", "其中：公务用车购置费", level=2, of_which=True),
        Row("vehicle_operation", "公务用车运行费", level=2, of_which=True),
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
    note="本部门无国有资本经营预算财政拨款支出预算，空表列示。",
)

# ---- performance and text ------------------------------------------------------------------

OVERALL_GOAL = Table(
    key="overall_goal",
    sheet="总体绩效目标",
    title="部门整体绩效目标：总体绩效目标",
    unit=None,
    section="五（一）1",
    columns=(text_col("text", "内容", 120),),
    rows=(Row("text", "总体绩效目标"),),
    label_width=16,
)

SUB_GOALS = Table(
    key="sub_goals",
    sheet="分项绩效目标",
    title="部门整体绩效目标：分项绩效目标",
    unit=None,
    section="五（一）2",
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
    section="五（一）3",
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
    section="五（二）（三）",
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
    section="五（二）（三）",
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
    section="八",
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

TABLES: tuple[Table, ...] = (
    DEPARTMENT, INSTITUTIONS, DUTIES,
    INCOME_EXPENDITURE, YEAR_ON_YEAR, COMMUNITY_WORKERS, OFFICE_COSTS, THREE_PUBLIC,
    PROCUREMENT, PROCUREMENT_SUMMARY, ASSETS, FIXED_ASSETS,
    SUMMARY_TABLE, INCOME_TABLE, EXPENDITURE_TABLE, FISCAL_TABLE, GP_EXPENDITURE_TABLE,
    GP_BASIC_TABLE, GP_THREE_PUBLIC_TABLE, GOV_FUND_TABLE, SOE_TABLE,
    OVERALL_GOAL, SUB_GOALS, SAFEGUARDS, PROJECT_GOALS, PROJECT_INDICATORS,
    GLOSSARY, NARRATIVE,
)
TABLES_BY_KEY: Mapping[str, Table] = MappingProxyType({t.key: t for t in TABLES})
TABLES_BY_SHEET: Mapping[str, Table] = MappingProxyType({t.sheet: t for t in TABLES})

CONFIG_SHEET = "xlwings.conf"
# The sheets the tool writes; everything else belongs to the user.
OWNED_SHEETS = ("审核结果", "同比分析", "收支结构", "三公经费", "政府采购汇总", "资产结构", "绩效指标审查", "情况说明（生成）")


def table(key: str) -> Table:
    """The table with this key."""
    return TABLES_BY_KEY[key]
