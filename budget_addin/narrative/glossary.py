"""What the 情况说明 speaks of: subjects, the words that name them, and the cells that hold them.

One place for the vocabulary of the narrative. Each :class:`Subject` takes its
label from the schema row it stands for and adds the synonyms the official
texts use. The claim extractor maps the words of a sentence to a subject; the
linker and the generator read the subject's cells. Sums the text may state
(总计 and its parts) come from the schema's check formulas, so the narrative
judges a breakdown exactly as the table does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from budget_addin.core.schema import TABLES, TABLES_BY_KEY, breakdowns

if TYPE_CHECKING:
    from budget_addin.core.model import Book

# Sections of the 情况说明 the narrative generates and checks, in the official order.
SECTIONS = ("二", "三", "四", "六", "七")
LABEL_PREFIXES = ("其中：", "新增：", "另外：")
NEW_PREFIX, ASIDE_PREFIX = "新增：", "另外："


@dataclass(frozen=True)
class Ref:
    """A cell of the model by keys: table, row key, column key."""

    table: str
    row: str
    col: str

    def at(self, col: str) -> Ref:
        """The cell of another column in the same row."""
        return Ref(self.table, self.row, col)

    def has(self, col: str) -> bool:
        """True when this row's table has the column and the row computes or holds it."""
        return _has(self.table, self.row, col)

    def label(self) -> str:
        """The row's label as the text writes it (without 其中：/新增：/另外：)."""
        return plain_label(TABLES_BY_KEY[self.table].row(self.row).label)


@lru_cache(maxsize=4096)  # schema-derived: the same for every workbook of a batch
def _has(table: str, row: str | int, col: str) -> bool:
    spec = TABLES_BY_KEY[table]
    if col not in {c.key for c in spec.columns}:
        return False
    if not spec.is_form:
        return True
    return spec.formula(spec.row(row), spec.column(col)) != ""  # type: ignore[arg-type]


_DATE_PREFIX = re.compile(r"^\d{4}(?:\s*-\s*\d{4})?\s*(?:年度?)?\s*(?:\d{1,2}\s*月)?\s*")
# One-to-one character map applied to a text before matching, so spans stay valid.
_NORMAL = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "．": ".", "％": "%", "(": "（", ")": "）", "“": '"', "”": '"', "‘": '"', "’": '"', "＋": "+",
    "－": "-", "−": "-", "\u3000": " ", "\xa0": " ",
})


# The same map as (from, to) pairs: no character a pair writes is one another pair reads, so replacing them
# one after the other equals the translation, and str.replace of a character absent from the text is skipped.
_NORMAL_PAIRS = tuple((chr(code), to) for code, to in _NORMAL.items())


def normalise(text: str) -> str:
    """The text with full-width digits, brackets and quotes unified, character for character."""
    # str.translate looks every character up in a dict; a few C-level scans for the characters to change
    # are several times faster on a paragraph (every text is normalised for each reading of it).
    for old, new in _NORMAL_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def plain_label(label: str) -> str:
    """A schema row label without its list prefix or leading number (``1、房屋（平方米）`` → ``房屋``)."""
    text = re.sub(r"^\d+、", "", label)
    for prefix in LABEL_PREFIXES:
        text = text.removeprefix(prefix)
    return re.sub(r"（(?:平方米|台、辆)）$", "", text)


@dataclass(frozen=True)
class Subject:
    """Something a sentence of the 情况说明 states a figure about."""

    key: str
    label: str
    terms: tuple[str, ...]
    sections: tuple[str, ...]
    amount: tuple[Ref, ...] = ()  # cells holding the amount (万元); the first filled one counts
    change: Ref | None = None  # the 增减额 cell; its row computes 上年数 and 增减率 where the table does
    share_of: str | None = None  # key of the subject a 占 X% share is taken of
    count: Ref | None = None  # the cell holding a count (人、名、辆、台)

    @property
    def families(self) -> tuple[str, ...]:
        """Unit families of the figures the subject has: money (万元, %), count (人、辆…)."""
        if self.count is not None:
            return ("count", "money") if self.amount else ("count",)
        return ("money",)


