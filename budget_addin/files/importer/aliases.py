"""The other names under which published tables state the template's rows, columns and titles.

The one place for them: the template's own labels come from the schema (never copied here);
this module only adds the variants real tables use. A name listed here must mean exactly one
thing; where a name could mean two rows, the import reports it instead of choosing.
"""

from __future__ import annotations

import re
import unicodedata

# Rows: groups of names for one line of a table (the schema's label is one of them or added).
ROW_SYNONYMS: tuple[frozenset[str], ...] = tuple(frozenset(group) for group in (
    {"财政拨款收入", "财政拨款"},
    {"一般公共预算拨款收入", "一般公共预算拨款", "公共财政拨款", "一般公共预算财政拨款"},
    {"政府性基金预算拨款收入", "政府性基金预算拨款", "政府性基金拨款", "基金预算拨款"},
    {"国有资本经营预算拨款收入", "国有资本经营预算拨款"},
    {"财政专户管理资金收入", "财政专户管理资金", "财政专户核拨", "财政专户管理资金拨款"},
    {"事业单位经营收入", "经营收入"},
    {"其他收入", "其他来源收入"},
    {"用事业基金弥补收支差额", "用事业基金弥补"},
    {"上年结转(结余)", "上年结转", "上年结转和结余", "上年结转结余", "上年结余"},
    {"本年收入合计", "本年收入"},
    {"本年支出合计", "支出合计", "本年支出"},
    {"收入总计", "收入合计总计"},
    {"结转下年", "结转下年(结余)", "年末结转和结余", "结转下年结余", "年终结转结余", "年终结转", "年末结转结余"},
    {"因公出国(境)费", "因公出国(境)费用", "因公出国境费", "因公出国费"},
    {"公务用车购置及运行费", "公务用车购置及运行维护费"},
    {"公务用车运行维护费", "公务用车运行费", "运行维护费", "运行费"},
    {"公务用车购置费", "购置费"},
))

# Column headers: names keyed by the schema's column label.
COLUMN_SYNONYMS: dict[str, frozenset[str]] = {label: frozenset(names) for label, names in {
    "本年预算数": {"预算数", "本年预算", "本年数", "金额", "预算金额", "本年预算金额", "年初预算数", "预算", "合计"},
    "上年数": {"上年预算数", "上年执行数", "上年预算", "上年执行", "上年数"},
    "增减额(所列)": {"增减额", "增减", "增减金额", "比上年增减", "较上年增减", "增减变化", "增减变动"},
    "增减率(所列)": {"增减率", "增长率", "增幅", "增减幅度", "增减百分比", "增减比例", "增长"},
    "合计": {"合计", "总计", "小计", "金额合计", "金额", "采购金额"},
    "项目名称": {"采购项目"},
    "一般公共预算拨款": {"一般公共预算", "一般公共预算拨款收入", "公共财政拨款"},
    "政府性基金预算拨款": {"政府性基金预算", "政府性基金", "政府性基金预算拨款收入", "基金预算拨款"},
    "国有资本经营预算拨款": {"国有资本经营预算", "国有资本经营预算拨款收入"},
    "财政专户管理资金": {"财政专户管理资金收入", "财政专户核拨", "财政专户"},
    "事业单位经营收入": {"经营收入"},
    "上年结转": {"上年结转(结余)", "上年结转和结余"},
    "其他收入": {"其他来源收入"},
    "科目编码": {"编码", "功能分类科目编码", "经济分类科目编码", "科目代码", "功能科目编码", "支出功能分类科目编码",
                 "支出经济分类科目编码"},
    "科目名称": {"功能分类科目名称", "经济分类科目名称", "科目", "项目", "功能科目名称", "项目名称",
                 "支出功能分类科目名称", "支出经济分类科目名称"},
    "人员经费": {"人员经费支出"},
    "公用经费": {"公用经费支出"},
    "基本支出": {"基本支出合计"},
    "项目支出": {"项目支出合计"},
    "采购物品名称": {"采购品目名称", "采购项目名称", "品目名称", "采购品目", "采购物品"},
    "政府采购目录序号": {"采购目录", "政府采购目录", "目录编码", "品目编码"},
    "财政专户核拨": {"财政专户管理资金", "财政专户"},
    "其他来源收入": {"其他资金", "其他收入"},
}.items()}

# Headers that name the row labels of a form table, and the parts of a code split over columns. A
# side-by-side 收支总表 has one per side or more (收入 项目名称 | 功能科目名称 | 支出用途项目名称); any
# header of a form table ending in 名称 names labels too.
LABEL_HEADERS = frozenset({"项目", "收入", "支出", "收入项目", "支出项目", "项目名称", "科目", "科目名称", "收入预算",
                           "支出预算", "预算科目", "支出功能分类科目", "功能科目名称", "功能分类科目名称",
                           "支出功能分类科目名称", "支出用途项目名称", "支出用途", "按支出用途", "按功能分类"})
