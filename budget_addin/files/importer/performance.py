"""项目支出绩效目标表 into the 项目绩效目标 and 项目绩效指标 sheets.

The table is a form, not a grid: label cells (项目名称, 主管部门, 实施单位, 年度绩效目标) with their
text to the right, then an indicator block whose header row names 一级指标 / 二级指标 / 三级指标 /
指标值. A level merged down over several indicators (or left blank under the first) belongs to each
of them. The project's amounts have no cell in the template and are listed as not placed.
"""

from __future__ import annotations

from decimal import Decimal

from budget_addin.files.importer import aliases
from budget_addin.files.importer.columns import cell_text
from budget_addin.files.importer.locate import FoundTable
from budget_addin.files.importer.placer import Placer, TableReport

FIELDS = {"项目名称": "name", "主管部门": "department", "主管部门及代码": "department", "实施单位": "department",
          "项目单位": "department", "年度绩效目标": "goal", "绩效目标": "goal", "年度目标": "goal", "总体目标": "goal",
          "项目绩效目标": "goal"}
INDICATOR_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "level3",
    "指标值": "target",
    "目标值": "target",
    "绩效指标描述": "description",
    "指标内容": "description",
    "指标解释": "description",
    "指标值确定依据": "basis",
    "确定依据": "basis",
    "依据": "basis",
}
CARRIED = ("level1", "level2")


def place_project(placer: Placer, found: FoundTable) -> TableReport:
    """One project's goal table: a 项目绩效目标 row and its 项目绩效指标 rows."""
    report = placer.report_for(found)
    grid = found.grid
    group = "专项资金" if "专项资金" in found.title else "预算项目"
    goals = placer.data.setdefault("project_goals", [])
    number = sum(1 for g in goals if g.get("group") == group) + 1
    goals.append({})
    goal_index = len(goals) - 1
    title_where = grid.where(found.title_row, min(grid.row(found.title_row) or {1: None}))
    placer.put(report, "project_goals", goal_index, "group", group, title_where, found.title, figure=False)
    placer.put(report, "project_goals", goal_index, "no", Decimal(number), title_where, found.title, figure=False)
    placer.put(
        report, "project_goals", goal_index, "title", found.title.strip(), title_where, found.title, figure=False
    )
    if found.unit_stated:
        placer.put(report, "project_goals", goal_index, "unit", found.unit, title_where, found.title, figure=False)
    indicator_cols: dict[int, str] = {}
    carried: dict[str, str] = {}
    for source_row in found.rows:
        cells = dict(sorted(source_row.cells.items()))
        texts = {c: aliases.normal(cell_text(cell)) for c, cell in cells.items()}
        if "一级指标" in texts.values():
            indicator_cols = {c: INDICATOR_COLUMNS[t] for c, t in texts.items() if t in INDICATOR_COLUMNS}
            continue
        if indicator_cols:
            record = {}
            for col, key in indicator_cols.items():
                value = cell_text(grid.shown(source_row.row, col))
                if value:
                    record[key] = (value, grid.where(source_row.row, col))
            for key in CARRIED:
                if key in record:
                    carried[key] = record[key][0]
                elif key in carried and ("level3" in record or "target" in record):
                    record[key] = (carried[key], grid.where(source_row.row, min(indicator_cols)))
            if "level3" not in record and "target" not in record:
                continue
            rows = placer.data.setdefault("project_indicators", [])
            rows.append({})
            index = len(rows) - 1
            where = grid.where(source_row.row, min(indicator_cols))
            placer.put(report, "project_indicators", index, "group", group, where, found.title, figure=False)
            placer.put(report, "project_indicators", index, "no", Decimal(number), where, found.title, figure=False)
            for key, (value, at) in record.items():
                placer.put(report, "project_indicators", index, key, value, at, found.title, figure=False)
            continue
        _place_fields(placer, found, report, goal_index, source_row.row, cells, texts)
    report.rows_read = len(found.rows)
    return report


def _place_fields(placer: Placer, found: FoundTable, report: TableReport, goal_index: int, row: int,
                  cells: dict, texts: dict[int, str]) -> None:
    grid = found.grid
    columns = list(cells)
    for position, col in enumerate(columns):
        key = FIELDS.get(texts[col].rstrip(":"))
        if key is None:
            if isinstance(cells[col].value, Decimal) and not any(FIELDS.get(texts[c]) for c in columns[:position]):
                report.figures += 1
                placer.leave(report, grid.where(row, col), texts[columns[0]] if columns else "", cells[col].value,
                             "模板的项目绩效目标表没有资金栏目")
            continue
        value_col = next((c for c in columns[position + 1:] if FIELDS.get(texts[c]) is None), None)
        if value_col is None:
            continue
        value = cell_text(cells[value_col])
        if key == "goal" and (goals := placer.data["project_goals"][goal_index]).get("goal"):
            goals["goal"] = f"{goals['goal']} {value}"
            continue
        if key == "department" and placer.data["project_goals"][goal_index].get("department"):
            continue
        placer.put(
            report, "project_goals", goal_index, key, value, grid.where(row, value_col), found.title, figure=False
        )
