"""Place a found table: its figures into template cells, each with where it came from.

Nothing is placed by position or guessed; see :mod:`forms`, :mod:`lists` and :mod:`performance`.
"""

from __future__ import annotations

from budget_addin.core.schema import TABLES_BY_KEY
from budget_addin.files.importer.forms import place_form
from budget_addin.files.importer.lists import place_list
from budget_addin.files.importer.locate import FoundTable, is_figure
from budget_addin.files.importer.performance import place_project
from budget_addin.files.importer.placer import Placer, TableReport


def place_table(placer: Placer, found: FoundTable) -> TableReport:
    """Place every figure of a found table."""
    if found.key == "project_goals" and not found.problem:
        return place_project(placer, found)
    report = placer.report_for(found)
    if found.problem:
        report.figures = sum(1 for r in found.rows for c in r.cells.values() if is_figure(c))
        if report.figures:
            placer.leave(report, found.where, found.title, None, f"{found.problem}，其中 {report.figures} 个数字未读取")
        else:  # an empty table (本部门无此项预算) or a table of contents naming the tables
            report.notes.append("没有数字（空表或目录中的表名）")
        return report
    report.rows_read = len(found.rows)
    if not found.unit_stated:
        report.notes.append("未见单位行，按万元读取")
    table = TABLES_BY_KEY[found.key]
    if table.is_form:
        place_form(placer, found, table, report)
    else:
        place_list(placer, found, table, report)
    return report
