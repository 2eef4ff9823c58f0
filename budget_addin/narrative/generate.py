"""The 情况说明 written from the tables, topic by topic in the order of the official text.

The generator speaks for the workbook it reads: every sentence stands on figures of that
workbook (stated, or derived from a full breakdown) computed with :mod:`budget_addin.core.calc`,
every item it names is a row of the workbook (its 明细, 人员情况, 机构设置, 名词解释 lists), and a
topic the workbook says nothing about is left out, except the topics every disclosure must carry
(收支、机关运行经费、“三公”经费、政府采购、国有资产), where the missing figure is written as a
visible placeholder ``【未填：…】``. A figure the workbook contradicts — a total its parts do not
make up, a change its itemised reasons do not add up to, a share above 100% or below 0 — is written
as ``【待核：…】`` with the reason, never as a fact. The claim extractor skips both markers.

The topics come in the order of the official text (部门职责及机构设置 … 名词解释), numbered 一、二、…
consecutively over the topics written (a topic left out leaves no gap); the claim checker knows a
topic by the words of its heading, never by its number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from budget_addin.core import calc
from budget_addin.core.details import DetailGroup, detail_groups
from budget_addin.core.functions import ASSET_PREFIXES
from budget_addin.core.model import Book, RowKey, YearOnYear, year_on_year
from budget_addin.core.schema import TABLES_BY_KEY
from budget_addin.narrative.glossary import Ref, figure, figure_ref, plain_label

ROUNDING_POLICY = (
    "金额以万元为单位，四舍五入保留两位小数（末尾的 0 不写）；增减率、占比以百分数表示，四舍五入保留两位小数。"
)
QUOTED_THREE = "“三公”经费"
CENT = Decimal("0.005")  # two figures in 万元 differ when they differ by half a cent or more
IE = "income_expenditure"
UNIT = "万元"
# Rows of 收入支出 by topic: income, expenditure by use, and the fund blocks.
INCOME_ROWS = ("income_total", "income_this_year", "fiscal_appropriation", "gp_appropriation", "fund_appropriation",
               "soe_appropriation", "special_account", "business_income", "operating_income", "superior_subsidy",
               "affiliated_income", "other_income", "reserve_fund", "carryover")
EXPENDITURE_ROWS = ("expenditure_total", "basic", "personnel", "public", "project", "project_own", "reserve",
                    "operating_expenditure", "carry_forward")
FUND_ROWS = ("gp_expenditure", "fund_expenditure", "soe_expenditure")
THREE_ITEMS = ("abroad", "vehicles", "reception")
VEHICLE_PARTS = ("vehicle_purchase", "vehicle_operation")
PROCUREMENT_KINDS = ("goods", "works", "services")
ASSET_CATEGORIES = ("land_buildings", "general_equipment", "special_equipment", "cultural_relics", "books",
                    "furniture")
UNIT_KINDS = ("administrative", "civil_service", "institution", "other")


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
    """The 情况说明 of a workbook: its title, then each topic the workbook supports, in the official order."""
    w = _Writer(book)
    paragraphs = [Paragraph("title", w.title())]
    for section in (w.duties, w.overall, w.office_costs, w.three_public, w.performance, w.procurement, w.assets,
                    w.glossary):
        paragraphs.extend(section())
    return [Paragraph(p.kind, p.text.replace(" 【", "【"), p.level) for p in _numbered(paragraphs)]


_NUMERALS = "一二三四五六七八九十"


def _numbered(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Top-level headings renumbered 一、二、… in order, so a topic left out leaves no gap."""
    out, number = [], 0
    for p in paragraphs:
        if p.kind == "heading" and p.level == 1 and "、" in p.text:
            number += 1
            p = Paragraph(p.kind, f"{_NUMERALS[number - 1]}、{p.text.split('、', 1)[1]}", p.level)
        out.append(p)
    return out


_CHANGE_WORDS = ("增加", "减少", "增长", "下降", "持平")


def _item(name: str) -> str:
    """A 明细 item as the text names it: quoted when its own name ends in a change word (“公用经费增加”增加 …)."""
    return f"“{name}”" if name.endswith(_CHANGE_WORDS) else name


_PLACEHOLDER = re.compile(r"【(?:未填|待核)：[^】]*】")


