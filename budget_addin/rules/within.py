"""表内 rules: each table agrees with itself."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from budget_addin.core import calc
from budget_addin.core.dataset import percent_decimals
from budget_addin.core.findings import Finding, MissingData, Rule, rule
from budget_addin.core.functions import ASSET_PREFIXES, category
from budget_addin.core.model import Book
from budget_addin.rules.common import CENT, amount, label, need_table, ratio_check, row_sum_check, sum_check

IE = "income_expenditure"
INCOME_PARTS = ("gp_appropriation", "fund_appropriation", "soe_appropriation", "special_account", "other_income")


@rule("BN-001", "表内", "error", "收入总计等于各项收入之和")
def income_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from sum_check(book, r, IE, "income_total", INCOME_PARTS, "amount")


@rule("BN-002", "表内", "error", "支出总计等于基本支出与项目支出之和")
def expenditure_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from sum_check(book, r, IE, "expenditure_total", ("basic", "project"), "amount")


@rule("BN-003", "表内", "error", "基本支出等于人员经费与日常公用经费之和")
def basic_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from sum_check(book, r, IE, "basic", ("personnel", "public"), "amount")


@rule("BN-004", "表内", "error", "项目支出“其中”各项不超过项目支出")
def project_of_which(book: Book, r: Rule) -> Iterator[Finding]:
    yield from sum_check(book, r, IE, "project", ("project_own",), "amount", partial=True)


@rule("BN-005", "表内", "error", "“三公”经费合计等于出国、车辆、接待之和")
def three_public_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from sum_check(book, r, "three_public", "total", ("abroad", "vehicles", "reception"), "amount",
                         what="“三公”经费合计")


@rule("BN-006", "表内", "error", "公务用车购置及运行费等于购置费与运行维护费之和")
def vehicle_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from sum_check(book, r, "three_public", "vehicles", ("vehicle_purchase", "vehicle_operation"), "amount")


@rule("BN-007", "表内", "error", "政府采购预算等于货物、工程、服务之和")
def procurement_categories(book: Book, r: Rule) -> Iterator[Finding]:
    yield from sum_check(book, r, "procurement_summary", "total", ("goods", "works", "services"), "amount")


def _procurement_items(book: Book) -> list[int]:
    need_table(book, "procurement")
    rows = book.memo("procurement_items", lambda: [i for i in book.rows("procurement")
                                                   if category(book.value("procurement", i, "catalog"))])
    if not rows:
        raise MissingData("政府采购预算表没有采购明细")
    return rows


@rule("BN-008", "表内", "error", "采购明细：数量 × 单价 = 金额")
def procurement_product(book: Book, r: Rule) -> Iterator[Finding]:
    for i in _procurement_items(book):
        quantity = book.number("procurement", i, "quantity")
        price = book.number("procurement", i, "unit_price")
        total = book.number("procurement", i, "amount")
        if quantity is None or price is None or total is None:
            continue
        product = quantity * price
        if abs(product - total) >= CENT:
            yield r.finding(
                [book.ref("procurement", i, "amount"), book.ref("procurement", i, "quantity"),
                 book.ref("procurement", i, "unit_price")],
                f"“{book.text('procurement', i, 'item')}”数量 {calc.fmt_amount(quantity)} × 单价 {amount(price)} = "
                f"{amount(product)}，所列金额 {amount(total)}，相差 {amount(abs(product - total))}",
                expected=calc.round_half_up(product, 2), actual=total)


FUND_COLUMNS = ("gp", "fund", "soe", "special", "other")


@rule("BN-009", "表内", "error", "采购金额等于各资金来源之和")
def procurement_sources(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "procurement")
    for i in book.rows("procurement"):
        yield from row_sum_check(book, r, "procurement", i, "amount", FUND_COLUMNS,
                                 book.text("procurement", i, "project"), "各资金来源之和")


@rule("BN-010", "表内", "error", "采购小计等于各采购明细之和")
def procurement_subtotal(book: Book, r: Rule) -> Iterator[Finding]:
    items = _procurement_items(book)
    detail = set(items)
    subtotals = [i for i in book.rows("procurement") if i not in detail and book.number("procurement", i, "amount") is not None]
    if not subtotals:
        raise MissingData("政府采购预算表没有小计行")
    computed = calc.total(book.number("procurement", i, "amount") for i in items)
    for i in subtotals:
        stated = book.number("procurement", i, "amount")
        if computed is not None and stated is not None and abs(computed - stated) >= CENT:
            yield r.finding([book.ref("procurement", i, "amount")],
                            f"采购小计 {amount(stated)} 应等于明细之和 {amount(computed)}，相差 {amount(abs(computed - stated))}",
                            expected=computed, actual=stated)


@rule("BN-011", "表内", "error", "同一项目的采购金额合计不超过其预算资金，且各行预算资金一致")
def procurement_within_budget(book: Book, r: Rule) -> Iterator[Finding]:
    by_project: dict[str, list[int]] = defaultdict(list)
    for i in _procurement_items(book):
        by_project[book.text("procurement", i, "project")].append(i)
    for project, rows in by_project.items():
        budgets = {book.number("procurement", i, "project_budget") for i in rows} - {None}
        if len(budgets) > 1:
            yield r.finding([book.ref("procurement", i, "project_budget") for i in rows],
                            f"“{project}”各行预算资金不一致：{'、'.join(amount(b) for b in sorted(budgets))}",
                            actual=None)
            continue
        if not budgets:
            continue
        budget = budgets.pop()
        spent = calc.total(book.number("procurement", i, "amount") for i in rows)
        if spent is not None and spent - budget >= CENT:
            yield r.finding([book.ref("procurement", rows[0], "project_budget")] + [book.ref("procurement", i, "amount") for i in rows],
                            f"“{project}”采购金额合计 {amount(spent)} 超过其预算资金 {amount(budget)}",
                            expected=budget, actual=spent)


ASSET_CATEGORIES = ("land_buildings", "general_equipment", "special_equipment", "cultural_relics", "books", "furniture")


@rule("BN-012", "表内", "error", "固定资产合计等于各类资产之和")
def asset_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from sum_check(book, r, "assets", "total", ASSET_CATEGORIES, "amount", what="固定资产合计")


# Partitions of each total whose stated shares must add up to 100% (one is chosen per table).
SHARE_PARTITIONS = {
    "three_public": (("abroad", "vehicles", "reception"), ("abroad", "vehicle_purchase", "vehicle_operation", "reception")),
    "procurement_summary": (("goods", "works", "services"),),
    "assets": (ASSET_CATEGORIES,),
}
SHARE_TABLES = {
    "three_public": ("total", ("abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")),
    "procurement_summary": ("total", ("goods", "works", "services")),
    "assets": ("total", ASSET_CATEGORIES),
}


@rule("BN-013", "表内", "error", "所列占比与 部分÷合计 在所示精度内一致（或为舍位平衡的结果）")
def stated_shares(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    for table, (total, parts) in SHARE_TABLES.items():
        if not book.has_table(table):
            continue
        for part in parts:
            if book.number(table, part, "stated_share") is None:
                continue
            ran = True
            if _balanced_share(book, table, part):
                continue
            what = f"{label(table, part)}占比"
            yield from ratio_check(book, r, (table, part, "stated_share"), (table, part, "amount"), (table, total, "amount"), what)
    if not ran:
        raise MissingData("没有填列占比")


def _partition(book: Book, table: str) -> tuple[str, ...]:
    """The rows of a table whose stated shares form one group (the partition most filled in)."""
    return max(SHARE_PARTITIONS[table], key=lambda rows: sum(book.number(table, p, "stated_share") is not None for p in rows))


def _balanced_share(book: Book, table: str, part: str) -> bool:
    """True when a stated share is what 舍位平衡 (largest remainder) gives its group, summing to 100%."""
    group = _partition(book, table)
    if part not in group:
        return False
    shares = [book.number(table, p, "stated_share") for p in group]
    amounts = [book.number(table, p, "amount") for p in group]
    if any(s is None for s in shares) or any(a is None for a in amounts):
        return False
    places = max(_places(s) for s in shares if s is not None)
    balanced = calc.largest_remainder([a for a in amounts if a is not None], places)
    stated = book.number(table, part, "stated_share")
    return stated is not None and balanced[group.index(part)] == stated * 100 and sum(balanced) == calc.HUNDRED


@rule("BN-014", "表内", "error", "同一表所列占比之和在所示精度内等于 100%")
def shares_sum_to_hundred(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    for table in SHARE_PARTITIONS:
        if not book.has_table(table):
            continue
        top_level = _partition(book, table)
        shares = [(p, book.number(table, p, "stated_share")) for p in top_level]
        present = [(p, s) for p, s in shares if s is not None]
        if len(present) < 2 or len(present) < len(top_level) - 1:
            continue
        ran = True
        interval = calc.sum_interval(calc.shown(s * 100, _places(s)) for _, s in present)
        if not interval.meets(calc.exact(calc.HUNDRED)):
            stated_sum = sum((s * 100 for _, s in present), Decimal(0))
            amounts = [book.number(table, p, "amount") or Decimal(0) for p, _ in present]
            places = max(_places(s) for _, s in present)
            fix = calc.largest_remainder(amounts, places)
            yield r.finding([book.ref(table, p, "stated_share") for p, _ in present],
                            f"所列占比之和为 {calc.fmt(stated_sum, places)}%，按所示精度应为 100%；"
                            f"舍位平衡可取 {'、'.join(calc.fmt(v, places) + '%' for v in fix)}",
                            expected=calc.HUNDRED, actual=stated_sum)
    if not ran:
        raise MissingData("没有成组填列的占比")


def _places(fraction: Decimal) -> int:
    return percent_decimals(fraction)


GROWTH_ROWS = {"year_on_year": ("total", "basic", "project"), "office_costs": ("total",)}


@rule("BN-015", "表内", "error", "所列增减率与 增减额÷上年数 在所示精度内一致")
def stated_growth(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    for table, rows in GROWTH_ROWS.items():
        if not book.has_table(table):
            continue
        for row in rows:
            if book.number(table, row, "stated_growth") is None:
                continue
            ran = True
            yield from ratio_check(book, r, (table, row, "stated_growth"), (table, row, "change"), (table, row, "prior"),
                                   f"{label(table, row)}增幅")
    if not ran:
        raise MissingData("没有填列增减率")


ITEMISED = {
    "basic": ("basic_salary", "basic_allowance", "basic_social_security", "basic_housing_fund", "basic_hired_staff",
              "basic_awards", "basic_bonus"),
    "project": ("project_party_city", "project_community_district", "project_committee_staff", "project_community_workers",
                "project_heating", "project_youth_league", "project_culture", "project_village_party", "project_service",
                "project_veterans"),
}


@rule("BN-016", "表内", "warning", "所列增减原因之和与增减总额一致")
def itemised_changes(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "year_on_year")
    for parent, items in ITEMISED.items():
        yield from sum_check(book, r, "year_on_year", parent, items, "change",
                             what=f"{'基本' if parent == 'basic' else '项目'}支出增减额")


@rule("BN-017", "表内", "error", "机关运行经费所列明细不超过合计")
def office_items(book: Book, r: Rule) -> Iterator[Finding]:
    items = ("office", "property", "union", "rent", "utilities", "fiber", "welfare")
    yield from sum_check(book, r, "office_costs", "total", items, "current", partial=True, what="机关运行经费")
    yield from sum_check(book, r, "office_costs", "total", items, "change", partial=True, what="机关运行经费增加额")


FIXED_PARTS = ("buildings", "general_equipment", "special_equipment", "cultural", "books", "furniture")


@rule("BN-018", "表内", "error", "固定资产占用情况表：资产总额等于各类之和")
def fixed_asset_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from sum_check(book, r, "fixed_assets", "total", FIXED_PARTS, "value", what="资产总额")


@rule("BN-019", "表内", "error", "固定资产占用情况表：“其中”项不超过所属类别（数量与价值）")
def fixed_asset_of_which(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "fixed_assets")
    pairs = (("buildings", "office_space"), ("general_equipment", "vehicles"),
             ("special_equipment", "expensive_equipment"), ("books", "book_materials"))
    ran = False
    for parent, child in pairs:
        for col in ("value", "quantity"):
            if book.number("fixed_assets", parent, col) is None or book.number("fixed_assets", child, col) is None:
                continue
            ran = True
            yield from sum_check(book, r, "fixed_assets", parent, (child,), col, partial=True)
    if not ran:
        raise MissingData("“其中”项未填")


@rule("BN-020", "表内", "error", "人数“共计”等于所列各部分之和")
def worker_counts(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "community_workers")
    total = book.number("community_workers", "total", "count")
    parts = [(p, book.number("community_workers", p, "count")) for p in ("former_committee", "assigned")]
    if total is None or any(v is None for _, v in parts):
        raise MissingData("社区工作者人数未填")
    computed = sum((v for _, v in parts if v is not None), Decimal(0))
    if computed != total:
        yield r.finding([book.ref("community_workers", "total", "count")] + [book.ref("community_workers", p, "count") for p, _ in parts],
                        f"共计 {total:f} 人，但所列 {parts[0][1]:f} 人 + {parts[1][1]:f} 人 = {computed:f} 人，相差 {abs(computed - total):f} 人",
                        expected=computed, actual=total)


STANDARD_SUMS = {
    "summary_table": (("income_this_year", INCOME_PARTS), ("income_total", ("income_this_year", "carryover")),
                      ("expenditure_this_year", ("basic", "project")), ("expenditure_total", ("expenditure_this_year", "carry_forward"))),
    "fiscal_table": (("income_total", ("gp_appropriation", "fund_appropriation", "soe_appropriation")),
                     ("expenditure_total", ("gp_expenditure", "fund_expenditure", "soe_expenditure"))),
    "gp_three_public_table": (("total", ("abroad", "vehicles", "reception")), ("vehicles", ("vehicle_purchase", "vehicle_operation"))),
}


@rule("BN-021", "表内", "error", "标准公开表（收支总表、财政拨款收支总表、三公表）合计行等于其组成")
def standard_form_sums(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    for table, checks in STANDARD_SUMS.items():
        if not book.has_table(table):
            continue
        for total, parts in checks:
            try:
                yield from sum_check(book, r, table, total, parts, "amount")
                ran = True
            except MissingData:
                continue
    if not ran:
        raise MissingData("标准公开表未填合计或组成")


CLASS_TABLES = {"expenditure_table": ("basic", "project"), "gp_expenditure_table": ("basic", "project"),
                "gov_fund_table": ("basic", "project"), "soe_table": ("basic", "project"),
                "gp_basic_table": ("personnel", "public"),
                "income_table": ("gp", "fund", "soe", "special", "other")}


@rule("BN-022", "表内", "error", "标准公开表每行合计等于各列之和（基本+项目、人员+公用、各资金来源）")
def standard_row_sums(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    for table, parts in CLASS_TABLES.items():
        if not book.has_table(table):
            continue
        for i in book.rows(table):
            if book.number(table, i, "total") is None or all(book.number(table, i, c) is None for c in parts):
                continue
            ran = True
            name = book.text(table, i, "name") or book.text(table, i, "code")
            yield from row_sum_check(book, r, table, i, "total", parts, name, "")
    if not ran:
        raise MissingData("标准公开表没有填列的行")


@rule("BN-023", "表内", "error", "功能/经济分类：类 = Σ款 = Σ项（按科目编码前缀）")
def class_hierarchy(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    for table in CLASS_TABLES:
        if not book.has_table(table):
            continue
        rows = {}
        for i in book.rows(table):
            code = book.text(table, i, "code").strip()
            if code.isdigit():
                rows[code] = i
        for code, i in rows.items():
            children = [c for c in rows if len(c) == len(code) + 2 and c.startswith(code)]
            if not children:
                continue
            total = book.number(table, i, "total")
            parts = [book.number(table, rows[c], "total") for c in children]
            if total is None or all(p is None for p in parts):
                continue
            ran = True
            computed = calc.total(parts) or Decimal(0)
            if abs(computed - total) >= CENT:
                yield r.finding([book.ref(table, i, "total")] + [book.ref(table, rows[c], "total") for c in children],
                                f"科目 {code} 合计 {amount(total)} 应等于下级科目 {'、'.join(children)} 之和 {amount(computed)}",
                                expected=computed, actual=total)
        first = book.rows(table)[0] if book.rows(table) else None
        if first is not None and book.text(table, first, "name").strip() in {"合计", "总计"}:
            top = [rows[c] for c in rows if len(c) == 3]
            total = book.number(table, first, "total")
            if top and total is not None:
                ran = True
                computed = calc.total(book.number(table, i, "total") for i in top) or Decimal(0)
                if abs(computed - total) >= CENT:
                    yield r.finding([book.ref(table, first, "total")] + [book.ref(table, i, "total") for i in top],
                                    f"合计 {amount(total)} 应等于各类科目之和 {amount(computed)}", expected=computed, actual=total)
    if not ran:
        raise MissingData("没有按科目编码填列的行")


@rule("BN-024", "表内", "error", "上年数（由本年数与所列增减额推算）各项之和等于上年合计")
def prior_year_totals(book: Book, r: Rule) -> Iterator[Finding]:
    yield from sum_check(book, r, "year_on_year", "total", ("basic", "project"), "change", what="支出总计增减额")
    if book.has_table("three_public"):
        with contextlib.suppress(MissingData):
            yield from sum_check(book, r, "three_public", "total", ("abroad", "vehicles", "reception"), "prior",
                                 what="“三公”经费上年合计")


ASSET_CODE_NOTE = "、".join(ASSET_PREFIXES)
