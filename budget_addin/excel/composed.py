"""Worksheet functions that need more than arithmetic, composed here in the Excel layer.

``YS_TARGET`` reads a 指标值 with the indicator parser of :mod:`budget_addin.rules.indicators`;
``YS_FINDINGS`` lays out a workbook's findings. Both are registered with the same
:data:`budget_addin.core.functions.REGISTRY` as the arithmetic bodies, so ``udfs`` calls them
the same way; the core itself never imports the rules.
"""

from __future__ import annotations

from typing import Any

from budget_addin.core.findings import SEVERITY_NAMES
from budget_addin.core.functions import NOTHING, Value, labels, out, udf
from budget_addin.rules.indicators import parse_target


@udf("YS_TARGET")
def ys_target(text: Value) -> list[list[object]]:
    """解析绩效指标值：返回一行三格（比较符、数值、单位）；定性目标返回“定性”，无法识别时说明原因。"""
    values = labels(text)
    target = parse_target(None if not values or values[0] is None else str(values[0]))
    if target.missing:
        return [["缺少指标值", NOTHING, NOTHING]]
    if target.parse_error:
        return [[f"#无法识别：{target.parse_error}", NOTHING, NOTHING]]
    if target.qualitative:
        return [["定性", NOTHING, NOTHING]]
    return [[target.comparison or "=", out(target.number), target.unit or NOTHING]]


def findings_table(report: Any) -> list[list[object]]:
    """The findings of a report as rows for a spilled range (header first)."""
    rows: list[list[object]] = [["规则", "级别", "范围", "单元格", "说明"]]
    for finding in report.findings:
        rows.append(
            [finding.rule, SEVERITY_NAMES[finding.severity], finding.scope, "、".join(finding.cells), finding.message]
        )
    if len(rows) == 1:
        rows.append(["—", "—", "—", "—", "未发现问题"])
    return rows