def placeholders(paragraphs: Iterable[Paragraph]) -> list[str]:
    """Every 【未填：…】 and 【待核：…】 marker of a generated text."""
    return [m.group() for p in paragraphs for m in _PLACEHOLDER.finditer(p.text)]


def _heading(text: str, level: int = 1) -> Paragraph:
    return Paragraph("heading", text, level)


def _text(text: str) -> Paragraph:
    return Paragraph("text", text)


def _amount(value: Decimal, unit: str = UNIT) -> str:
    return f"{calc.fmt_amount(value)} {unit}"


def _percent(fraction: Decimal) -> str:
    return f"{calc.fmt(calc.as_percent(fraction), 2)}%"


def _terms(values: Sequence[Decimal], labels: Sequence[str] = ()) -> str:
    """``19+6-5`` (or ``本年收入合计 3805.77+上年结转 140`` with labels)."""
    text = ""
    for i, value in enumerate(values):
        sign = "-" if value < 0 else "+" if i else ""
        name = f"{labels[i]} " if labels else ""
        text += f"{sign}{name}{calc.fmt_amount(abs(value))}"
    return text


def _versus(words: str) -> str:
    """``，比上年增加 …`` / ``，与上年持平`` / ``，比上年增减【待核：…】`` for the words of
    :meth:`_Writer.change_of`."""
    if not words:
        return ""
    if words == "持平":
        return "，与上年持平"
    return f"，比上年{'增减' if words.startswith('【') else ''}{words}"


def _contradicts(stated: Decimal, parts: Sequence[Decimal | None], complete: bool) -> bool:
    """True when parts contradict a stated total (cent-exact, as the tables hold them).

    A complete breakdown with every part known must make up the total; otherwise the known
    parts may not exceed it (said only when no figure is negative: with mixed signs nothing can
    be said).
    """
    known = [v for v in parts if v is not None]
    if not known:
        return False
    summed = sum(known, calc.ZERO)
    if complete and len(known) == len(parts):
        return abs(summed - stated) >= CENT
    if stated < 0 or any(v < 0 for v in known):
        return False
    return summed - stated >= CENT