CODE_PART_HEADERS = ("类", "款", "项")
# Economic classes (支出经济分类, 301…/501…): lines of this name are no function class.
ECONOMIC_CLASS_NAMES = frozenset({
    "工资福利支出", "商品和服务支出", "对个人和家庭的补助", "对个人和家庭的补助支出", "资本性支出",
    "债务利息及费用支出", "对企业补助", "对社会保障基金补助", "其他支出", "机关工资福利支出", "机关商品和服务支出",
    "机关资本性支出", "对事业单位经常性补助", "对事业单位资本性补助", "对企业补助(基本建设)"})

# Columns that number the lines (行次 1, 2, 3 …): not figures of the table, read past.
IGNORED_HEADERS = frozenset({"行次", "栏次", "序号", "编号", "行号"})
# Headers that say "the amount" without saying which: under a parent header, the parent names the column.
GENERIC_HEADERS = frozenset({"小计", "合计", "金额", "预算数", "计", "数额"})

# Table titles: names keyed by the table key, beside the schema's title.
TITLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "summary_table": ("部门收支总表", "收支预算总表", "部门收支预算总表", "收支总表", "部门预算收支总表",
                      "收入支出预算总表"),
    "income_table": ("部门收入总表", "收入预算总表", "部门收入预算总表", "收入预算表"),
    "expenditure_table": ("部门支出总表", "支出预算总表", "部门支出预算总表", "支出预算表"),
    "fiscal_table": ("财政拨款收支总表", "财政拨款收支预算总表", "财政拨款收入支出预算总表"),
    "gp_expenditure_table": ("一般公共预算支出表", "一般公共预算支出预算表", "一般公共预算财政拨款支出表",
                             "一般公共预算财政拨款支出预算表", "一般公共预算支出功能分类预算表",
                             "一般公共预算财政拨款支出功能分类预算表", "一般公共预算功能分类支出表"),
    "gp_basic_table": ("一般公共预算基本支出表", "一般公共预算财政拨款基本支出表", "一般公共预算基本支出预算表",
                       "一般公共预算财政拨款基本支出预算表"),
    "gp_three_public_table": ("一般公共预算三公经费支出表", "三公经费支出表", "三公经费支出预算表", "三公经费预算表",
                              "一般公共预算三公经费支出预算表", "一般公共预算财政拨款三公经费支出预算表"),
    "three_public": ("财政拨款三公经费支出预算表", "财政拨款三公经费预算表", "三公经费财政拨款预算表",
                     "财政拨款三公经费支出表"),
    "gov_fund_table": ("政府性基金预算支出表", "政府性基金支出表", "政府性基金预算支出预算表",
                       "政府性基金预算支出功能分类预算表", "政府性基金预算财政拨款支出预算表",
                       "政府性基金预算财政拨款支出表", "政府性基金预算财政拨款收入支出预算表"),
    "soe_table": ("国有资本经营预算支出表", "国有资本经营支出表", "国有资本经营预算支出预算表",
                  "国有资本经营预算支出功能分类预算表", "国有资本经营预算财政拨款支出预算表",
                  "国有资本经营预算财政拨款支出表"),
    "project_goals": ("项目支出绩效目标表", "项目绩效目标表", "专项资金绩效目标表", "绩效目标表"),
    "sub_goals": ("部门整体绩效目标表", "部门整体支出绩效目标表"),
    "procurement": ("政府采购预算表", "政府采购支出预算表", "政府采购预算明细表", "部门政府采购预算"),
}

# Tables some provinces publish that the template has no sheet for: found, so that their figures
# are listed as not placed instead of being read as the table whose title they contain.
UNSUPPORTED_TITLES = ("项目支出预算表", "项目支出表", "项目支出预算明细表", "机关运行经费支出预算表",
                      "政府购买服务预算表", "财政拨款基本支出预算表", "财政拨款支出预算明细表", "基本支出预算明细表")

# What a table is about, as its title names it: a title with one of these words is that kind of
# table whatever else it contains ("三公"经费、会议费、培训费支出预算表 is no 部门支出总表, though it
# ends in 支出预算表). The key is the template's table ("" when the template has none, None when
# the scope words of the title decide: see :func:`kind_key`).
TITLE_KINDS: tuple[tuple[str, str | None], ...] = (
    ("三公", None), ("政府采购", "procurement"), ("机关运行经费", ""), ("政府购买服务", ""), ("绩效目标", None),
    ("决算", ""),
)
# Why a kind of table the template has no sheet for is not read.
KIND_PROBLEMS = {"决算": "决算表：模板是预算公开表，没有决算数的位置", "机关运行经费": "模板中没有机关运行经费支出表",
                 "政府购买服务": "模板中没有政府购买服务预算表"}
