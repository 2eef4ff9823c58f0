"""绩效 rules: every performance indicator is measurable, complete and agrees with the budget.

Each check yields :class:`Outcome` records (about some indicators, or a whole
table): a finding, or a passed check with its arithmetic. The registered rule
keeps the findings; :func:`budget_addin.rules.indicators.audit` uses the outcomes to give
every indicator its verdict. Checks that cannot run for an indicator (the
workbook holds no budget figure for that project) say so as an ``info`` finding;
when a cross-check could run nowhere, the rule raises :class:`MissingData`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from budget_addin.core import calc
from budget_addin.core.findings import CATALOGUE, Finding, MissingData, NotApplicable, Rule, rule
from budget_addin.core.model import Book, RowKey
from budget_addin.core.numbers import decimals_of
from budget_addin.core.schema import LABEL, TABLES_BY_KEY
from budget_addin.rules.indicators import AMOUNT_UNITS, SUB_GOAL, Indicator, Target, indicators, number_text, tables

SCOPE = "绩效"
AMOUNT_DECIMALS = 2  # budget amounts are shown in 万元 with two decimals (format "amount")

# 一级指标 every project table needs, and the 二级指标 of which 产出 needs at least one.
REQUIRED_CATEGORIES = ("产出", "效益", "满意度")
CATEGORY_NAMES = {"产出": "产出指标", "效益": "效益指标（或效果指标）", "满意度": "满意度指标"}
OUTPUT_KINDS = ("数量", "质量", "时效", "成本")
# Indicator types whose target must be a figure.
NUMERIC_CATEGORIES = ("产出", "满意度")
# Names of measures that should rise (a ≤ target contradicts them), and of those that should not.
RISING_HINTS = ("满意",)
FALLING_HINTS = (
    "控制", "成本", "发生", "事故", "投诉", "差错", "误差", "超支", "空置", "流失", "失业", "不合格", "返工", "偏差",
    "损失", "违规", "违纪", "逾期", "死亡", "发病", "犯罪", "缺陷", "案件率", "出错", "失误", "故障", "降低", "下降",
    "减少", "压缩", "能耗", "费用", "缺口",
)
# Words saying an amount is per unit, and the unit it is per.
PER_UNIT_WORDS = {"人均": "人", "每人": "人", "户均": "户", "每户": "户", "次均": "次", "每次": "次", "每个": "个",
                  "每村": "个", "村均": "个"}
# Where a workbook holds a project's budget (万元): (table, column naming the project, amount column).
# Form-table labels name the project after a "新增：" / "其中：" style prefix.
BUDGET_SOURCES = (("details", "item", "amount"), ("procurement", "project", "project_budget"))


@dataclass(frozen=True)
class Outcome:
    """What a check found about some indicators (or, with none, about a whole table)."""

    table: tuple[str, int]
    indicators: tuple[Indicator, ...] = ()
    finding: Finding | None = None
    note: str = ""  # the arithmetic of a passed check
    skipped: bool = False  # the check could not run for these indicators


Check = Callable[[Book, list[Indicator], Rule], Iterator[Outcome]]
CHECKS: dict[str, Check] = {}


def performance_rule(rule_id: str, severity: str, title: str) -> Callable[[Check], Check]:
    """Register a check as a catalogue rule ``check(book, r) -> findings`` and keep its outcomes."""

    def register(check: Check) -> Check:
        CHECKS[rule_id] = check

        @rule(rule_id, SCOPE, severity, title)
        def run(book: Book, r: Rule) -> Iterable[Finding]:
            found = _indicators_or_skip(book)
            results = list(check(book, found, r))
            ran = [o for o in results if not o.skipped]
            if results and not ran and any(o.finding for o in results):
                raise MissingData("；".join(o.finding.message for o in results if o.finding))
            return [o.finding for o in results if o.finding is not None]

        return check

    return register


def _indicators_or_skip(book: Book) -> list[Indicator]:
    if book.is_empty("sub_goals") and book.is_empty("project_indicators"):
        raise MissingData("绩效目标表未填写")
    found = indicators(book)
    if not found:
        raise MissingData("绩效目标表中没有绩效指标")
    return found


def outcomes(book: Book, found: list[Indicator] | None = None) -> Iterator[Outcome]:
    """Every outcome of every 绩效 check (checks that do not apply are left out)."""
    found = indicators(book) if found is None else found
    for rule_id, check in sorted(CHECKS.items()):
        try:
            yield from list(check(book, found, CATALOGUE[rule_id]))
        except (NotApplicable, MissingData):
            continue


# -- wording ---------------------------------------------------------------------------------------


def where(item: Indicator) -> str:
    """``分项（18）维稳综合治理`` or ``预算项目表 5《村党组织活动经费》``."""
    if item.source == SUB_GOAL:
        return f"分项（{item.table_no}）{item.table_name}"
    return f"{item.source}表 {item.table_no}《{item.table_name}》"


def _short(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"


def _figure(target: Target) -> str:
    return f"{number_text(target.number)} {target.unit or ''}".strip()


_PUNCTUATION = re.compile(r"[\s、，,。.；;:：()（）“”\"'《》]")


def _normal(name: str) -> str:
    return _PUNCTUATION.sub("", name)


# -- measurable targets ----------------------------------------------------------------------------


@performance_rule("JX-001", "error", "绩效指标缺少指标值")
def missing_target(book: Book, found: list[Indicator], r: Rule) -> Iterator[Outcome]:
    """An indicator without a target value cannot be measured at all: an omission, hence an error."""
    for item in found:
        if item.target.missing:
            message = f"{where(item)}的指标“{_short(item.name)}”没有指标值，无法考核，请补充可衡量的目标值"
            yield Outcome(item.table_key, (item,), r.finding([item.cell], message, "指标值", "（空）"))


@performance_rule("JX-002", "warning", "绩效指标值无法识别")
def unreadable_target(book: Book, found: list[Indicator], r: Rule) -> Iterator[Outcome]:
    """Targets the parser could not read are reported, never guessed."""
    for item in found:
        if item.target.parse_error:
            message = (f"{where(item)}的指标“{_short(item.name)}”指标值“{_short(item.target.written)}”无法识别"
                       f"（{item.target.parse_error}），请写成“≥90%”“不少于4次”“2.64万元”的形式")
            yield Outcome(item.table_key, (item,), r.finding([item.cell], message, None, item.target.written))


@performance_rule("JX-003", "warning", "应量化的指标只有文字描述")
def prose_target(book: Book, found: list[Indicator], r: Rule) -> Iterator[Outcome]:
    """产出 and 满意度 indicators (and any rate, named …率) need a figure, not prose."""
    for item in found:
        if not item.target.qualitative:
            continue
        if item.category in NUMERIC_CATEGORIES or item.name.endswith("率"):
            kind = item.level1 or "比率指标"
            message = (f"{where(item)}的{kind}“{_short(item.name)}”指标值为文字“{_short(item.target.written)}”，"
                       f"此类指标应填写可衡量的数值（如“≥90%”）")
            yield Outcome(item.table_key, (item,), r.finding([item.cell], message, "数值", item.target.written))


# -- structure ---------------------------------------------------------------------------------------


@performance_rule("JX-004", "error", "项目绩效目标表指标结构不完整")
def structure(book: Book, found: list[Indicator], r: Rule) -> Iterator[Outcome]:
    """Each project table has 产出, 效益 (or 效果) and 满意度, and 产出 has 数量/质量/时效/成本."""
    projects = {k: v for k, v in tables(found).items() if k[0] != SUB_GOAL}
    if not projects:
        raise NotApplicable("没有专项资金或预算项目绩效目标表")
    for key, items in projects.items():
        head = items[0]
        present = {i.category for i in items}
        missing = [c for c in REQUIRED_CATEGORIES if c not in present]
        cells = [book.ref(i.table, i.row, "level1") for i in items] if missing else []  # named only by a finding
        for category in missing:
            message = f"{where(head)}缺少{CATEGORY_NAMES[category]}，应包含产出、效益（效果）、满意度三类一级指标"
            yield Outcome(key, (), r.finding(cells, message, CATEGORY_NAMES[category], "缺失"))
        outputs = [i for i in items if i.category == "产出"]
        if outputs and not any(kind in i.level2 for i in outputs for kind in OUTPUT_KINDS):
            message = f"{where(head)}的产出指标下没有数量、质量、时效、成本指标中的任何一项"
            yield Outcome(key, (), r.finding([book.ref(i.table, i.row, "level2") for i in outputs], message,
                                             "数量/质量/时效/成本指标", "缺失", severity="warning"))
        if not missing:
            benefit = "、".join(sorted({i.level1 for i in items if i.category == "效益"}))
            yield Outcome(key, (), None, f"产出、效益（本表写作“{benefit}”）、满意度指标齐全")


# -- plausibility --------------------------------------------------------------------------------------


@performance_rule("JX-005", "error", "百分比指标值超过 100%")
def percent_above_hundred(book: Book, found: list[Indicator], r: Rule) -> Iterator[Outcome]:
    """A rate (完成率、覆盖率、满意度…) cannot exceed 100%."""
    for item in found:
        target = item.target
        if target.quantified and target.unit == "%" and target.number is not None and target.number > calc.HUNDRED:
            message = (f"{where(item)}的指标“{_short(item.name)}”指标值 {target.written} 超过 100%，"
                       f"比率类指标不可能超过 100%，请核实")
            yield Outcome(item.table_key, (item,), r.finding([item.cell], message, calc.HUNDRED, target.number))


def should_rise(item: Indicator) -> bool:
    """True for a measure that should rise (a completion, coverage or satisfaction rate)."""
    name = item.name + item.level2
    if "成本" in item.level2 or any(word in name for word in FALLING_HINTS):
        return False
    return any(word in name for word in RISING_HINTS) or item.name.endswith("率")


@performance_rule("JX-006", "warning", "应提高的指标设定了上限")
def capped_rising(book: Book, found: list[Indicator], r: Rule) -> Iterator[Outcome]:
    """A ≤ or < target on a completion/coverage/satisfaction rate; cost control ratios are left alone."""
    for item in found:
        if item.target.comparison in ("≤", "<") and should_rise(item):
            message = (f"{where(item)}的指标“{_short(item.name)}”越高越好，指标值却写作 {item.target.written}（上限），"
                       f"应为“≥”")
            yield Outcome(item.table_key, (item,), r.finding([item.cell], message, "≥", item.target.comparison))


@performance_rule("JX-007", "warning", "同一表内指标重复")
def duplicates(book: Book, found: list[Indicator], r: Rule) -> Iterator[Outcome]:
    """The same indicator listed twice in one table (or one 分项)."""
    for key, items in tables(found).items():
        seen: dict[str, list[Indicator]] = {}
        for item in items:
            if item.name:
                seen.setdefault(_normal(item.name), []).append(item)
        for twins in seen.values():
            if len(twins) > 1:
                cells = list(dict.fromkeys(i.cell for i in twins))
                message = f"{where(twins[0])}的指标“{_short(twins[0].name)}”重复列示 {len(twins)} 次，请删除或合并"
                yield Outcome(key, tuple(twins), r.finding(cells, message, 1, len(twins)))


# -- agreement with the budget ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """A project's budget figure as the workbook holds it."""

    value: Decimal
    cell: str
    label: str


