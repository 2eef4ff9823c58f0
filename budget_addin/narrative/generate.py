"""The 情况说明 written from the tables, in the phrasing and order of the official text.

Sections 二、三、四、六、七 of the 部门预算公开情况说明 are generated from the Book alone:
every figure is a cell of the workbook or computed from cells with :mod:`budget_addin.core.calc`.
A figure the workbook lacks is written as a visible placeholder ``【未填：…】``; a stated total
that the parts written beside it contradict is written as ``【待核：…】``. Neither is ever
replaced by a made-up number, and the claim extractor skips both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from budget_addin.core import calc
from budget_addin.core.functions import ASSET_PREFIXES
from budget_addin.core.model import Book
from budget_addin.core.numbers import decimals_of
from budget_addin.core.schema import TABLES_BY_KEY
from budget_addin.narrative.claims import judge_sum
from budget_addin.narrative.glossary import (
    ASIDE_PREFIX,
    BREAKDOWNS,
    NEW_PREFIX,
    SUBJECTS,
    Breakdown,
    Ref,
    figure,
    figure_ref,
)

ROUNDING_POLICY = (
    "金额以万元为单位，四舍五入保留两位小数（末尾的 0 不写）；增减率、占比以百分数表示，四舍五入保留两位小数。"
)
QUOTED_THREE = "“三公”经费"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the generated text."""

    kind: str  # title | heading | text
    text: str
    level: int = 1  # heading level: 1 for 二、…, 2 for （一）…


def to_text(paragraphs: Iterable[Paragraph]) -> str:
    """The paragraphs as plain text, one per line."""
    return "\n".join(p.text for p in paragraphs) + "\n"


def generate(book: Book) -> list[Paragraph]:
    """The 情况说明 of a workbook: title, then sections 二、三、四、六、七."""
    w = _Writer(book)
    paragraphs = [
        Paragraph("title", w.title()),
        Paragraph("heading", "二、部门预算安排的总体情况"),
        Paragraph("heading", "（一）收入说明", 2),
        Paragraph("text", w.income()),
        Paragraph("heading", "（二）支出说明", 2),
        Paragraph("text", w.expenditure()),
        Paragraph("heading", "（三）比上年增减情况", 2),
        *(Paragraph("text", text) for text in w.year_on_year()),
        Paragraph("heading", "三、机关运行经费安排情况"),
        Paragraph("text", w.office_costs()),
        Paragraph("heading", f"四、财政拨款{QUOTED_THREE}预算情况及增减变化原因"),
        *(Paragraph("text", text) for text in w.three_public()),
        Paragraph("heading", "六、政府采购预算情况"),
        Paragraph("text", w.procurement()),
        Paragraph("heading", "七、国有资产信息"),
        *(Paragraph("text", text) for text in w.assets()),
    ]
    return [Paragraph(p.kind, p.text.replace(" 【", "【"), p.level) for p in paragraphs]


def _ie(row: str) -> Ref:
    return Ref("income_expenditure", row, "amount")


def _breakdown(total: Ref) -> Breakdown:
    return next(b for b in BREAKDOWNS if b.total == total)


def _places(value: Decimal) -> int:
    """Decimals the text shows for a figure written with :func:`calc.fmt_amount`."""
    return decimals_of(Decimal(calc.fmt_amount(value)))


