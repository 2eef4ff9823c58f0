"""The items a disclosure text states figures about, and the breakdowns they form — whatever the section.

Topic-independent: an item is recognised by the words of its own clause, never by the section
number it stands under. Each :class:`Item` belongs to at most one :class:`Group` (a total and its
parts). Procurement categories (货物/工程/服务) and 预算安排 match only as the whole label, so a
function class such as 一般公共服务支出 is never read as procurement 服务, and vice versa.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar


@dataclass(frozen=True)
class Item:
    """Something a clause names: key, label to show, the words that name it."""

    key: str
    label: str
    terms: tuple[str, ...]
    group: str | None = None  # the breakdown it is a part of
    exact: bool = False  # matches only as the whole label
    whole_only: tuple[str, ...] = ()  # terms matched only as the whole label (支出预算 alone)


@dataclass(frozen=True)
class Group:
    """A total and the items that make it up; ``complete``: the parts listed make the whole."""

    key: str
    total: str
    parts: tuple[str, ...]
    complete: bool
    required: tuple[str, ...] = ()  # parts that must all be stated before a shortfall is an error


def _item(key: str, label: str, *terms: str, group: str | None = None, exact: bool = False) -> Item:
    """An item; a term written ``=支出预算`` names it only as the whole label."""
    plain = tuple(dict.fromkeys(t for t in (label, *terms) if not t.startswith("=")))
    whole = tuple(t[1:] for t in terms if t.startswith("="))
    return Item(key, label, plain, group, exact, whole)


_FUNCTION_CLASSES = (
    ("一般公共服务支出",), ("外交支出",), ("国防支出",), ("公共安全支出",), ("教育支出",), ("科学技术支出",),
    ("文化旅游体育与传媒支出", "文化体育与传媒支出"), ("社会保障和就业支出",),
    ("卫生健康支出", "医疗卫生与计划生育支出", "医疗卫生支出"), ("节能环保支出",), ("城乡社区支出",), ("农林水支出",),
    ("交通运输支出",), ("资源勘探工业信息等支出", "资源勘探信息等支出"), ("商业服务业等支出",), ("金融支出",),
    ("援助其他地区支出",), ("自然资源海洋气象等支出", "国土海洋气象等支出"), ("住房保障支出",), ("粮油物资储备支出",),
    ("灾害防治及应急管理支出",), ("债务付息支出",), ("债务发行费用支出",),
)

ITEMS: tuple[Item, ...] = (
    # 收入 by source (an open list: other sources may exist)
    _item("income_total", "收入总计", "收入预算总计", "收入合计", "本年收入合计", "收入总额", "总收入", "=收入预算",
          "收入决算总计", "=收入决算",
          # 收、支预算总计各增加 X: one change of both totals (they balance), read as the income total's
          "=收、支预算总计各", "=收支预算总计各", "=收、支总计各", "=收支总计各", "=收入、支出预算总计各",
          "=收入和支出预算总计各"),
    _item("gp_appropriation", "一般公共预算拨款", "一般公共预算拨款收入", "一般公共预算财政拨款收入",
          "一般公共预算财政拨款", "一般公共预算收入", group="income"),
    _item("fund_appropriation", "政府性基金预算拨款", "基金预算拨款", "政府性基金预算拨款收入", "政府性基金预算收入",
          "政府性基金收入", group="income"),
    _item("soe_appropriation", "国有资本经营预算拨款", "国有资本经营预算拨款收入", "国有资本经营预算收入",
          group="income"),
    _item("special_account", "财政专户管理资金", "财政专户核拨", "财政专户管理资金收入", "财政专户拨款",
          group="income"),
    _item("business_income", "事业收入", group="income"),
    _item("operating_income", "事业单位经营收入", "经营收入", group="income"),
    _item("superior_subsidy", "上级补助收入", group="income"),
    _item("affiliated", "附属单位上缴收入", group="income"),
    _item("other_income", "其他收入", "其他来源收入", "其他资金收入", group="income"),
    _item("carryover", "上年结转", "上年结转和结余", "上年结转结余", "上年结转资金", group="income"),
    _item("business_fund", "用事业基金弥补收支差额", group="income"),
    # 支出 by kind
    _item("expenditure_total", "支出总计", "支出预算总计", "支出合计", "本年支出合计", "支出总额", "总支出",
          "=支出预算", "支出决算总计", "=支出决算"),
    _item("budget_arranged", "预算安排", exact=True),
    _item("basic", "基本支出", group="expenditure"),
    _item("project", "项目支出", group="expenditure"),
    _item("reserve", "单位预留机动经费", group="expenditure"),
    _item("operating_expenditure", "事业单位经营支出", "经营支出", group="expenditure"),
    # 基本支出 = 人员 + 公用
    _item("personnel", "人员经费", "人员支出", "人员经费支出", group="basic_kinds"),
    _item("public", "公用经费", "日常公用经费", "公用支出", "公用经费支出", group="basic_kinds"),
    # “三公”经费
    _item("three_total", "“三公”经费", '"三公"经费', "三公经费", "“三公”经费支出", '"三公"经费支出'),
    _item("abroad", "因公出国（境）费", "因公出国（境）", "因公出国(境)费", "因公出国", group="three_public"),
    _item("vehicles", "公务用车购置及运行费", "公务用车购置及运行维护费", "公务用车购置和运行维护费", "公务用车费",
          group="three_public"),
    _item("reception", "公务接待费", "公务接待", group="three_public"),
    _item("vehicle_purchase", "公务用车购置费", "公务用车购置", group="vehicle_kinds"),
    _item("vehicle_operation", "公务用车运行维护费", "公务用车运行费", "公务用车运行", group="vehicle_kinds"),
    # 政府采购
    _item("procurement_total", "政府采购预算", "政府采购支出预算", "政府采购支出", "政府采购金额", "政府采购预算总额",
          "政府采购"),
    _item("goods", "货物", "货物类", "货物支出", "货物采购", "货物类采购", group="procurement", exact=True),
    _item("works", "工程", "工程类", "工程支出", "工程采购", "工程类采购", group="procurement", exact=True),
    _item("services", "服务", "服务类", "服务支出", "服务采购", "服务类采购", group="procurement", exact=True),
    # 国有资产（固定资产）
    _item("assets_total", "固定资产", "固定资产总额", "固定资产原值", "固定资产总值"),
    _item("planned_purchase", "拟购置固定资产", "拟购置固定资产总额", "拟购置资产", "拟购置资产总额"),
    _item("land_buildings", "土地房屋及构筑物", "土地、房屋及构筑物", "房屋及构筑物", "土地、房屋和构筑物",
          group="assets"),
    _item("general_equipment", "通用设备", group="assets"),
    _item("special_equipment", "专用设备", group="assets"),
    _item("cultural_relics", "文物和陈列品", "文物与陈列品", "文物及陈列品", group="assets"),
    _item("books", "图书档案", "图书、档案", "图书和档案", group="assets"),
    _item("furniture", "家具、用具、装具及动植物", "家具用具装具及动植物", "家具、用具、装具和动植物", group="assets"),
    # 一般公共预算支出 by function class (an open list)
    _item("gp_expenditure", "一般公共预算支出", "一般公共预算财政拨款支出", "一般公共预算拨款支出"),
    *(_item(f"function_{i}", names[0], *names[1:], group="functions") for i, names in enumerate(_FUNCTION_CLASSES)),
    # 机关运行经费 (its parts are free-form: 办公费, 物业管理费…)
    _item("office_total", "机关运行经费", "机关运行费"),
)

GROUPS: tuple[Group, ...] = (
    Group("income", "income_total", tuple(i.key for i in ITEMS if i.group == "income"), complete=False),
    Group("expenditure", "expenditure_total", ("basic", "project", "reserve", "operating_expenditure"), complete=True,
          required=("basic", "project")),
    Group("expenditure_arranged", "budget_arranged", ("basic", "project", "reserve", "operating_expenditure"),
          complete=True, required=("basic", "project")),
    Group("basic_kinds", "basic", ("personnel", "public"), complete=True, required=("personnel", "public")),
    Group("three_public", "three_total", ("abroad", "vehicles", "reception"), complete=True,
          required=("abroad", "vehicles", "reception")),
    Group("vehicle_kinds", "vehicles", ("vehicle_purchase", "vehicle_operation"), complete=True,
          required=("vehicle_purchase", "vehicle_operation")),
    Group("procurement", "procurement_total", ("goods", "works", "services"), complete=True,
          required=("goods", "works", "services")),
    Group("assets", "assets_total", tuple(i.key for i in ITEMS if i.group == "assets"), complete=True,
          required=tuple(i.key for i in ITEMS if i.group == "assets")),
    Group("functions", "gp_expenditure", tuple(i.key for i in ITEMS if i.group == "functions"), complete=False),
)
ITEMS_BY_KEY: Mapping[str, Item] = MappingProxyType({i.key: i for i in ITEMS})
GROUPS_BY_KEY: Mapping[str, Group] = MappingProxyType({g.key: g for g in GROUPS})
_TERMS = tuple((term, item) for item in ITEMS if not item.exact for term in item.terms)


def wholes_of(key: str) -> list[str]:
    """The totals a part may be a share of: its group's total, that total's own total, and so on."""
    found: list[str] = []
    item = ITEMS_BY_KEY.get(key)
    while item is not None and item.group is not None:
        groups = [g for g in GROUPS if key in g.parts]
        if not groups:
            break
        total = groups[0].total
        found.append(total)
        key, item = total, ITEMS_BY_KEY.get(total)
    return found


T = TypeVar("T")

_QUALIFIERS = ("财政拨款", "一般公共预算", "部门", "单位", "本级", "年度", "年", "全年", "当年", "本年",
               # the department's own name before an item (某街道办事处政府采购支出总额)
               "办事处", "局", "厅", "委员会", "政府", "街道", "中心", "学校", "医院")


def _stands_alone(before: str) -> bool:
    """A term names its item only when nothing qualifies it (退役人员经费 is not 人员经费)."""
    before = before.rstrip(" “”\"")
    return not before or before[-1] in "、的中和及与：:（(" or before.endswith(_QUALIFIERS)


def _bare(label: str) -> str:
    """政府采购货物预算 → 货物: a procurement category with the words around it in the official wording."""
    for prefix in ("政府采购", "采购"):
        label = label.removeprefix(prefix)
    for suffix in ("预算", "金额", "支出", "采购"):
        label = label.removesuffix(suffix)
    return label


def _exact_index() -> tuple[dict[str, int], dict[str, int]]:
    """Whole-label look-ups: label → index of the first item it names as a whole (exact terms or ``=`` terms),
    and bare label (:func:`_bare`) → index of the first exact item holding it."""
    by_label: dict[str, int] = {}
    by_bare: dict[str, int] = {}
    for index, item in enumerate(ITEMS):
        for term in item.whole_only:
            by_label.setdefault(term, index)
        if item.exact:
            for term in item.terms:
                by_label.setdefault(term, index)
                by_bare.setdefault(term, index)
    return by_label, by_bare


def _terms_by_last_char() -> dict[str, tuple[tuple[int, dict[str, Item]], ...]]:
    """Each term's first item (the scan order of ``_TERMS``), grouped by the term's last character and then by its
    length, longest first: at one end position only one term of a length can stand, so it is looked up, not
    searched for among the terms ending in that character."""
    first: dict[str, Item] = {}
    for term, item in _TERMS:
        first.setdefault(term, item)
    grouped: dict[str, dict[int, dict[str, Item]]] = {}
    for term, item in first.items():
        grouped.setdefault(term[-1], {}).setdefault(len(term), {})[term] = item
    return {char: tuple(sorted(by_length.items(), reverse=True)) for char, by_length in grouped.items()}


# Built once per process: item_of runs for every clause of every text.
_BY_LABEL, _BY_BARE = _exact_index()
_BY_LAST_CHAR = _terms_by_last_char()


def item_of(label: str) -> Item | None:
    """The item a clause's label names: an exact-only item as the whole label, else the term ending nearest the end.

    Longer terms win ties, so 公务用车购置及运行费 is not read as 公务用车购置. Only a term's last occurrence
    counts, and only when nothing qualifies it (:func:`_stands_alone`).
    """
    if not label:
        return None
    whole = min(_BY_LABEL.get(label, len(ITEMS)), _BY_BARE.get(_bare(label), len(ITEMS)))
    if whole < len(ITEMS):
        return ITEMS[whole]
    found = last_term(label, _BY_LAST_CHAR, lambda _term, start: _stands_alone(label[:start]))
    return found[0] if found is not None else None


def last_term(text: str, index: Mapping[str, Sequence[tuple[int, Mapping[str, T]]]],
              accept: Callable[[str, int], bool]) -> tuple[T, str] | None:
    """The value and term of the term ending nearest the end of ``text`` that ``accept(term, start)`` takes.

    ``index`` holds the terms by last character, then by length, longest first. The end positions are
    walked from the last one back, the longest term first at one position; a term already met later in
    the text is not looked at again, as ``rfind`` would only have found its later occurrence. Same
    result as scanning every term with ``rfind``, without the scan.
    """
    seen: set[str] = set()
    for end in range(len(text), 0, -1):
        lengths = index.get(text[end - 1])
        if lengths is None:
            continue
        for length, terms in lengths:
            start = end - length
            if start < 0:
                continue
            term = text[start:end]
            value = terms.get(term)
            if value is None or term in seen:
                continue
            seen.add(term)
            if accept(term, start):
                return value, term
    return None