def _subject(key: str, ref: Ref | None, sections: tuple[str, ...], *synonyms: str, label: str | None = None,
             amount: tuple[Ref, ...] | None = None, change: Ref | None = None, share_of: str | None = None,
             count: Ref | None = None) -> Subject:
    name = label or (ref.label() if ref else key)
    undated = _DATE_PREFIX.sub("", name)  # "2018-2019 原居委会人员…" is also written without the years
    terms = tuple(dict.fromkeys(normalise(t) for t in (name, undated, *synonyms)))
    cells = amount if amount is not None else ((ref,) if ref else ())
    return Subject(key, name, terms, sections, cells, change, share_of, count)


def _ie(row: str) -> Ref:
    return Ref("income_expenditure", row, "amount")


def _yoy(row: str) -> Ref:
    return Ref("income_expenditure", row, "change")


def _office(row: str) -> Ref:
    return Ref("office_costs", row, "amount")


def _three(row: str) -> Ref:
    return Ref("three_public", row, "amount")


def _procurement(row: str) -> tuple[Ref, ...]:
    # The 说明所列 amount, else the sum of the procurement list by category.
    return (Ref("procurement_summary", row, "amount"), Ref("procurement_summary", row, "detail"))


def _asset(row: str) -> Ref:
    return Ref("assets", row, "amount")


S2, S3, S4, S6, S7 = ("二",), ("三",), ("四",), ("六",), ("七",)