def _strip_prefix(label: str) -> str:
    return label.split("：")[-1].split(":")[-1]


def _budget_rows(book: Book) -> dict[str, list[tuple[str, RowKey, str]]]:
    """Rows that may hold a project's budget, by normalised project name (made once per book)."""

    def index() -> dict[str, list[tuple[str, RowKey, str]]]:
        found: dict[str, list[tuple[str, RowKey, str]]] = {}
        for table, name_col, _amount_col in BUDGET_SOURCES:
            if not book.has_table(table):
                continue
            spec = TABLES_BY_KEY[table]
            if not spec.is_form:  # a list table (the procurement list may be 200,000 rows): whole columns
                normal: dict[str, str] = {}
                for index, label in enumerate(book.texts(table, name_col)):
                    key = normal.get(label)
                    if key is None:
                        key = normal[label] = _normal(label)
                    found.setdefault(key, []).append((table, index, label))
                continue
            for row in book.rows(table):
                if name_col == LABEL and isinstance(row, str):
                    label = spec.row(row).label
                    named = _strip_prefix(label)
                else:
                    label = named = book.text(table, row, name_col)
                found.setdefault(_normal(named), []).append((table, row, label))
        return found

    return book.memo("budget_rows", index)


def project_budget(book: Book, name: str) -> tuple[Budget | None, str]:
    """The budget of the project called ``name`` (万元), or ``None`` and the reason in Chinese."""
    wanted = _normal(name)
    if not wanted:
        return None, "未填项目名称"
    found: list[Budget] = []
    partial: list[str] = []
    amount_cols = {table: amount_col for table, _name_col, amount_col in BUDGET_SOURCES}
    for table, row, label in _budget_rows(book).get(wanted, []):
        spec = TABLES_BY_KEY[table]
        amount_col = amount_cols[table]
        value = book.number(table, row, amount_col)
        if value is None:
            change = book.number(table, row, "change") if any(c.key == "change" for c in spec.columns) else None
            stated = f"只列增减额 {calc.fmt_amount(change)} 万元" if change is not None else "为空"
            partial.append(f"{spec.sheet}中“{label}”的{spec.column(amount_col).label}{stated}")
            continue
        found.append(Budget(value, book.ref(table, row, amount_col), label))
    values = {b.value for b in found}
    if len(values) == 1:
        return found[0], ""
    if len(values) > 1:
        return None, f"工作簿中“{name}”的预算数有 {len(values)} 个不同数值（{'、'.join(b.cell for b in found)}）"
    if partial:
        return None, "；".join(partial) + "，工作簿未列该项目本年预算数"
    return None, f"工作簿未列“{name}”的预算数"


