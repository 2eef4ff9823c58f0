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
from budget_addin.core.schema import TABLES_BY_KEY, breakdowns
from budget_addin.rules.common import (
    CENT,
    DetailGroup,
    YearOnYear,
    amount,
    breakdown_check,
    carryover_left_out,
    detail_groups,
    detail_sum,
    label,
    need_table,
    ratio_check,
    row_sum_check,
    rows_sum_check,
    sum_check,
    year_on_year,
)

IE = "income_expenditure"


@rule("BN-001", "表内", "error", "收入总计、本年收入合计、财政拨款收入等于其各项之和")
def income_parts(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, IE)
    ran = False
    for row in ("income_total", "income_this_year", "fiscal_appropriation"):
        try:
            found = list(breakdown_check(book, r, IE, row))
        except MissingData:
            continue
        ran = True
        if found and row == "income_total" and carryover_left_out(book):
            continue  # the total leaves the stated carry-over out: BJ-015 says so, as a warning
        yield from found
    if not ran:
        raise MissingData("收入总计或其组成未填")


@rule("BN-002", "表内", "error", "支出总计等于各类支出之和")
def expenditure_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from breakdown_check(book, r, IE, "expenditure_total")


@rule("BN-003", "表内", "error", "基本支出等于人员经费与公用经费之和")
def basic_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from breakdown_check(book, r, IE, "basic")


@rule("BN-004", "表内", "error", "项目支出“其中”各项不超过项目支出")
def project_of_which(book: Book, r: Rule) -> Iterator[Finding]:
    yield from breakdown_check(book, r, IE, "project")


@rule("BN-005", "表内", "error", "“三公”经费合计等于出国、车辆、接待之和")
def three_public_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from breakdown_check(book, r, "three_public", "total", what="“三公”经费合计")


@rule("BN-006", "表内", "error", "公务用车购置及运行费等于购置费与运行维护费之和")
def vehicle_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from breakdown_check(book, r, "three_public", "vehicles")


@rule("BN-007", "表内", "error", "政府采购预算等于货物、工程、服务之和")
def procurement_categories(book: Book, r: Rule) -> Iterator[Finding]:
    yield from breakdown_check(book, r, "procurement_summary", "total")


def _procurement_items(book: Book) -> list[int]:
    need_table(book, "procurement")
    rows = book.memo("procurement_items", lambda: _catalogued(book.column("procurement", "catalog")))
    if not rows:
        raise MissingData("政府采购预算表没有采购明细")
    return rows


def _catalogued(codes: list[object]) -> list[int]:
    """Records whose 目录序号 names a category (a long list repeats a few codes: each text is classified once)."""
    known: dict[str, bool] = {}
    rows = []
    for index, code in enumerate(codes):
        if type(code) is str:
            hit = known.get(code)
            if hit is None:
                hit = known[code] = bool(category(code))
        else:
            hit = bool(category(code))
        if hit:
            rows.append(index)
    return rows


@rule("BN-008", "表内", "error", "采购明细：数量 × 单价 = 金额")
def procurement_product(book: Book, r: Rule) -> Iterator[Finding]:
    items = _procurement_items(book)
    quantities, prices, totals = (book.numbers("procurement", c) for c in ("quantity", "unit_price", "amount"))
    for i in items:
        quantity, price, total = quantities[i], prices[i], totals[i]
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
    projects = book.texts("procurement", "project")
    yield from rows_sum_check(book, r, "procurement", "amount", FUND_COLUMNS, projects.__getitem__, "各资金来源之和")


@rule("BN-010", "表内", "error", "采购小计等于各采购明细之和")
def procurement_subtotal(book: Book, r: Rule) -> Iterator[Finding]:
    items = _procurement_items(book)
    detail = set(items)
    amounts = book.numbers("procurement", "amount")
    subtotals = [i for i, v in enumerate(amounts) if i not in detail and v is not None]
    if not subtotals:
        raise MissingData("政府采购预算表没有小计行")
    computed = calc.total(amounts[i] for i in items)
    for i in subtotals:
        stated = amounts[i]
        if computed is not None and stated is not None and abs(computed - stated) >= CENT:
            yield r.finding(
                [book.ref("procurement", i, "amount")],
                f"采购小计 {amount(stated)} 应等于明细之和 {amount(computed)}，相差 {amount(abs(computed - stated))}",
                expected=computed,
                actual=stated,
            )