class _Writer:
    """Phrases of the 情况说明 over one Book."""

    def __init__(self, book: Book) -> None:
        self.book = book
        year = self.department("year")
        self.year = year or self.missing("预算年度", ("department", "year", "value"))
        self.prior_year = str(int(year) - 1) if year.isdigit() else self.missing(
            "上年年度", ("department", "year", "value"))
        # 上年预算数 → 预算数: the words naming what the prior-year figures are
        self.comparator = book.comparator.removeprefix("上年")
        self.groups = detail_groups(book) if book.has_table("details") else []
        self.staff_groups = detail_groups(book, "staff") if book.has_table("staff") else []

    # -- cells and placeholders ----------------------------------------------------------------
    def cell(self, table: str, row: RowKey, col: str) -> str:
        return self.book.ref(table, row, col)

    def missing(self, what: str, *cells: tuple[str, RowKey, str]) -> str:
        where = "、".join(self.cell(*c) for c in cells)
        return f"【未填：{what}（{where}）】" if where else f"【未填：{what}】"

    def department(self, row: str) -> str:
        return self.book.text("department", row, "value").strip()

    def label(self, table: str, row: str) -> str:
        return plain_label(TABLES_BY_KEY[table].row(row).label)

    def stated(self, table: str, row: RowKey, col: str = "amount") -> Decimal | None:
        if not self.book.has_table(table):
            return None
        return self.book.number(table, row, col)

    def figure(self, table: str, row: RowKey, col: str = "amount") -> Decimal | None:
        """Stated, or the sum of a full breakdown whose parts are stated (derived, not demanded)."""
        if not self.book.has_table(table):
            return None
        return self.book.figure(table, row, col)

    def yoy(self, table: str, row: RowKey) -> YearOnYear:
        """本年、上年、增减额 of a row; the change only where the row states its change or its prior year.

        A change derived from the prior years of the parts alone is left to the 同比分析 sheet: the
        text states what the row itself says.
        """
        found = year_on_year(self.book, table, row)
        if found.change_stated or found.prior_stated:
            return found
        return YearOnYear(found.current, None, None, False, False)

    # -- figures that may be contradicted ------------------------------------------------------
    def total(self, table: str, row: str, what: str | None = None, col: str = "amount", unit: str = UNIT) -> str:
        """``3805.77 万元``, ``【待核：…】`` when the row's declared parts contradict it, or ``【未填：…】``."""
        what = what or self.label(table, row)
        value = self.figure(table, row, col)
        if value is None:
            return self.missing(what, (table, row, col))
        declared = TABLES_BY_KEY[table].row(row)
        stated = self.stated(table, row, col)
        if stated is None or not declared.parts:
            return _amount(value, unit)
        parts = [self.figure(table, p, col) for p in declared.parts]
        known = [(p, v) for p, v in zip(declared.parts, parts, strict=True) if v is not None]
        summed = sum((v for _, v in known), calc.ZERO)
        blank = [self.label(table, p) for p, v in zip(declared.parts, parts, strict=True) if v is None]
        # a full breakdown whose filled parts fall short: the rule warns (a blank part may hold it), so does the text
        short = not declared.partial and known and blank and stated - summed >= CENT
        if not short and not _contradicts(stated, parts, complete=not declared.partial):
            return _amount(value, unit)
        terms = _terms([v for _, v in known], [self.label(table, p) for p, _ in known])
        relation = "之和" if not declared.partial else "（其中项）之和"
        note = f"，{'、'.join(blank)}未填" if short else ""
        return (f"【待核：表中{what}为 {_amount(stated, unit)}（{self.cell(table, row, col)}），所列各项{relation} "
                f"{terms}={_amount(summed, unit)}{note}】")

    def listing(self, table: str, row: str, col: str = "amount", depth: int = 0) -> list[str]:
        """The stated parts of a row, each followed by its own stated parts; blank subtotals flattened.

        ``本年收入合计 950 万元，包括财政拨款收入 800 万元（一般公共预算拨款收入 700 万元、…）、事业收入 120 万元``.
        """
        phrases = []
        for part in TABLES_BY_KEY[table].row(row).parts:
            declared = TABLES_BY_KEY[table].row(part)
            inner = self.listing(table, part, col, depth + 1) if declared.parts else []
            if self.stated(table, part, col) is None:
                phrases.extend(inner)
                continue
            text = f"{self.label(table, part)} {self.total(table, part, col=col)}"
            if inner and depth == 0:
                text += f"，{'其中' if declared.partial else '包括'}{'、'.join(inner)}"
            elif inner:
                text += f"（{'其中：' if declared.partial else ''}{'、'.join(inner)}）"
            phrases.append(text)
        return phrases

    def joined(self, phrases: Sequence[str]) -> str:
        """Top-level items joined by ``，``, or by ``；`` when an item lists parts of its own."""
        return ("；" if any("，" in p for p in phrases) else "，").join(phrases)

    def share(self, part: Decimal | None, whole: Decimal | None, part_name: str, whole_name: str,
              of: str = "") -> str:
        """``，占 66.67%`` (``of`` names the whole); ``【待核：…】`` outside 0–100%; empty without a whole."""
        if part is None or whole is None or whole == 0:
            return ""
        fraction = calc.share(part, whole)
        assert fraction is not None
        if fraction > 1 or fraction < 0:
            why = "超过 100%" if fraction > 1 else "小于 0"
            return (f"，占比【待核：{part_name} {_amount(part)}÷{whole_name} {_amount(whole)}={_percent(fraction)}，"
                    f"{why}】")
        return f"，占{of} {_percent(fraction)}"

    def change(self, yoy: YearOnYear, flat: str = "持平") -> str:
        """``增加 94.8 万元，增长 7.83%`` / ``减少 5 万元，下降 …`` / ``flat``; empty when not known."""
        change = yoy.change
        if change is None:
            return ""
        if change == 0:
            return flat
        text = f"{'增加' if change > 0 else '减少'} {_amount(abs(change))}"
        if yoy.prior:
            rate = change / yoy.prior
            text += f"，{'增长' if rate > 0 else '下降'} {_percent(abs(rate))}"
        return text

    def compared(self, yoy: YearOnYear) -> str:
        """``，与 2019 年预算数相比，增加 … `` naming the workbook's comparator; empty when not known."""
        words = self.change(yoy, flat="没有变化")
        return f"，与 {self.prior_year} 年{self.comparator}相比，{words}" if words else ""

    def change_of(self, table: str, row: str, what: str) -> str:
        """The change of a row, or ``【待核：…】`` when its itemised reasons or its parts contradict it."""
        yoy = self.yoy(table, row)
        doubt = self.change_doubt(table, row, what, yoy)
        return doubt or self.change(yoy)

    def change_doubt(self, table: str, row: str, what: str, yoy: YearOnYear) -> str:
        """``【待核：…】`` when the stated change disagrees with 本年 − 上年, its itemised reasons or its parts'
        changes."""
        stated = self.stated(table, row, "change")
        if stated is None or not self.book.has_table(table):
            return ""
        cell = self.cell(table, row, "change")
        prior = self.stated(table, row, "prior")
        if yoy.current is not None and prior is not None and abs(yoy.current - prior - stated) >= CENT:
            return (f"【待核：表中{what}增减额为 {_amount(stated)}（{cell}），本年预算数 {calc.fmt_amount(yoy.current)}"
                    f"−{self.book.comparator} {calc.fmt_amount(prior)}={_amount(yoy.current - prior)}】")
        for group in self.detail_groups_of(table, row):
            values = [self.book.number("details", i, "change_used") for i in group.rows]
            if not _contradicts(stated, values, complete=group.kind == "构成"):
                continue
            known = [v for v in values if v is not None]
            return (f"【待核：表中{what}增减额为 {_amount(stated)}（{cell}），所列明细增减额之和 "
                    f"{_terms(known)}={_amount(sum(known, calc.ZERO))}】")
        declared = TABLES_BY_KEY[table].row(row)
        if declared.parts and not declared.partial:
            parts = [year_on_year(self.book, table, p).change for p in declared.parts]  # derived parts count
            if all(v is not None for v in parts) and _contradicts(stated, parts, complete=True):
                known = [v for v in parts if v is not None]
                labels = [self.label(table, p) for p in declared.parts]
                return (f"【待核：表中{what}增减额为 {_amount(stated)}（{cell}），所列各项增减额之和 "
                        f"{_terms(known, labels)}={_amount(sum(known, calc.ZERO))}】")
        return ""

    # -- detail rows ---------------------------------------------------------------------------
    def detail_groups_of(self, table: str, row: RowKey) -> list[DetailGroup]:
        return [g for g in self.groups if g.target == (table, row)]

    def detail_item(self, index: int) -> str:
        return self.book.text("details", index, "item").strip()

    def reasons(self, table: str, row: str) -> str:
        """``，主要增减项目为：基本工资增加 19 万元，…，新增供热管理工作经费 15.3 万元`` from the 明细 rows."""
        phrases = []
        for group in self.detail_groups_of(table, row):
            for i in group.rows:
                item = _item(self.detail_item(i))
                amount = self.book.number("details", i, "amount")
                prior = self.book.number("details", i, "prior")
                change = self.book.number("details", i, "change_used")
                if not item or change is None:
                    continue
                if prior == 0 and amount:
                    phrases.append(f"新增{item} {_amount(amount)}")
                elif change == 0:
                    phrases.append(f"{item}与上年持平")
                else:
                    phrases.append(f"{item}{'增加' if change > 0 else '减少'} {_amount(abs(change))}")
        return f"，主要增减项目为：{'，'.join(phrases)}" if phrases else ""

    def unmatched_details(self) -> list[str]:
        """A 待核 marker for each group of 明细 rows whose 所属项目 names no total (or more than one)."""
        found = []
        for group in self.groups:
            if group.target is None:
                rows = "、".join(str(i + 1) for i in group.rows)
                found.append(f"【待核：明细表第 {rows} 行的所属项目“{group.parent}”未能对应到唯一的合计项目"
                             f"（{self.cell('details', group.rows[0], 'parent')}）】")
        return found

    # -- title ---------------------------------------------------------------------------------
    def title(self) -> str:
        stated = self.department("title")
        if stated:
            return stated
        name = self.department("name") or self.missing("部门名称", ("department", "name", "value"))
        return f"{name} {self.year} 年部门预算公开情况说明"

    def name(self) -> str:
        return self.department("short_name") or self.department("name") or self.missing(
            "部门名称", ("department", "name", "value"))

    # -- 一、部门职责及机构设置情况 --------------------------------------------------------------
    def duties(self) -> list[Paragraph]:
        out = [_heading("一、部门职责及机构设置情况"), _heading("（一）部门职责", 2)]
        intro = self.department("duties_intro")
        if intro:
            out.append(_text(intro))
        for i in self.book.rows("duties"):
            name = self.book.text("duties", i, "name").strip()
            body = self.book.text("duties", i, "text").strip()
            number = self.book.number("duties", i, "no")
            head = f"{calc.fmt_amount(number)}. " if number is not None else ""
            if name or body:
                out.append(_text(f"{head}{name}{'：' if name and body else ''}{body}"))
        if len(out) == 2:
            out.append(_text(self.missing("部门职责", ("duties", 0, "name"))))
        out.append(_heading("（二）机构设置", 2))
        body = [text for text in (self.unit_counts(), self.institutions(), self.staff()) if text]
        out.extend(_text(text) for text in body)
        if not body:
            out.append(_text(self.missing("机构设置", ("institutions", 0, "name"))))
        return out

    def unit_counts(self) -> str:
        """本部门共有预算单位 N 家，其中：行政单位 a 家、… (only the counts stated)."""
        table = "unit_counts"
        if not self.book.has_table(table):
            return ""
        kinds = [(self.label(table, k), self.stated(table, k, "count")) for k in UNIT_KINDS]
        listed = "、".join(f"{name} {calc.fmt_amount(v)} 家" for name, v in kinds if v is not None)
        total = self.stated(table, "total", "count")
        if total is None:
            return f"本部门预算单位包括{listed}。" if listed else ""
        text = f"本部门共有预算单位 {self.total(table, 'total', '预算单位合计', col='count', unit='家')}"
        return text + (f"，其中：{listed}。" if listed else "。")

    def institutions(self) -> str:
        """部门机构设置：name（level，nature，rank，funding）；…"""
        entries = []
        for record in self.book.records("institutions"):
            name = str(record["name"].value or "").strip()
            if not name:
                continue
            about = "，".join(str(record[k].value).strip() for k in ("level", "nature", "rank", "funding")
                             if str(record[k].value or "").strip())
            entries.append(f"{name}（{about}）" if about else name)
        return f"部门机构设置：{'；'.join(entries)}。" if entries else ""

    def staff(self) -> str:
        """人员情况: each head count the 人员情况 list states, with the rows that break it down."""
        table = "staff"
        if not self.book.has_table(table):
            return ""
        children = {g.target[1]: g for g in self.staff_groups if g.target is not None}
        placed = {i for g in children.values() for i in g.rows}
        phrases = []
        for i in self.book.rows(table):
            item = self.book.text(table, i, "item").strip()
            count = self.book.number(table, i, "count")
            if i in placed or not item or count is None:
                continue
            text = f"{item} {calc.fmt_amount(count)} 人"
            group = children.get(i)
            if group is not None:
                values = [self.book.number(table, j, "count") for j in group.rows]
                parts = [f"{self.book.text(table, j, 'item').strip()} {calc.fmt_amount(v)} 人"
                         for j, v in zip(group.rows, values, strict=True) if v is not None]
                if _contradicts(count, values, complete=group.kind == "构成"):
                    known = [v for v in values if v is not None]
                    text = (
                        f"{item}【待核：表中{item}为 {calc.fmt_amount(count)} 人（{self.cell(table, i, 'count')}），"
                        f"所列各项 {_terms(known)}={calc.fmt_amount(sum(known, calc.ZERO))} 人】"
                    )
                if parts:
                    text += f"，{'其中' if group.kind == '其中' else '包括'}{'、'.join(parts)}"
            phrases.append(text)
        return f"人员情况：{'；'.join(phrases)}。" if phrases else ""

    # -- 二、部门预算安排的总体情况 ----------------------------------------------------------------
    def overall(self) -> list[Paragraph]:
        out = [_heading("二、部门预算安排的总体情况"),
               _heading("（一）收入说明", 2), _text(self.income()),
               _heading("（二）支出说明", 2), _text(self.expenditure()),
               _heading("（三）比上年增减情况", 2), *(_text(t) for t in self.changes())]
        funds = self.fund_blocks()
        if funds:
            out += [_heading("（四）财政拨款支出情况", 2), _text(funds)]
        return out

    def income(self) -> str:
        """收入总计 and each source the workbook states."""
        sources = self.joined(self.listing(IE, "income_total"))
        text = f"{self.name()} {self.year} 年度收入总计 {self.total(IE, 'income_total')}"
        return text + (f"，其中：{sources}。" if sources else "。")

    def expenditure(self) -> str:
        """支出总计 by use: 基本支出 (人员经费、公用经费), 项目支出, … as the workbook states them."""
        uses = self.joined(self.listing(IE, "expenditure_total"))
        text = f"{self.year} 年支出预算总计 {self.total(IE, 'expenditure_total')}"
        return text + (f"，其中：{uses}。" if uses else "。")

    def changes(self) -> list[str]:
        """The change of income and of expenditure on the prior year, each row with its itemised reasons."""
        out = []
        income = self.change_sentence(INCOME_ROWS, "收入总计")
        if income:
            out.append(income)
        expenditure = self.change_sentence(EXPENDITURE_ROWS, "支出预算总计")
        out.append(expenditure or (
                f"{self.year} 年支出预算总计 {self.total(IE, 'expenditure_total')}，比上年增减"
                + self.missing(f"上年数（{self.book.comparator}）或增减额", (IE, "expenditure_total", "prior"),
                               (IE, "expenditure_total", "change")) + "。"))
        out.extend(self.unmatched_details())
        return out

    def change_sentence(self, rows: Sequence[str], what: str) -> str:
        """``{total} X 万元，与 2019 年预算数相比，增加 …，其中：{row}增加 …，主要增减项目为：…。…``."""
        head, *parts = rows
        clauses = []
        for row in parts:
            words = self.change_of(IE, row, self.label(IE, row))
            if words:
                clauses.append(f"{self.label(IE, row)}{words}{self.reasons(IE, row)}")
        yoy = self.yoy(IE, head)
        doubt = self.change_doubt(IE, head, what, yoy)
        head_words = f"，比上年增减{doubt}" if doubt else self.compared(yoy)
        if not head_words and not clauses:
            return ""
        text = f"{self.year} 年{what} {self.total(IE, head)}"
        if not head_words:  # the parts state their change, the total does not
            return text + f"；与 {self.prior_year} 年{self.comparator}相比，{'。'.join(clauses)}。"
        text += head_words + self.reasons(IE, head)
        return text + (f"，其中：{'。'.join(clauses)}。" if clauses else "。")

    def fund_blocks(self) -> str:
        """一般公共预算支出、政府性基金预算支出、国有资本经营预算支出 where stated, each with its change."""
        phrases = []
        for row in FUND_ROWS:
            value = self.stated(IE, row)
            if value is None:
                continue
            words = self.change_of(IE, row, self.label(IE, row))
            phrases.append(f"{self.label(IE, row)} {_amount(value)}"
                           + _versus(words)
                           + self.reasons(IE, row))
        return (
            f"{self.year} 年{'；'.join(phrases)}（上年数为 {self.prior_year} 年{self.comparator}）。" if phrases else ""
        )

    # -- 三、机关运行经费 ----------------------------------------------------------------------
    def office_costs(self) -> list[Paragraph]:
        table = "office_costs"
        text = f"{self.year} 年机关运行经费支出预算 {self.office_total()}"
        groups = self.detail_groups_of(table, "total")
        items = [(i, self.book.number("details", i, "amount")) for g in groups for i in g.rows]
        listed = "，".join(f"{self.detail_item(i)} {_amount(v)}" for i, v in items if v is not None)
        if listed:
            whole = all(g.kind == "构成" for g in groups)  # the rows are the whole breakdown, or only some of it
            text += f"，包括{listed}" if whole else f"，主要包括{listed}等"
        yoy = self.yoy(table, "total")
        doubt = self.change_doubt(table, "total", "机关运行经费", yoy)
        text += f"，比上年增减{doubt}" if doubt else self.compared(yoy)
        changes = [(i, self.book.number("details", i, "change_used")) for i, _ in items]
        listed = "，".join(f"{_item(self.detail_item(i))}{'增加' if v > 0 else '减少'} {_amount(abs(v))}"
                           for i, v in changes if v)
        if listed:
            text += f"，其中：{listed}"
        out = [_heading("三、机关运行经费安排情况"), _text(text + "。")]
        others = []
        for row in ("meeting", "training"):
            value = self.stated(table, row)
            if value is None:
                continue
            words = self.change_of(table, row, self.label(table, row))
            others.append(f"{self.label(table, row)} {_amount(value)}"
                          + _versus(words))
        if others:
            out.append(_text(f"{self.year} 年{'；'.join(others)}。"))
        return out

    def office_total(self) -> str:
        """机关运行经费, or 【待核】 when its 明细 amounts contradict it."""
        table = "office_costs"
        value = self.stated(table, "total")
        if value is None:
            return self.missing("机关运行经费", (table, "total", "amount"))
        for group in self.detail_groups_of(table, "total"):
            values = [self.book.number("details", i, "amount") for i in group.rows]
            if _contradicts(value, values, complete=group.kind == "构成"):
                known = [v for v in values if v is not None]
                return (f"【待核：表中机关运行经费为 {_amount(value)}（{self.cell(table, 'total', 'amount')}），"
                        f"所列明细之和 {_terms(known)}={_amount(sum(known, calc.ZERO))}】")
        return _amount(value)

    # -- 四、“三公”经费 ------------------------------------------------------------------------
    def three_public(self) -> list[Paragraph]:
        table = "three_public"
        whole = self.figure(table, "total")

        def amount(row: str) -> str:
            return self.total(table, row, f"{self.label(table, row)}")

        def share(row: str) -> str:
            return self.share(self.figure(table, row), whole, self.label(table, row), QUOTED_THREE)

        def change(row: str) -> str:
            words = self.change_of(table, row, self.label(table, row))
            if not words:
                return ""
            return _versus(words) + self.reasons(table, row)

        yoy = self.yoy(table, "total")
        doubt = self.change_doubt(table, "total", QUOTED_THREE, yoy)
        total_change = f"，比上年增减{doubt}" if doubt else self.compared(yoy)
        if not total_change:
            total_change = "，比上年增减" + self.missing(f"“三公”经费上年数（{self.book.comparator}）或增减额",
                                                    (table, "total", "prior"), (table, "total", "change"))
        head = (f"{self.year} 年度{QUOTED_THREE}财政拨款支出预算 {self.total(table, 'total', QUOTED_THREE)}"
                f"{total_change}{self.reasons(table, 'total')}。")
        items = []
        for number, row in enumerate(THREE_ITEMS, start=1):
            text = f"{number}、{self.label(table, row)}支出预算 {amount(row)}{share(row)}{change(row)}"
            parts = [p for p in VEHICLE_PARTS if self.stated(table, p) is not None] if row == "vehicles" else []
            if parts:
                text += "，其中：" + "；".join(
                    f"{self.label(table, p)} {amount(p)}{share(p)}{change(p)}" for p in parts
                )
            items.append(text + "。")
        return [_heading(f"四、财政拨款{QUOTED_THREE}预算情况及增减变化原因"), _text(head + "具体情况如下："),
                *(_text(t) for t in items)]

    # -- 五、预算绩效信息 ----------------------------------------------------------------------
    def performance(self) -> list[Paragraph]:
        """The overall goal and the names of the sub-goals, when the workbook states them."""
        goal = self.book.text("overall_goal", "text", "text").strip() if self.book.has_table("overall_goal") else ""
        names = [self.book.text("sub_goals", i, "name").strip() for i in self.book.rows("sub_goals")]
        names = [n for n in names if n]
        if not goal and not names:
            return []
        out = [_heading("五、预算绩效信息"), _heading("（一）部门整体绩效目标", 2)]
        if goal:
            out.append(_text(goal))
        if names:
            out.append(_text(f"分项绩效目标：{'；'.join(names)}。"))
        return out

    # -- 六、政府采购 --------------------------------------------------------------------------
    def procurement_figure(self, row: str) -> Decimal | None:
        """As the text states it, else the sum of the procurement list by category (an empty list is no sum)."""
        return figure(self.book, self.procurement_refs(row))

    def procurement_refs(self, row: str) -> tuple[Ref, ...]:
        return (Ref("procurement_summary", row, "amount"), Ref("procurement_summary", row, "detail"))

    def procurement(self) -> list[Paragraph]:
        table = "procurement_summary"
        whole = self.procurement_figure("total")
        if whole is None:
            ref = figure_ref(self.book, self.procurement_refs("total")) or self.procurement_refs("total")[0]
            total = self.missing("政府采购预算", (ref.table, ref.row, ref.col))
        else:
            parts = [self.procurement_figure(k) for k in PROCUREMENT_KINDS]
            total = _amount(whole)
            stated = self.stated(table, "total")
            if stated is not None and _contradicts(stated, parts, complete=True):
                known = [v for v in parts if v is not None]
                total = (f"【待核：表中政府采购预算为 {_amount(stated)}（{self.cell(table, 'total', 'amount')}），"
                         f"货物、工程、服务之和 {_terms(known)}={_amount(sum(known, calc.ZERO))}】")
        kinds = []
        for row in PROCUREMENT_KINDS:
            value = self.procurement_figure(row)
            if value is not None:
                label = self.label(table, row)
                kinds.append(f"{label}支出 {_amount(value)}{self.share(value, whole, label, '政府采购预算')}")
        text = f"{self.year} 年度本部门政府采购支出预算金额 {total}"
        text += self.compared(self.yoy(table, "total")) if self.stated(table, "total") is not None else ""
        text += f"，其中：{'；'.join(kinds)}。" if kinds else "。"
        if self.book.rows("procurement"):
            text += "具体采购内容见部门政府采购预算表。"
        return [_heading("六、政府采购预算情况"), _text(text)]

    # -- 七、国有资产占用 ----------------------------------------------------------------------
    def assets(self) -> list[Paragraph]:
        table = "assets"
        whole = self.figure(table, "total")
        date = self.department("asset_date") or self.missing("资产统计截止时间", ("department", "asset_date", "value"))
        out = [
            _heading("七、国有资产信息"),
            _text(f"截止 {date}，本部门固定资产 {self.total(table, 'total', '固定资产')}。"),
        ]
        listed = "；".join(
            f"{self.label(table, row)} {_amount(value)}"
            f"{self.share(value, whole, self.label(table, row), '固定资产', of='固定资产的')}"
            for row in ASSET_CATEGORIES if (value := self.stated(table, row)) is not None)
        sentences = [f"其中：{listed}。"] if listed else []
        count = self.stated("fixed_assets", "vehicles", "quantity")
        value = self.stated("fixed_assets", "vehicles", "value")
        vehicles = [f"本部门共有车辆 {calc.fmt_amount(count)} 辆"] if count is not None else []
        vehicles += [f"车辆价值 {_amount(value)}"] if value is not None else []
        if vehicles:
            sentences.append("，".join(vehicles) + "。")
        planned = self.stated(table, "planned_purchase")
        if planned is not None:
            purchase = f"本年度拟购置固定资产总额为 {_amount(planned)}"
            names = self.planned_items()
            if names:
                purchase += f"，主要为{'和'.join(names)}，已列入政府采购预算"
            sentences.append(purchase + "。")
        if sentences:
            out.append(_text("".join(sentences)))
        return out

    def planned_items(self) -> list[str]:
        """Names of the procurement items that are fixed assets (目录 A01–A06)."""
        names: list[str] = []
        for record in self.book.records("procurement"):
            code = str(record["catalog"].value or "").strip().upper()
            item = str(record["item"].value or "").strip()
            if item and code.startswith(ASSET_PREFIXES) and item not in names:
                names.append(item)
        return names

    # -- 八、名词解释 --------------------------------------------------------------------------
    def glossary(self) -> list[Paragraph]:
        entries = []
        for i in self.book.rows("glossary"):
            term = self.book.text("glossary", i, "term").strip()
            definition = self.book.text("glossary", i, "definition").strip()
            if term:
                entries.append(_text(f"{len(entries) + 1}. {term}：{definition}" if definition else
                                     f"{len(entries) + 1}. {term}"))
        return [_heading("八、名词解释"), *entries] if entries else []


__all__ = ["Paragraph", "ROUNDING_POLICY", "generate", "placeholders", "to_text"]