GLOSSARY: tuple[Subject, ...] = (
    # 二（一）收入
    _subject("income_total", _ie("income_total"), S2, "收入预算总计", "收入合计", "收入总额", "总收入",
             change=_yoy("income_total")),
    _subject("income_this_year", _ie("income_this_year"), S2, "本年收入", change=_yoy("income_this_year")),
    _subject("fiscal_appropriation", _ie("fiscal_appropriation"), S2, "财政拨款", change=_yoy("fiscal_appropriation")),
    _subject("gp_appropriation", _ie("gp_appropriation"), S2, "一般公共预算拨款", "一般公共预算财政拨款",
             change=_yoy("gp_appropriation")),
    _subject("fund_appropriation", _ie("fund_appropriation"), S2, "基金预算拨款", "政府性基金预算", "政府性基金",
             change=_yoy("fund_appropriation")),
    _subject("soe_appropriation", _ie("soe_appropriation"), S2, "国有资本经营预算", change=_yoy("soe_appropriation")),
    _subject("special_account", _ie("special_account"), S2, "财政专户管理资金", "财政专户核拨", "财政专户",
             change=_yoy("special_account")),
    _subject("business_income", _ie("business_income"), S2, change=_yoy("business_income")),
    _subject("operating_income", _ie("operating_income"), S2, "经营收入", change=_yoy("operating_income")),
    _subject("superior_subsidy", _ie("superior_subsidy"), S2, change=_yoy("superior_subsidy")),
    _subject("affiliated_income", _ie("affiliated_income"), S2, change=_yoy("affiliated_income")),
    _subject("other_income", _ie("other_income"), S2, "其他来源收入", change=_yoy("other_income")),
    _subject("reserve_fund", _ie("reserve_fund"), S2, "事业基金弥补收支差额", change=_yoy("reserve_fund")),
    _subject("carryover", _ie("carryover"), S2, "结转至本年的资金", "上年结转", "结转资金", "结转",
             label="结转至本年的资金"),
    # 二（二）支出 and 二（三）比上年增减
    _subject("expenditure_total", _ie("expenditure_total"), S2, "支出预算总计", "支出合计", "支出总额",
             "预算安排", "支出预算", change=_yoy("expenditure_total")),
    _subject("basic", _ie("basic"), S2, change=_yoy("basic")),
    _subject("personnel", _ie("personnel"), S2, "人员支出", change=_yoy("personnel")),
    _subject("public", _ie("public"), S2, "日常公用经费", "公用经费", "公用支出", change=_yoy("public")),
    _subject("project", _ie("project"), S2, "项目支出", change=_yoy("project")),
    _subject("project_own", _ie("project_own"), S2, "本级支出", change=_yoy("project_own")),
    _subject("gp_expenditure", _ie("gp_expenditure"), S2, change=_yoy("gp_expenditure")),
    _subject("fund_expenditure", _ie("fund_expenditure"), S2, "政府性基金支出", change=_yoy("fund_expenditure")),
    _subject("soe_expenditure", _ie("soe_expenditure"), S2, "国有资本经营支出", change=_yoy("soe_expenditure")),
    # 三、机关运行经费
    _subject("office_total", _office("total"), S3, change=Ref("office_costs", "total", "change")),
    _subject("meeting", _office("meeting"), S3, change=Ref("office_costs", "meeting", "change")),
    _subject("training", _office("training"), S3, change=Ref("office_costs", "training", "change")),
    # 四、“三公”经费
    _subject("three_total", _three("total"), S4, '"三公"经费', "三公经费", label="“三公”经费",
             change=Ref("three_public", "total", "change")),
    _subject("abroad", _three("abroad"), S4, "因公出国（境）", "因公出国",
             change=Ref("three_public", "abroad", "change"), share_of="three_total"),
    _subject("vehicles", _three("vehicles"), S4, "公务用车购置及运行维护费", "公务用车费", share_of="three_total",
             change=Ref("three_public", "vehicles", "change")),
    _subject("vehicle_purchase", _three("vehicle_purchase"), S4, "公务用车购置",
             change=Ref("three_public", "vehicle_purchase", "change"), share_of="three_total"),
    _subject("vehicle_operation", _three("vehicle_operation"), S4, "公务用车运行费", "公务用车运行",
             change=Ref("three_public", "vehicle_operation", "change"), share_of="three_total"),
    _subject("reception", _three("reception"), S4, "公务接待", change=Ref("three_public", "reception", "change"),
             share_of="three_total"),
    # 六、政府采购
    _subject("procurement_total", None, S6, "政府采购支出预算", "政府采购预算", "政府采购",
             label="政府采购预算", amount=_procurement("total")),
    _subject("goods", None, S6, label="货物", amount=_procurement("goods"), share_of="procurement_total"),
    _subject("works", None, S6, label="工程", amount=_procurement("works"), share_of="procurement_total"),
    _subject("services", None, S6, label="服务", amount=_procurement("services"), share_of="procurement_total"),
    # 七、国有资产
    _subject("assets_total", _asset("total"), S7, "固定资产", label="固定资产"),
    *(_subject(row, _asset(row), S7, *synonyms, share_of="assets_total")
      for row, synonyms in (("land_buildings", ("土地、房屋及构筑物", "房屋及构筑物")), ("general_equipment", ()),
                            ("special_equipment", ()), ("cultural_relics", ("文物和陈列品",)),
                            ("books", ("图书、档案",)), ("furniture", ("家具用具装具及动植物",)))),
    _subject("planned_purchase", _asset("planned_purchase"), S7, "拟购置固定资产总额", "拟购置固定资产", "拟购置资产",
             label="拟购置固定资产"),
    _subject("vehicle_assets", Ref("fixed_assets", "vehicles", "value"), S7, "公务车辆", label="车辆",
             count=Ref("fixed_assets", "vehicles", "quantity")),
)
SUBJECTS: Mapping[str, Subject] = MappingProxyType({s.key: s for s in GLOSSARY})
UNIT_FAMILIES: Mapping[str, str] = MappingProxyType(
    {
        "万元": "money",
        "万": "money",
        "元": "money",
        "%": "money",
        "人": "count",
        "名": "count",
        "个": "count",
        "辆": "count",
        "台": "count",
    }
)


# A heading names its topic in words, whatever its number: the subjects of that topic are looked for under it.
_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("四", ("三公",)),
    ("六", ("政府采购",)),
    ("七", ("国有资产", "固定资产", "资产占用", "资产信息", "资产情况")),
    ("三", ("机关运行",)),
    ("绩效", ("绩效",)),
    ("二", ("收入", "支出", "收支", "总体情况", "比上年增减", "预算安排", "增减情况")),
    ("其他", ("名词解释", "职责", "机构设置", "其他")),
)


def topic_of_heading(text: str) -> str | None:
    """The section key (二 … 七) whose subjects a heading's wording names: 三公 → 四, 政府采购 → 六 …

    ``None`` when the words name no topic of the tables (the caller keeps the current one).
    """
    for key, words in _TOPICS:
        if any(word in text for word in words):
            return key
    return None