@rule("BN-011", "表内", "error", "同一项目的采购金额合计不超过其预算资金，且各行预算资金一致")
def procurement_within_budget(book: Book, r: Rule) -> Iterator[Finding]:
    by_project: dict[str, list[int]] = defaultdict(list)
    items = _procurement_items(book)
    projects = book.texts("procurement", "project")
    budget_of, amounts = book.numbers("procurement", "project_budget"), book.numbers("procurement", "amount")
    for i in items:
        by_project[projects[i]].append(i)
    for project, rows in by_project.items():
        budgets = {budget_of[i] for i in rows} - {None}
        if len(budgets) > 1:
            yield r.finding(book.refs("procurement", rows, "project_budget"),
                            f"“{project}”各行预算资金不一致：{'、'.join(amount(b) for b in sorted(budgets))}",
                            actual=None)
            continue
        if not budgets:
            continue
        budget = budgets.pop()
        spent = calc.total(amounts[i] for i in rows)
        if spent is not None and spent - budget >= CENT:
            yield r.finding(
                [book.ref("procurement", rows[0], "project_budget")] + book.refs("procurement", rows, "amount"),
                f"“{project}”采购金额合计 {amount(spent)} 超过其预算资金 {amount(budget)}",
                expected=budget,
                actual=spent,
            )


ASSET_CATEGORIES = ("land_buildings", "general_equipment", "special_equipment", "cultural_relics", "books", "furniture")


@rule("BN-012", "表内", "error", "固定资产合计等于各类资产之和")
def asset_parts(book: Book, r: Rule) -> Iterator[Finding]:
    yield from breakdown_check(book, r, "assets", "total", what="固定资产合计")