def per_unit(item: Indicator) -> str | None:
    """The count unit an amount indicator is per (``人`` for 人均), or ``None`` for a total."""
    unit = item.target.unit or ""
    if "/" in unit:
        return unit.split("/")[1]
    text = item.name + item.description
    for word, base in PER_UNIT_WORDS.items():
        if word in text:
            return base
    return None


def _amount_unit(target: Target) -> str | None:
    unit = (target.unit or "").split("/")[0]
    return unit if target.quantified and unit in AMOUNT_UNITS else None


def _in_wanyuan(target: Target) -> calc.Interval:
    """The 万元 interval a shown amount stands for (rounded to its written decimals)."""
    assert target.number is not None
    factor = Decimal(1).scaleb(AMOUNT_UNITS[_amount_unit(target) or "万元"])
    return calc.shown(target.number, decimals_of(target.number)).scale(factor)


@performance_rule("JX-008", "error", "数量×单位成本与项目预算不符")
def quantity_times_cost(book: Book, found: list[Indicator], r: Rule) -> Iterator[Outcome]:
    """A per-unit amount (人均…) times the count in the same table equals the project budget."""
    costs = [i for i in found if i.source != SUB_GOAL and _amount_unit(i.target) and per_unit(i)]
    if not costs:
        raise NotApplicable("没有人均（单位）成本类指标")
    by_unit: dict[tuple[object, object], list[Indicator]] = {}  # (table, unit) → its quantified indicators
    for indicator in found:
        if indicator.target.quantified:
            by_unit.setdefault((indicator.table_key, indicator.target.unit), []).append(indicator)
    for cost in costs:
        base = per_unit(cost)
        bucket = by_unit.get((cost.table_key, base), [])
        counts = [i for i in bucket if i is not cost] if len(bucket) <= 3 else bucket  # more than one either way
        head = f"{where(cost)}的“{_short(cost.name)}”{_figure(cost.target)}"
        if len(counts) != 1:
            why = f"本表没有以“{base}”计的数量指标" if not counts else f"本表有 {len(counts)} 个以“{base}”计的数量指标"
            message = f"未能核对：{head}，{why}，无法与预算核对"
            yield Outcome(cost.table_key, (cost,), r.finding([cost.cell], message, severity="info"), skipped=True)
            continue
        count = counts[0]
        assert count.target.number is not None
        computed = _in_wanyuan(cost.target).scale(count.target.number)
        product = f"{_figure(count.target)} × {_figure(cost.target)} = {calc.fmt_amount(computed.mid)} 万元"
        budget, reason = project_budget(book, cost.table_name)
        pair = (cost, count)
        if budget is None:
            message = f"未能核对：{where(cost)}中 {product}，但{reason}"
            yield Outcome(cost.table_key, pair, r.finding([cost.cell, count.cell], message, severity="info"),
                          skipped=True)
            continue
        verdict = calc.judge(budget.value, AMOUNT_DECIMALS, computed)
        budget_text = f"{_strip_prefix(budget.label)} {calc.fmt_amount(budget.value)} 万元"
        if verdict.consistent:
            yield Outcome(cost.table_key, pair, None, f"{product}，与{budget_text}一致")
            continue
        message = f"{where(cost)}中 {product}，与{budget_text}不符：{verdict.mode_note}"
        yield Outcome(cost.table_key, pair,
                      r.finding([cost.cell, count.cell, budget.cell], message, verdict.expected, budget.value))