class _Writer:
    """Phrases of the 情况说明 over one Book."""

    def __init__(self, book: Book) -> None:
        self.book = book
        year = self.department("year")
        self.year = year or self.missing("预算年度", Ref("department", "year", "value"))
        self.prior = str(int(year) - 1) if year and year.isdigit() else self.missing("上年年度", Ref(
            "department", "year", "value"))

    # -- cells and placeholders ----------------------------------------------------------------
    def cell(self, ref: Ref) -> str:
        return self.book.ref(ref.table, ref.row, ref.col)

    def missing(self, what: str, *refs: Ref) -> str:
        cells = "、".join(self.cell(r) for r in refs)
        return f"【未填：{what}（{cells}）】" if cells else f"【未填：{what}】"

    def missing_range(self, what: str, refs: Sequence[Ref]) -> str:
        """A placeholder naming a block of rows (``比上年增减!C8:C14``)."""
        return f"【未填：{what}（{self.cell(refs[0])}:{self.cell(refs[-1]).split('!')[-1]}）】"

    def department(self, row: str) -> str:
        return self.book.text("department", row, "value").strip()

    def number(self, ref: Ref) -> Decimal | None:
        return self.book.number(ref.table, ref.row, ref.col)

    def amount(self, refs: Ref | tuple[Ref, ...], what: str) -> str:
        """``2792.05 万元`` or a placeholder naming the cell."""
        cells = (refs,) if isinstance(refs, Ref) else refs
        value = figure(self.book, cells)
        if value is None:
            return self.missing(what, figure_ref(self.book, cells) or cells[0])
        return f"{calc.fmt_amount(value)} 万元"

    def total(self, refs: Ref | tuple[Ref, ...], what: str, parts: Sequence[Ref | tuple[Ref, ...]],
              unit: str = "万元") -> str:
        """A total written beside its parts; ``【待核：…】`` when the parts the text shows contradict it."""
        cells = (refs,) if isinstance(refs, Ref) else refs
        value = figure(self.book, cells)
        if value is None:
            return self.missing(what, figure_ref(self.book, cells) or cells[0])
        written = calc.fmt_amount(value) + " " + unit
        shown = [figure(self.book, (p,) if isinstance(p, Ref) else p) for p in parts]
        known = [v for v in shown if v is not None]
        if not known:
            return written
        head = figure_ref(self.book, cells) or cells[0]
        breakdown = _breakdown(cells[0])
        complete = breakdown.complete and len(known) == len(breakdown.parts)
        verdict = judge_sum((value, _places(value)), [(v, _places(v)) for v in known], complete)
        if verdict is None or verdict.severity != "error":
            return written
        terms = "".join(("+" if i and v >= 0 else "-" if v < 0 else "") + calc.fmt_amount(abs(v))
                        for i, v in enumerate(known))
        return (f"【待核：表中{what}为 {written}（{self.cell(head)}），所列各项 {terms}="
                f"{calc.fmt_amount(verdict.parts_sum)} {unit}】")

    def change(self, ref: Ref, what: str, *, same: str = "与上年持平", unit: str = "万元") -> str:
        """``增加 94.8 万元`` / ``减少 5 万元`` / ``与上年持平`` / a placeholder."""
        value = self.number(ref)
        if value is None:
            return "增减" + self.missing(f"{what}比上年增减额", ref)
        if value == 0:
            return same
        word = "增加" if value > 0 else "减少"
        return f"{word} {calc.fmt_amount(abs(value))} {unit}"

    def growth(self, ref: Ref, what: str) -> str:
        """``，增长 7.83%`` from change ÷ prior; empty for a new item, no change or a change not filled."""
        change, prior = self.number(ref), self.number(ref.at("prior"))
        if change is None or change == 0 or prior == 0:
            return ""
        if prior is None:
            current = ref.at("current" if ref.has("current") else "amount")
            return "，增减率" + self.missing(f"{what}本年数（计算增减率所需）", current)
        rate = calc.growth(prior + change, prior)
        assert rate is not None
        word = "增长" if rate > 0 else "下降"
        return f"，{word} {calc.fmt(abs(calc.as_percent(rate)), 2)}%"

    def share(self, part: tuple[Ref, ...], whole: tuple[Ref, ...], what: str, of: str = "") -> str:
        """``，占 66.67%`` (part ÷ whole; ``of`` names the whole); empty when the whole is zero."""
        a, b = figure(self.book, part), figure(self.book, whole)
        if a is None or b == 0:  # the amount's own placeholder stands beside it
            return ""
        if b is None:
            return "，占比" + self.missing(f"合计（计算{what}占比所需）", whole[0])
        return f"，占{of} {calc.fmt(calc.as_percent(calc.share(a, b)), 2)}%"

    # -- title and sections --------------------------------------------------------------------
    def title(self) -> str:
        stated = self.department("title")
        if stated:
            return stated
        name = self.department("name") or self.missing("部门名称", Ref("department", "name", "value"))
        return f"{name} {self.year} 年部门预算公开情况说明"

    def name(self) -> str:
        return self.department("short_name") or self.department("name") or self.missing(
            "部门名称", Ref("department", "name", "value"))

    def income(self) -> str:
        """二（一）: 收入总计 and each source, then the carry-over outside the total."""
        total = _ie("income_total")
        parts = _breakdown(total).parts
        sources = "，".join(f"{p.label()} {self.amount(p, p.label())}" for p in parts)
        text = f"{self.name()} {self.year} 年度收入总计 {self.total(total, '收入总计', parts)}，其中：{sources}。"
        carryover = _ie("carryover")
        value = self.number(carryover)
        if value == 0:
            return text + f"{self.prior} 年无结转资金。"
        return text + f"另有 {self.prior} 年结转至 {self.year} 年的资金 {self.amount(carryover, '结转资金')}，未列入收入总计。"

    def expenditure(self) -> str:
        """二（二）: 支出总计, 基本支出 (人员/公用), 项目支出 (本级)."""
        ie = {key: _ie(key) for key in
              ("expenditure_total", "basic", "personnel", "public", "project", "project_own")}

        def part(key: str) -> str:
            return self.amount(ie[key], ie[key].label())

        total = self.total(ie["expenditure_total"], "支出总计", (ie["basic"], ie["project"]))
        basic = self.total(ie["basic"], "基本支出", (ie["personnel"], ie["public"]))
        project = self.total(ie["project"], "项目支出", (ie["project_own"],))
        return (f"{self.year} 年支出预算总计 {total}，其中：基本支出 {basic}，包括人员经费 {part('personnel')}"
                f"和日常公用经费 {part('public')}；项目支出 {project}，包括本级支出 {part('project_own')}。")

    def _yoy_change(self, row: str, what: str, parts: Sequence[Ref] = ()) -> str:
        """``增加 94.8 万元，增长 7.83%`` for a row of 比上年增减 (with 待核 if its items contradict it)."""
        ref = Ref("year_on_year", row, "change")
        value = self.number(ref)
        text = self.change(ref, what, same="持平")
        if value not in (None, 0) and parts:
            checked = self.total(ref, f"{what}增减额", parts)
            if checked.startswith("【待核"):
                text = checked
        return text + self.growth(ref, what)

    def _items(self, breakdown: Breakdown) -> tuple[list[str], list[str], list[str]]:
        """Itemised changes the workbook holds: (changes, new items, asides)."""
        changes, new, asides = [], [], []
        for ref in breakdown.parts:
            label = TABLES_BY_KEY[ref.table].row(ref.row).label
            current, change = self.number(ref.at("current")), self.number(ref)
            if current is None and change is None:
                continue
            if label.startswith(NEW_PREFIX):
                new.append(f"{ref.label()} {self.amount(ref.at('current'), ref.label())}")
            elif label.startswith(ASIDE_PREFIX):
                asides.append(f"另外，{ref.label()}较 {self.prior} 年{self.change(ref, ref.label(), same='持平')}。")
            else:
                changes.append(f"{ref.label()}{self.change(ref, ref.label(), same='与上年持平')}")
        return changes, new, asides

    def _reasons(self, breakdown: Breakdown, what: str) -> tuple[str, list[str]]:
        changes, new, asides = self._items(breakdown)
        if not (changes or new or asides):
            return f"，主要原因为：{self.missing_range(f'{what}增减明细', breakdown.parts)}", []
        text = f"，主要原因为：{'，'.join(changes)}" if changes else ""
        if new:
            text += f"{'；' if text else '，'}新增项目资金为{'、'.join(new)}"
        return text, asides

    def year_on_year(self) -> list[str]:
        """二（三）: the change of 支出总计, 基本支出 and 项目支出 with each itemised reason."""
        total = Ref("year_on_year", "total", "change")
        basic_items = _breakdown(Ref("year_on_year", "basic", "change"))
        project_items = _breakdown(Ref("year_on_year", "project", "change"))
        basic_reasons, basic_asides = self._reasons(basic_items, "基本支出")
        project_reasons, project_asides = self._reasons(project_items, "项目支出")
        current = self.amount(Ref("year_on_year", "total", "current"), "本年预算数")
        text = (f"{self.year} 年预算安排 {current}，较 {self.prior} 年{self._yoy_change('total', '支出总计', _breakdown(total).parts)}"
                f"，其中：基本支出{self._yoy_change('basic', '基本支出', basic_items.parts)}{basic_reasons}。"
                f"项目支出{self._yoy_change('project', '项目支出', project_items.parts)}{project_reasons}。")
        workers = self.workers()
        if workers:
            text += workers
        return [text, *basic_asides, *project_asides]

    def workers(self) -> str:
        """社区工作者人数 as the table states them (empty when the table is empty)."""
        rows = {key: Ref("community_workers", key, "count") for key in
                ("former_committee", "assigned", "total", "city_selected", "increase_vs_2018")}
        if all(self.number(r) is None for r in rows.values()):
            return ""

        def count(key: str) -> str:
            value = self.number(rows[key])
            return self.missing(rows[key].label(), rows[key]) if value is None else f"{calc.fmt_amount(value)} 人"

        total = self.total(rows["total"], "共计", (rows["former_committee"], rows["assigned"]), unit="人")
        increase = self.number(rows["increase_vs_2018"])
        change_label = rows["increase_vs_2018"].label()
        if increase is not None and increase < 0:
            change_label = change_label.replace("增加", "减少")
        change = self.missing(change_label, rows["increase_vs_2018"]) if increase is None \
            else f"{calc.fmt_amount(abs(increase))} 人"
        return (f"社区工作者人数：{rows['former_committee'].label()} {count('former_committee')}，"
                f"{rows['assigned'].label()} {count('assigned')}，共计 {total}；"
                f"{rows['city_selected'].label()} {count('city_selected')}；{change_label} {change}。")

    def office_costs(self) -> str:
        """三: 机关运行经费, its items and its change."""
        total = Ref("office_costs", "total", "current")
        items = [r for r in _breakdown(total).parts
                 if self.number(r) is not None or self.number(r.at("change")) is not None]
        listing = "，".join(f"{r.label()} {self.amount(r, r.label() + '本年预算数')}" for r in items) \
            or self.missing_range("机关运行经费明细", _breakdown(total).parts)
        text = (f"{self.year} 年机关运行经费支出预算 {self.total(total, '机关运行经费', items)}，主要包括{listing}等。"
                f"与 {self.prior} 年相比{self.change(total.at('change'), '机关运行经费', same='持平')}"
                f"{self.growth(total.at('change'), '机关运行经费')}")
        changes = [r for r in items if self.number(r.at("change")) is not None]
        if changes:
            text += "，其中：" + "，".join(
                f"{r.label()}{self.change(r.at('change'), r.label())}" for r in changes)
        return text + "。"

    def three_public(self) -> list[str]:
        """四: “三公”经费, each item with its share and change."""
        rows = {s: SUBJECTS[s] for s in ("three_total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation",
                                         "reception")}
        whole = rows["three_total"].amount

        def amount(key: str) -> str:
            return self.amount(rows[key].amount, rows[key].label)

        def share(key: str) -> str:
            return self.share(rows[key].amount, whole, rows[key].label)

        def change(key: str) -> str:
            ref = rows[key].change
            assert ref is not None
            text = self.change(ref, rows[key].label)
            return text if text == "与上年持平" else f"比上年{text}{self.growth(ref, rows[key].label)}"

        parts = [rows[k].amount for k in ("abroad", "vehicles", "reception")]
        total = self.total(whole, QUOTED_THREE, parts)
        vehicles = self.total(rows["vehicles"].amount, "公务用车购置及运行费",
                              [rows[k].amount for k in ("vehicle_purchase", "vehicle_operation")])
        return [
            f"{self.year} 年度{QUOTED_THREE}财政拨款支出预算 {total}，{change('three_total')}。"
            f"{self.year} 年度{QUOTED_THREE}财政拨款支出预算中，因公出国（境）费支出预算 {amount('abroad')}；"
            f"公务用车购置及运行费支出预算 {vehicles}；公务接待费支出预算 {amount('reception')}。具体情况如下：",
            f"1、因公出国（境）费支出预算 {amount('abroad')}{share('abroad')}，{change('abroad')}。",
            f"2、公务用车购置及运行费支出预算 {vehicles}{share('vehicles')}，其中：公务用车购置费 "
            f"{amount('vehicle_purchase')}{share('vehicle_purchase')}，{change('vehicle_purchase')}；公务用车运行维护费 "
            f"{amount('vehicle_operation')}{share('vehicle_operation')}，{change('vehicle_operation')}。",
            f"3、公务接待费支出预算 {amount('reception')}{share('reception')}，{change('reception')}。",
        ]

    def procurement(self) -> str:
        """六: 政府采购预算 and its goods, works and services with shares."""
        whole = SUBJECTS["procurement_total"].amount
        kinds = [SUBJECTS[k] for k in ("goods", "works", "services")]
        total = self.total(whole, "政府采购预算", [k.amount for k in kinds])
        parts = "；".join(f"{k.label}支出 {self.amount(k.amount, k.label)}{self.share(k.amount, whole, k.label)}"
                         for k in kinds)
        return (f"{self.year} 年度本部门政府采购支出预算金额 {total}，其中：{parts}。"
                f"具体采购内容见部门政府采购预算表。")

    def assets(self) -> list[str]:
        """七: 固定资产 by category with shares, vehicles, planned purchases."""
        whole = SUBJECTS["assets_total"].amount
        categories = [SUBJECTS[k] for k in ("land_buildings", "general_equipment", "special_equipment",
                                            "cultural_relics", "books", "furniture")]
        date = self.department("asset_date") or self.missing("资产统计截止时间", Ref("department", "asset_date", "value"))
        total = self.total(whole, "固定资产", [c.amount for c in categories])
        listing = "；".join(f"{c.label} {self.amount(c.amount, c.label)}"
                            f"{self.share(c.amount, whole, c.label, of='固定资产的')}"
                            for c in categories)
        vehicles = SUBJECTS["vehicle_assets"]
        assert vehicles.count is not None
        count = self.number(vehicles.count)
        count_text = self.missing("车辆数量", vehicles.count) if count is None else f"{calc.fmt_amount(count)} 辆"
        planned = SUBJECTS["planned_purchase"]
        names = self.planned_items()
        purchase = f"本年度拟购置固定资产总额为 {self.amount(planned.amount, planned.label)}"
        if names:
            purchase += f"，主要为{'和'.join(names)}，已列入政府采购预算"
        return [
            f"截止 {date}，本部门固定资产 {total}。",
            f"其中：{listing}。本部门共有车辆 {count_text}，价值 {self.amount(vehicles.amount, '车辆价值')}。{purchase}。",
        ]

    def planned_items(self) -> list[str]:
        """Names of the procurement items that are fixed assets (目录 A01–A06)."""
        names: list[str] = []
        for record in self.book.records("procurement"):
            code = str(record["catalog"].value or "").strip().upper()
            item = str(record["item"].value or "").strip()
            if item and code.startswith(ASSET_PREFIXES) and item not in names:
                names.append(item)
        return names


_PLACEHOLDER = re.compile(r"【(?:未填|待核)：[^】]*】")


def placeholders(paragraphs: Iterable[Paragraph]) -> list[str]:
    """Every 【未填：…】 and 【待核：…】 marker of a generated text."""
    return [m.group() for p in paragraphs for m in _PLACEHOLDER.finditer(p.text)]