# Scope words of a title (the funds a table covers), most specific first; a title with none is the
# 部门's (all funds).
TITLE_SCOPES = (("一般公共预算", "一般公共预算"), ("公共财政", "一般公共预算"), ("政府性基金", "政府性基金"),
                ("国有资本经营", "国有资本经营"), ("财政专户", "财政专户"), ("财政拨款", "财政拨款"))
# The scope of each template table a title can name (what its figures cover).
TABLE_SCOPES: dict[str, tuple[str, ...]] = {
    "summary_table": ("部门",), "income_table": ("部门",), "expenditure_table": ("部门",),
    "fiscal_table": ("财政拨款",), "gp_expenditure_table": ("一般公共预算",), "gp_basic_table": ("一般公共预算",),
    # "三公" are paid from 一般公共预算 appropriations: a 三公 title without a scope word is this table
    "gp_three_public_table": ("一般公共预算", "部门"), "three_public": ("财政拨款",),
    "gov_fund_table": ("政府性基金",), "soe_table": ("国有资本经营",),
}


def title_scope(title: str) -> str:
    """The funds a normalised title names (``一般公共预算财政拨款支出表`` → ``一般公共预算``); ``部门`` for none."""
    return next((scope for word, scope in TITLE_SCOPES if word in title), "部门")


def kind_key(kind: str, scope: str) -> str | None:
    """The template table of a kind word whose key depends on the title's scope (三公 → 一般公共预算 or 财政拨款
    table)."""
    if kind == "三公":
        return "three_public" if scope == "财政拨款" else "gp_three_public_table" if scope in ("一般公共预算", "部门") \
            else ""
    return None


# Leading numbering of a label: 第一部分、一、（一）1. 1、（1）① and 其中：
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+(?:部分|章|节)|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)[、.]?"
    r"|\d{1,2}(?:、|\.(?!\d))|\(\d{1,2}\)[、.]?|[\u2460-\u2473][、.]?|其中[:、]?)"
)
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_YEAR = re.compile(r"(20\d\d)年(?:度)?")
_UNIT = re.compile(r"\((?:(?:金额)?单位:)?(亿元|万元|千元|元|%|％|人|家)\)$")


def normal(text: object) -> str:
    """A label or header compared the way a reader does: width, spaces, quotes and colon ignored."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = re.sub(r"\s+", "", value).translate(_QUOTES)
    return value.rstrip(":")


def bare_label(text: object) -> str:
    """A row label without its numbering or 其中：(``（一）一般公共预算拨款`` → ``一般公共预算拨款``)."""
    value = normal(text)
    while True:
        stripped = _NUMBERING.sub("", value, count=1).lstrip(":")
        if stripped == value or not stripped:
            return value
        value = stripped


def of_which(text: object) -> bool:
    """True for a 其中 line."""
    return normal(text).lstrip("0123456789、.()一二三四五六七八九十").startswith("其中")


def row_names(label: str) -> frozenset[str]:
    """Every name a table may give the template row labelled ``label``."""
    own = bare_label(label)
    names = {own}
    for group in ROW_SYNONYMS:
        if own in group:
            names |= group
    return frozenset(names)


def header_text(text: object) -> tuple[str, int | None]:
    """A header without its unit and year (``2021年预算数（万元）`` → (``预算数``, 2021))."""
    value = normal(text)
    year = None
    match = _YEAR.search(value)
    if match:
        year = int(match.group(1))
        value = value.replace(match.group(0), "")
    return _UNIT.sub("", value), year


def header_unit(text: object) -> str | None:
    """The unit a header or row label names itself (``金额（元）``, ``2021年预算数（单位：元）`` → ``元``)."""
    match = _UNIT.search(normal(text))
    unit = match.group(1).replace("％", "%") if match else None
    return unit if unit in ("亿元", "万元", "千元", "元", "%") else None


def column_names(label: str) -> frozenset[str]:
    """Every header a table may give the template column labelled ``label``."""
    own = header_text(label)[0]
    return frozenset({own} | COLUMN_SYNONYMS.get(own, frozenset()))


def title_names(key: str, schema_title: str) -> tuple[str, ...]:
    """Every title of a standard table, normalised."""
    return tuple(normal(t) for t in (schema_title, *TITLE_SYNONYMS.get(key, ())))