def _within(comparison: str, budget: Decimal, stated: calc.Interval) -> bool:
    """Whether the budget satisfies a bound target (the bound read as its rounding interval)."""
    if comparison == "≤":
        return budget <= stated.hi
    if comparison == "<":
        return budget < stated.hi
    if comparison == "≥":
        return budget >= stated.lo
    return budget > stated.lo


BOUND_WORDS = {"≤": "不超过", "<": "低于", "≥": "不低于", ">": "高于"}


@performance_rule("JX-009", "error", "金额指标与项目预算不符")
def stated_amount(book: Book, found: list[Indicator], r: Rule) -> Iterator[Outcome]:
    """A total amount stated as a target (2.64 万元, ≤10 万元) agrees with the project's budget figure."""
    amounts = [i for i in found if i.source != SUB_GOAL and _amount_unit(i.target) and not per_unit(i)]
    if not amounts:
        raise NotApplicable("没有金额类指标")
    per_table: dict[object, int] = {}  # amount indicators per table (identity, not equality: linear in the rows)
    for item in amounts:
        per_table[item.table_key] = per_table.get(item.table_key, 0) + 1
    for item in amounts:
        head = f"{where(item)}的“{_short(item.name)}”{item.target.written}"
        siblings = per_table[item.table_key]
        if siblings > 1:
            message = f"未能核对：{head}，本表有 {siblings} 个金额指标，无法确定哪一个是项目总额"
            yield Outcome(item.table_key, (item,), r.finding([item.cell], message, severity="info"), skipped=True)
            continue
        budget, reason = project_budget(book, item.table_name)
        if budget is None:
            message = f"未能核对：{head}，但{reason}"
            yield Outcome(item.table_key, (item,), r.finding([item.cell], message, severity="info"), skipped=True)
            continue
        stated = _in_wanyuan(item.target)
        budget_text = f"{_strip_prefix(budget.label)}预算 {calc.fmt_amount(budget.value)} 万元"
        comparison = item.target.comparison or "="
        cells = [item.cell, budget.cell]
        if comparison == "=":
            assert item.target.number is not None
            shift = AMOUNT_UNITS[_amount_unit(item.target) or "万元"]
            decimals = max(decimals_of(item.target.number) - shift, 0)
            verdict = calc.judge(stated.mid, decimals, calc.exact(budget.value))
            if verdict.consistent:
                yield Outcome(item.table_key, (item,), None, f"{head}，与{budget_text}一致")
            else:
                message = f"{head}，与{budget_text}不符：{verdict.mode_note}"
                yield Outcome(item.table_key, (item,), r.finding(cells, message, budget.value, stated.mid))
            continue
        bound = f"{BOUND_WORDS[comparison]} {_figure(item.target)}"
        if _within(comparison, budget.value, stated):
            yield Outcome(item.table_key, (item,), None, f"{budget_text}，{bound}")
        else:
            message = f"{head}，但{budget_text}，不满足“{bound}”"
            yield Outcome(item.table_key, (item,), r.finding(cells, message, item.target.written, budget.value))