@cache  # schema-derived: the same for every workbook of a batch
def candidates(section: str | None, family: str) -> tuple[tuple[str, Subject], ...]:
    """(term, subject) pairs a sentence of this section may use for a figure of this unit family."""
    return tuple([(term, s) for s in GLOSSARY if family in s.families and (section is None or section in s.sections)
            for term in s.terms])


def figure(book: Book, refs: tuple[Ref, ...] | Ref | None) -> Decimal | None:
    """The first filled figure among the cells (a sum over an empty list counts as unfilled)."""
    if refs is None:
        return None
    for ref in (refs,) if isinstance(refs, Ref) else refs:
        if _over_empty_list(book, ref):
            continue
        value = book.number(ref.table, ref.row, ref.col)
        if value is not None:
            return value
    return None


def figure_and_ref(book: Book, refs: tuple[Ref, ...]) -> tuple[Decimal | None, Ref | None]:
    """``(figure(book, refs), figure_ref(book, refs))`` in one pass over the cells."""
    for ref in refs:
        if _over_empty_list(book, ref):
            continue
        value = book.number(ref.table, ref.row, ref.col)
        if value is not None:
            return value, ref
    return None, (refs[0] if refs else None)


def figure_ref(book: Book, refs: tuple[Ref, ...]) -> Ref | None:
    """The cell :func:`figure` reads (the first of the cells when none is filled)."""
    for ref in refs:
        if not _over_empty_list(book, ref) and book.number(ref.table, ref.row, ref.col) is not None:
            return ref
    return refs[0] if refs else None


_LIST_RANGE = re.compile(r"\{([a-z_]+)!\w+@\*\}")


def _over_empty_list(book: Book, ref: Ref) -> bool:
    return any(not book.rows(name) for name in _lists_summed(ref))


@lru_cache(maxsize=4096)  # schema-derived: the same for every workbook of a batch
def _lists_summed(ref: Ref) -> tuple[str, ...]:
    """The list tables a form cell's formula sums over (``{details!amount@*}``); none for a list cell."""
    spec = TABLES_BY_KEY[ref.table]
    if not spec.is_form:
        return ()
    template = spec.formula(spec.row(ref.row), spec.column(ref.col)) or ""
    return tuple(_LIST_RANGE.findall(template))


# -- breakdowns: a total and its parts, as the schema's check formulas define them ------------


@dataclass(frozen=True)
class Breakdown:
    """A stated total and the rows that make it up (complete) or part of it (其中, partial)."""

    total: Ref
    parts: tuple[Ref, ...]
    complete: bool


def _breakdowns_of_schema() -> list[Breakdown]:
    """The breakdowns the input tables declare (standard tables left out: the text does not state them)."""
    found = []
    for spec in TABLES:
        if spec.standard or not spec.is_form:
            continue
        for item in breakdowns(spec):
            found.append(Breakdown(Ref(spec.key, item.total, item.col),
                                   tuple(Ref(spec.key, p, item.col) for p in item.parts), not item.partial))
    return found


# Breakdowns the text states that the tables keep in separate columns.
_EXTRA_BREAKDOWNS = (
    Breakdown(_yoy("expenditure_total"), (_yoy("basic"), _yoy("project")), complete=True),
)
BREAKDOWNS: tuple[Breakdown, ...] = (*_breakdowns_of_schema(), *_EXTRA_BREAKDOWNS)


@lru_cache(maxsize=4096)  # schema-derived: the same for every workbook of a batch
def aliases(ref: Ref) -> frozenset[Ref]:
    """The cell and any cell of its row it merely repeats (新增 items: 增减额 = 本年数)."""
    spec = TABLES_BY_KEY[ref.table]
    found = {ref}
    if not spec.is_form:  # a detail row: its change is stated or derived (增减额（采用）)
        return found | ({ref.at("change"), ref.at("change_used")} if ref.col in {"change", "change_used"} else set())
    template = spec.formula(spec.row(ref.row), spec.column(ref.col)) or ""
    match = re.fullmatch(r"=\{([a-z_0-9]+)\}", template)
    if match:
        found.add(ref.at(match[1]))
    return frozenset(found)
