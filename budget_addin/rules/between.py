"""表间 rules: the tables of one disclosure agree with each other."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budget_addin.core import calc
from budget_addin.core.findings import Finding, MissingData, Rule, rule
from budget_addin.core.functions import ASSET_PREFIXES
from budget_addin.core.model import Book
from budget_addin.core.schema import TABLES_BY_KEY
from budget_addin.rules.common import amount, carryover_left_out, equal_check, need_table

IE = "income_expenditure"
ST = "summary_table"


@rule("BJ-001", "表间", "error", "收入总计等于支出总计")
def income_equals_expenditure(book: Book, r: Rule) -> Iterator[Finding]:
    yield from equal_check(book, r, [((IE, "income_total", "amount"), (IE, "expenditure_total", "amount")),
                                     ((ST, "income_total", "amount"), (ST, "expenditure_total", "amount"))])


@rule("BJ-002", "表间", "error", "部门收支总表与情况说明所列收入、支出一致")
def summary_vs_narrative_tables(book: Book, r: Rule) -> Iterator[Finding]:
    rows = ("fiscal_appropriation", "gp_appropriation", "fund_appropriation", "soe_appropriation", "special_account",
            "business_income", "operating_income", "superior_subsidy", "affiliated_income", "other_income",
            "income_this_year", "reserve_fund", "carryover", "income_total", "basic", "project", "reserve",
            "operating_expenditure", "carry_forward", "expenditure_total")
    pairs = [((ST, row, "amount"), (IE, row, "amount")) for row in rows]
    yield from equal_check(book, r, pairs)


@rule("BJ-003", "表间", "error", "部门收入总表合计与部门收支总表一致")
def income_table_vs_summary(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "income_table")
    first = _total_row(book, "income_table")
    columns = {"gp": "gp_appropriation", "fund": "fund_appropriation", "soe": "soe_appropriation",
               "special": "special_account", "business": "business_income", "operating": "operating_income",
               "superior": "superior_subsidy", "affiliated": "affiliated_income", "other": "other_income",
               "reserve_fund": "reserve_fund", "carryover": "carryover"}
    total_row = "income_total" if book.number("income_table", first, "carryover") is not None else "income_this_year"
    columns = {"total": total_row, **columns}
    yield from equal_check(book, r, [(("income_table", first, c), (ST, row, "amount")) for c, row in columns.items()])


@rule("BJ-004", "表间", "error", "部门支出总表合计与部门收支总表一致")
def expenditure_table_vs_summary(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "expenditure_table")
    first = _total_row(book, "expenditure_table")
    yield from equal_check(book, r, [(("expenditure_table", first, "total"), (ST, "expenditure_this_year", "amount")),
                                     (("expenditure_table", first, "basic"), (ST, "basic", "amount")),
                                     (("expenditure_table", first, "project"), (ST, "project", "amount"))])


@rule("BJ-005", "表间", "error", "财政拨款收支总表与部门收支总表的财政拨款收入一致")
def fiscal_vs_summary(book: Book, r: Rule) -> Iterator[Finding]:
    rows = ("gp_appropriation", "fund_appropriation", "soe_appropriation")
    yield from equal_check(book, r, [(("fiscal_table", row, "amount"), (ST, row, "amount")) for row in rows])


@rule("BJ-006", "表间", "error", "一般公共预算支出表、政府性基金、国有资本经营支出表合计与财政拨款收支总表一致")
def class_tables_vs_fiscal(book: Book, r: Rule) -> Iterator[Finding]:
    pairs = []
    for table, row in (("gp_expenditure_table", "gp_expenditure"), ("gov_fund_table", "fund_expenditure"),
                       ("soe_table", "soe_expenditure")):
        if book.has_table(table) and book.rows(table):
            pairs.append(((table, _total_row(book, table), "total"), ("fiscal_table", row, "amount")))
    yield from equal_check(book, r, pairs)


@rule("BJ-007", "表间", "error", "一般公共预算基本支出表合计与一般公共预算支出表基本支出一致")
def basic_table_vs_gp(book: Book, r: Rule) -> Iterator[Finding]:
    pairs = []
    if book.has_table("gp_basic_table") and book.rows("gp_basic_table") and book.rows("gp_expenditure_table"):
        pairs.append((("gp_basic_table", _total_row(book, "gp_basic_table"), "total"),
                      ("gp_expenditure_table", _total_row(book, "gp_expenditure_table"), "basic")))
    yield from equal_check(book, r, pairs)


@rule("BJ-008", "表间", "error", "一般公共预算“三公”经费支出表与“三公”经费说明一致")
def three_public_tables(book: Book, r: Rule) -> Iterator[Finding]:
    rows = ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
    yield from equal_check(
        book, r, [(("gp_three_public_table", row, "amount"), ("three_public", row, "amount")) for row in rows]
    )


@rule("BJ-009", "表间", "error", "机关运行经费不超过日常公用经费")
def office_costs_within_public(book: Book, r: Rule) -> Iterator[Finding]:
    yield from equal_check(book, r, [(("office_costs", "total", "amount"), (IE, "public", "amount"))], relation="<=")


BASIC_THREE_PUBLIC = {
    "30212": "abroad",
    "30217": "reception",
    "30231": "vehicle_operation",
    "31013": "vehicle_purchase",
}


@rule("BJ-010", "表间", "error", "基本支出表 30212/30217/30231/31013 不超过对应“三公”经费")
def basic_codes_within_three_public(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "gp_basic_table", "three_public")
    pairs = []
    for i in book.rows("gp_basic_table"):
        code = book.text("gp_basic_table", i, "code").strip()
        if code in BASIC_THREE_PUBLIC:
            pairs.append((("gp_basic_table", i, "total"), ("three_public", BASIC_THREE_PUBLIC[code], "amount")))
    if not pairs:
        raise MissingData("基本支出表未填 30212/30217/30231/31013 科目")
    yield from equal_check(book, r, pairs, relation="<=")


@rule("BJ-011", "表间", "error", "拟购置固定资产等于政府采购中固定资产类品目（A01–A06）之和")
def planned_assets_vs_procurement(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "assets", "procurement")
    stated = book.number("assets", "planned_purchase", "amount")
    if stated is None:
        raise MissingData("未填拟购置固定资产")
    rows = _asset_rows(book.texts("procurement", "catalog"))
    amounts = book.numbers("procurement", "amount")
    total = calc.total(amounts[i] for i in rows) or calc.ZERO
    if abs(total - stated) >= calc.CENT_TOLERANCE:
        names, shown = book.texts("procurement", "item"), _Shown()
        items = "、".join(f"{names[i]} {shown[amounts[i]]}" for i in rows) or "无"
        yield r.finding(
            [book.ref("assets", "planned_purchase", "amount")] + book.refs("procurement", rows, "amount"),
            f"拟购置固定资产 {amount(stated)} 应等于采购预算中的固定资产类品目之和 {amount(total)}（{items}）",
            expected=total,
            actual=stated,
        )


class _Shown(dict[Decimal | None, str]):
    """:func:`amount` of each figure, worked out once per value (a long list repeats its figures).

    Equal Decimals (1.5, 1.50) share an entry: the amount shown depends on the value alone.
    """

    def __missing__(self, value: Decimal | None) -> str:
        self[value] = text = amount(value)
        return text


def _asset_rows(codes: list[str]) -> list[int]:
    """Records whose 目录序号 is of a fixed-asset class (A01–A06); each distinct code is classified once."""
    known: dict[str, bool] = {}
    rows = []
    for index, code in enumerate(codes):
        hit = known.get(code)
        if hit is None:
            hit = known[code] = code.strip().upper().startswith(ASSET_PREFIXES)
        if hit:
            rows.append(index)
    return rows


@rule("BJ-012", "表间", "error", "固定资产占用情况表与国有资产构成一致")
def fixed_assets_vs_assets(book: Book, r: Rule) -> Iterator[Finding]:
    pairs = {
        "total": "total",
        "buildings": "land_buildings",
        "general_equipment": "general_equipment",
        "special_equipment": "special_equipment",
        "cultural": "cultural_relics",
        "books": "books",
        "furniture": "furniture",
    }
    yield from equal_check(book, r, [(("fixed_assets", a, "value"), ("assets", b, "amount")) for a, b in pairs.items()])


@rule("BJ-013", "表间", "error", "政府采购构成与采购明细一致（合计、货物、工程、服务）")
def procurement_summary_vs_detail(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "procurement_summary", "procurement")
    if not any(book.texts("procurement", "catalog")):
        raise MissingData("“政府采购预算”表没有填写带目录序号的采购明细")
    pairs = [(("procurement_summary", row, "amount"), ("procurement_summary", row, "detail"))
             for row in ("total", "goods", "works", "services")]
    yield from equal_check(book, r, pairs)


@rule("BJ-014", "表间", "warning", "有公务用车运行维护费则应有在用车辆")
def vehicles_exist(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "three_public", "fixed_assets")
    cost = book.number("three_public", "vehicle_operation", "amount")
    count = book.number("fixed_assets", "vehicles", "quantity")
    if cost is None or count is None:
        raise MissingData("公务用车运行费或车辆数未填")
    if cost > 0 and count == 0:
        yield r.finding(
            [book.ref("three_public", "vehicle_operation", "amount"), book.ref("fixed_assets", "vehicles", "quantity")],
            f"公务用车运行维护费 {amount(cost)} 万元，但车辆数为 0",
            actual=cost,
        )


@rule("BJ-015", "表间", "warning", "说明所述结转资金应列入收入（上年结转）")
def carryover_in_income(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, IE)
    carried = book.number(IE, "carryover", "amount")
    if carried is None or carried == 0:
        raise MissingData("未述及结转资金")
    listed = book.number(ST, "carryover", "amount") if book.has_table(ST) else None
    total = book.number(IE, "income_total", "amount")
    if listed is None and total is not None and carryover_left_out(book):
        yield r.finding(
            [book.ref(IE, "carryover", "amount"), book.ref(IE, "income_total", "amount")],
            f"说明称 {amount(carried)} 万元结转至本年，但收入总计 {amount(total)} 仅由本年各项收入构成，"
            f"收支总表也未列上年结转：结转资金应列入“上年结转”（收入总计应为 {amount(total + carried)}），或删去该表述",
            expected=total + carried,
            actual=total,
        )


def _total_row(book: Book, table: str) -> int:
    """The 合计 record of a list table (the first record named 合计/总计, else the first)."""
    rows = book.rows(table)
    if not rows:
        raise MissingData(f"“{TABLES_BY_KEY[table].sheet}”表没有数据行")
    for i in rows:
        if book.text(table, i, "name").strip() in {"合计", "总计"}:
            return int(i)
    return int(rows[0])


_INVESTED = re.compile(r"投入\s*(\d+(?:\.\d+)?)\s*万元")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@rule("BJ-016", "表间", "error", "项目绩效目标所述投入金额与政府采购表中该项目的预算资金一致")
def goal_amounts_vs_budget(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "project_goals", "procurement")
    budgets: dict[str, list[int]] = {}
    budget_of, projects = book.numbers("procurement", "project_budget"), book.texts("procurement", "project")
    squashed: dict[str, str] = {}  # a long list repeats a few project names
    for i, budget in enumerate(budget_of):
        if budget is not None:
            name = projects[i]
            key = squashed.get(name)
            if key is None:
                key = squashed[name] = _squash(name)
            budgets.setdefault(key, []).append(i)
    ran = False
    for g in book.rows("project_goals"):
        match = _INVESTED.search(book.text("project_goals", g, "goal"))
        rows = budgets.get(_squash(book.text("project_goals", g, "name")))
        if not match or not rows:
            continue
        ran = True
        stated = calc.Decimal(match.group(1))
        for i in rows:
            budget = budget_of[i]
            if budget is not None and abs(budget - stated) >= calc.CENT_TOLERANCE:
                yield r.finding([book.ref("procurement", i, "project_budget"), book.ref("project_goals", g, "goal")],
                                f"“{book.text('project_goals', g, 'name')}”绩效目标称投入 {amount(stated)} 万元，"
                                f"政府采购表所列预算资金为 {amount(budget)} 万元", expected=stated, actual=budget)
    if not ran:
        raise MissingData("没有写明投入金额且能对应到采购项目的绩效目标")
