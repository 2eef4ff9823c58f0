"""A new year from last year's workbook: last year's figures become this year's 上年数.

Carried over: the department's identity and comparator, unit counts, institutions, duties, the
glossary, the names of detail items and head-count groups (without figures), the procurement
catalogue (projects and items without amounts), the performance targets and indicators.
Not carried: last year's text (情况说明, 总体绩效目标), this year's figures, assets and the
standard tables (imported fresh each year). Each 上年数 cell names last year's cell as its source.
When the new workbook compares with 上年执行数, last year's budget figures are not its 上年数 and
are left out (the report says so).
"""

from __future__ import annotations

from budget_addin.core.dataset import Dataset, comparator
from budget_addin.core.schema import PRIOR_HEADERS, TABLES_BY_KEY
from budget_addin.files.importer.placer import Placer, TableReport

# Forms whose 本年预算数 become this year's 上年数 (the amount column and the prior column).
PRIOR_FORMS = {"income_expenditure": "amount", "office_costs": "amount", "three_public": "amount",
               "procurement_summary": "amount", "gp_three_public_table": "amount"}
# Totals-level rows the standard tables state when the 收支总体 sheet does not.
FALLBACK = ("summary_table", "fiscal_table")
KEPT_FORMS = ("unit_counts",)
KEPT_LISTS = ("institutions", "duties", "glossary", "sub_goals", "safeguards", "project_goals", "project_indicators")
# Lists kept without their figures: only these columns are carried.
NAMES_ONLY = {"details": ("parent", "kind", "item"), "staff": ("parent", "kind", "item"),
              "procurement": ("project", "item", "catalog", "measure")}
DEPARTMENT_DROPPED = ("year", "title", "asset_date")


def place_last_year(placer: Placer, file: str, last: Dataset, refs: dict) -> None:
    """Put last year's workbook into this year's dataset (see the module docstring)."""
    report = TableReport("上年工作簿", f"{file}（上年数与延续的清单）")
    placer.reports.append(report)

    def put(table: str, row: str | int, col: str, value: object, source: tuple[str, str | int, str],
            figure: bool = True) -> None:
        ref = refs.get(source)
        where = f"{file} › {ref}（上年）" if ref else f"{file}（上年）"
        spec = TABLES_BY_KEY[table]
        item = spec.row(row).label if isinstance(row, str) else f"第 {row + 1} 行"
        placer.put(report, table, row, col, value, where, f"{spec.sheet}·{item}", figure)

    for row, values in (last.get("department") or {}).items():
        if row not in DEPARTMENT_DROPPED and values.get("value") not in (None, ""):
            put("department", row, "value", values["value"], ("department", row, "value"), figure=False)
    if comparator(placer.data) != PRIOR_HEADERS[0]:  # 上年执行数 is no budget figure: last year's budget is not it
        report.notes.append(f"比较口径为{comparator(placer.data)}：上年工作簿的本年预算数不是执行数，上年数未填入")
    for table, col in PRIOR_FORMS.items() if comparator(placer.data) == PRIOR_HEADERS[0] else ():
        spec = TABLES_BY_KEY[table]
        for row, values in (last.get(table) or {}).items():
            value = values.get(col)
            source = (table, row, col)
            if value is None and table == "income_expenditure":
                for other in FALLBACK:
                    value = ((last.get(other) or {}).get(row) or {}).get("amount")
                    if value is not None:
                        source = (other, row, "amount")
                        break
            if value is not None and any(c.key == "prior" for c in spec.columns):
                report.figures += 1
                put(table, row, "prior", value, source)
        if table == "income_expenditure":
            for other in FALLBACK:
                for row, values in (last.get(other) or {}).items():
                    known = (placer.data.get(table) or {}).get(row, {}).get("prior")
                    if known is None and values.get("amount") is not None and row in {r.key for r in spec.rows}:
                        report.figures += 1
                        put(table, row, "prior", values["amount"], (other, row, "amount"))
    for table in KEPT_FORMS:
        for row, values in (last.get(table) or {}).items():
            for col, value in values.items():
                report.figures += 1
                put(table, row, col, value, (table, row, col))
    for table in (*KEPT_LISTS, *NAMES_ONLY):
        keep = NAMES_ONLY.get(table)
        for index, record in enumerate(last.get(table) or []):
            values = {k: v for k, v in record.items() if keep is None or k in keep}
            if table == "details" and record.get("amount") is not None:
                values["prior"] = record["amount"]
            if not values:
                continue
            records = placer.data.setdefault(table, [])
            records.append({})
            for col, value in values.items():
                numeric = TABLES_BY_KEY[table].column(col).numeric
                report.figures += numeric
                put(table, len(records) - 1, col, value, (table, index, "amount" if col == "prior" else col), numeric)
    report.rows_read = sum(len(v) for v in last.values() if isinstance(v, (dict, list)))