SHARE_PARTITIONS = {
    "three_public": (
        ("abroad", "vehicles", "reception"),
        ("abroad", "vehicle_purchase", "vehicle_operation", "reception"),
    ),
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
            yield from ratio_check(
                book, r, (table, part, "stated_share"), (table, part, "amount"), (table, total, "amount"), what
            )
    if not ran:
        raise MissingData("没有填列占比")


def _partition(book: Book, table: str) -> tuple[str, ...]:
    """The rows of a table whose stated shares form one group (the partition most filled in)."""
    return max(
        SHARE_PARTITIONS[table], key=lambda rows: sum(book.number(table, p, "stated_share") is not None for p in rows)
    )


def _balanced_share(book: Book, table: str, part: str) -> bool:
    """True when a stated share is what 舍位平衡 (largest remainder) gives its group, summing to 100%."""
    group = book.memo(f"share_partition:{table}", lambda: _partition(book, table))
    if part not in group:
        return False
    balanced = book.memo(f"balanced_shares:{table}", lambda: _balanced(book, table, group))
    if balanced is None:
        return False
    stated = book.number(table, part, "stated_share")
    return stated is not None and balanced[group.index(part)] == stated * 100 and sum(balanced) == calc.HUNDRED


def _balanced(book: Book, table: str, group: tuple[str, ...]) -> list[Decimal] | None:
    """The shares 舍位平衡 gives a table's share group (None when a share or amount of it is blank); once per table."""
    shares = [book.number(table, p, "stated_share") for p in group]
    amounts = [book.number(table, p, "amount") for p in group]
    if any(s is None for s in shares) or any(a is None for a in amounts):
        return None
    places = max(_places(s) for s in shares if s is not None)
    return calc.largest_remainder([a for a in amounts if a is not None], places)


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


# Tables whose rows carry 本年、上年、增减额、增减率.
YOY_TABLES = (IE, "office_costs", "three_public", "procurement_summary")


def _yoy_rows(book: Book) -> Iterator[tuple[str, str]]:
    for table in YOY_TABLES:
        if book.has_table(table):
            for row in book.rows(table):
                yield table, str(row)


@rule("BN-015", "表内", "error", "所列增减率与 增减额÷上年数 在所示精度内一致")
def stated_growth(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    for table, row in _yoy_rows(book):
        shown = book.number(table, row, "stated_growth")
        if shown is None:
            continue
        ran = True
        yoy = year_on_year(book, table, row)
        if yoy.change is None or yoy.prior is None:
            raise MissingData(f"{label(table, row)}：增减率所需的增减额或{book.comparator}未填")
        if yoy.prior == 0:
            continue
        yield from ratio_check(
            book,
            r,
            (table, row, "stated_growth"),
            yoy.change,
            yoy.prior,
            f"{label(table, row)}增幅",
            refs=[
                book.ref(table, row, "change" if yoy.change_stated else "amount"),
                book.ref(table, row, "prior" if yoy.prior_stated else "amount"),
            ],
        )
    if not ran:
        raise MissingData("没有填列增减率")


@rule("BN-025", "表内", "error", "本年数 − 上年数 = 所列增减额")
def stated_change(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    for table, row in _yoy_rows(book):
        current, prior, change = (book.figure(table, row, "amount"), book.number(table, row, "prior"),
                                  book.number(table, row, "change"))
        if current is None or prior is None or change is None:
            continue
        ran = True
        computed = current - prior
        if abs(computed - change) >= CENT:
            yield r.finding(
                [book.ref(table, row, "change"), book.ref(table, row, "amount"), book.ref(table, row, "prior")],
                f"{label(table, row)}本年 {amount(current)} − {book.comparator} {amount(prior)} = {amount(computed)}，"
                f"所列增减额 {amount(change)}，相差 {amount(abs(computed - change))}",
                expected=computed,
                actual=change,
            )
    if not ran:
        raise MissingData(f"没有同时填列本年数、{book.comparator}与增减额的项目")


def _group_label(group: DetailGroup) -> str:
    return f"“{group.parent}”的{group.kind}明细"


@rule("BN-016", "表内", "warning", "所列增减原因之和与增减总额一致")
def itemised_changes(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "details")
    ran = False
    for group in detail_groups(book):
        if group.kind != "构成" or group.target is None:
            continue
        changes = [book.number("details", i, "change_used") for i in group.rows]
        target_table, target_row = group.target
        stated = book.number(target_table, target_row, "change")
        if stated is None or all(c is None for c in changes):
            continue
        ran = True
        yield from detail_sum(book, r, group, "change_used", stated, book.ref(target_table, target_row, "change"),
                              f"{group.parent}增减额", partial=False)
    if not ran:
        raise MissingData("没有可与增减总额核对的增减原因")


@rule("BN-017", "表内", "error", "明细金额与所属合计一致（构成等于合计，“其中”不超过合计）")
def detail_amounts(book: Book, r: Rule) -> Iterator[Finding]:
    need_table(book, "details")
    ran = False
    for group in detail_groups(book):
        if group.target is None:
            continue
        target_table, target_row = group.target
        partial = group.kind == "其中"
        for col, target_col, what in (
            ("amount", "amount", group.parent),
            ("change_used", "change", f"{group.parent}增减额"),
        ):
            values = [book.number("details", i, col) for i in group.rows]
            stated = book.figure(target_table, target_row, target_col)
            if stated is None or all(v is None for v in values):
                continue
            if not partial and (col == "change_used" or any(v is None for v in values)):
                continue  # a full breakdown's changes are BN-016's (a warning); amounts only when all are stated
            ran = True
            yield from detail_sum(book, r, group, col, stated, book.ref(target_table, target_row, target_col), what,
                                  partial=partial)
    if not ran:
        raise MissingData("没有可与所属合计核对的明细")


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


@rule("BN-020", "表内", "error", "人数、单位数：合计与所列各部分一致（构成相等，“其中”不超过）")
def head_counts(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    if book.has_table("staff") and not book.is_empty("staff"):
        for group in detail_groups(book, "staff"):
            if group.target is None:
                continue
            stated = book.number("staff", group.target[1], "count")
            if stated is None or any(book.number("staff", i, "count") is None for i in group.rows):
                continue
            ran = True
            yield from detail_sum(book, r, group, "count", stated, book.ref("staff", group.target[1], "count"),
                                  group.parent, partial=group.kind == "其中", unit="人")
    if book.has_table("unit_counts") and not book.is_empty("unit_counts"):
        with contextlib.suppress(MissingData):
            found = list(breakdown_check(book, r, "unit_counts", "total", what="预算单位合计"))
            ran = True
            yield from found
    if not ran:
        raise MissingData("没有可核对的人数或单位数")


STANDARD_TABLES = ("summary_table", "fiscal_table", "gp_three_public_table")


@rule("BN-021", "表内", "error", "标准公开表（收支总表、财政拨款收支总表、三公表）合计行等于其组成")
def standard_form_sums(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    for table in STANDARD_TABLES:
        if not book.has_table(table):
            continue
        for breakdown in breakdowns(TABLES_BY_KEY[table]):
            try:
                found = list(breakdown_check(book, r, table, breakdown.total))
            except MissingData:
                continue
            ran = True
            yield from found
    if not ran:
        raise MissingData("标准公开表未填合计或组成")


CLASS_TABLES = {"expenditure_table": ("basic", "project"), "gp_expenditure_table": ("basic", "project"),
                "gov_fund_table": ("basic", "project"), "soe_table": ("basic", "project"),
                "gp_basic_table": ("personnel", "public"),
                # every source column of 部门收入总表 (事业收入, 上年结转 … too), as the schema lists them
                "income_table": tuple(c.key for c in TABLES_BY_KEY["income_table"].columns
                                      if c.numeric and c.kind != "computed" and c.key != "total")}


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
        below: dict[str, list[str]] = {}  # a code's children are the codes two digits longer that start with it
        for code in rows:
            below.setdefault(code[:-2], []).append(code)
        for code, i in rows.items():
            children = below.get(code, [])
            if not children:
                continue
            total = book.number(table, i, "total")
            parts = [book.number(table, rows[c], "total") for c in children]
            if total is None or all(p is None for p in parts):
                continue
            ran = True
            computed = calc.total(parts) or Decimal(0)
            if abs(computed - total) >= CENT:
                yield r.finding(
                    [book.ref(table, i, "total")] + [book.ref(table, rows[c], "total") for c in children],
                    f"科目 {code} 合计 {amount(total)} 应等于下级科目 {'、'.join(children)} 之和 {amount(computed)}",
                    expected=computed,
                    actual=total,
                )
        first = book.rows(table)[0] if book.rows(table) else None
        if first is not None and book.text(table, first, "name").strip() in {"合计", "总计"}:
            top = [rows[c] for c in rows if len(c) == 3]
            total = book.number(table, first, "total")
            if top and total is not None:
                ran = True
                computed = calc.total(book.number(table, i, "total") for i in top) or Decimal(0)
                if abs(computed - total) >= CENT:
                    yield r.finding(
                        [book.ref(table, first, "total")] + [book.ref(table, i, "total") for i in top],
                        f"合计 {amount(total)} 应等于各类科目之和 {amount(computed)}",
                        expected=computed,
                        actual=total,
                    )
    if not ran:
        raise MissingData("没有按科目编码填列的行")


def _yoy_cell(book: Book, table: str, row: str, yoy: YearOnYear, field: str) -> str:
    """The cell a row's 增减额 or 上年数 is read from (stated, or the cell it is derived from)."""
    stated = yoy.change_stated if field == "change" else yoy.prior_stated
    if stated:
        return book.ref(table, row, field)
    return book.ref(table, row, "prior" if field == "change" and yoy.prior_stated else
                    "change" if yoy.change_stated else "amount")


@rule("BN-024", "表内", "error", "各项增减额、上年数之和等于其合计的增减额、上年数")
def prior_year_totals(book: Book, r: Rule) -> Iterator[Finding]:
    ran = False
    for table in (IE, "three_public"):
        if not book.has_table(table):
            continue
        for breakdown in breakdowns(TABLES_BY_KEY[table]):
            if breakdown.partial:
                continue
            total = year_on_year(book, table, breakdown.total)
            parts = [(p, year_on_year(book, table, p)) for p in breakdown.parts]
            parts = [(p, y) for p, y in parts if y.current is not None]  # a part with no figure does not exist here
            for field, what in (("change", "增减额"), ("prior", book.comparator)):
                stated_here = total.change_stated if field == "change" else total.prior_stated
                stated = getattr(total, field)
                if stated is None or not stated_here or not parts:
                    continue
                values = [getattr(y, field) for _, y in parts]
                if any(v is None for v in values):
                    continue  # a part whose change is not stated may make up the rest
                computed = calc.total(values)
                assert computed is not None
                ran = True
                if abs(computed - stated) >= CENT:
                    names = "、".join(label(table, p) for p, _ in parts)
                    cells = [book.ref(table, breakdown.total, field)] + [
                        _yoy_cell(book, table, p, y, field) for p, y in parts
                    ]
                    yield r.finding(
                        cells,
                        f"{label(table, breakdown.total)}{what} {amount(stated)} 应等于{names}的{what}之和 "
                        f"{amount(computed)}，相差 {amount(abs(computed - stated))}",
                        expected=computed,
                        actual=stated,
                    )
    if not ran:
        raise MissingData("没有可核对的增减额或上年数")


ASSET_CODE_NOTE = "、".join(ASSET_PREFIXES)
