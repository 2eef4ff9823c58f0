"""The 绩效 audit per indicator: the JX rules' outcomes attached to each indicator, for the
``indicators`` command (:func:`render`) and the 绩效指标审查 sheet (:func:`review_rows`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from budget_addin.core import calc
from budget_addin.core.findings import SEVERITY_NAMES, Finding
from budget_addin.rules.indicators import SOURCES, SUB_GOAL, Indicator, indicators, tables
from budget_addin.rules.performance import outcomes

if TYPE_CHECKING:
    from budget_addin.core.model import Book



@dataclass
class Audited:
    """An indicator with the findings about it and the checks it passed (with their arithmetic)."""

    indicator: Indicator
    findings: list[Finding] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """``通过`` or the findings in one Chinese line."""
        if not self.findings:
            return "通过" + (f"（{'；'.join(self.passed)}）" if self.passed else "")
        return "；".join(f"{SEVERITY_NAMES[f.severity]} {f.rule}：{f.message}" for f in self.findings)


@dataclass
class Audit:
    """Every indicator's verdict and the findings about whole tables (structure)."""

    items: list[Audited]
    table_findings: dict[tuple[str, int], list[Finding]]

    def findings_of(self, table: tuple[str, int]) -> list[Finding]:
        """Every distinct finding about a table and its indicators."""
        seen: list[Finding] = list(self.table_findings.get(table, []))
        for item in self.items:
            if item.indicator.table_key == table:
                seen.extend(f for f in item.findings if f not in seen)
        return seen


def audit(book: Book) -> Audit:
    """Run the 绩效 rules' checks and attach each outcome to its indicators (or table)."""
    found = indicators(book)
    items = {item.key: Audited(item) for item in found}
    table_findings: dict[tuple[str, int], list[Finding]] = {}
    for outcome in outcomes(book, found):
        if not outcome.indicators and outcome.finding is not None:
            table_findings.setdefault(outcome.table, []).append(outcome.finding)
        for item in outcome.indicators:
            audited = items[item.key]
            if outcome.finding is not None:
                audited.findings.append(outcome.finding)
            elif outcome.note:
                audited.passed.append(outcome.note)
    return Audit(list(items.values()), table_findings)


# -- outputs -------------------------------------------------------------------------------------

REVIEW_HEADERS: dict[str, str] = {
    "source": "类别", "table_no": "表序号", "table_name": "项目/分项", "level1": "一级指标", "level2": "二级指标",
    "level3": "三级指标", "name": "指标名称", "description": "指标描述", "written": "指标值（原文）",
    "comparison": "比较", "number": "数值", "unit": "单位", "kind": "类型", "cell": "单元格", "verdict": "审查结论",
}
TABLE_HEADERS: dict[str, str] = {
    "source": "类别",
    "table_no": "表序号",
    "table_name": "项目/分项",
    "indicators": "指标数",
    "quantified": "量化指标数",
    "quantified_share": "量化占比",
    "findings": "问题数",
    "errors": "错误",
    "warnings": "警告",
    "infos": "提示",
    "benefit_label": "效益类一级指标名称",
}


def _row(item: Audited) -> dict[str, Any]:
    ind, target = item.indicator, item.indicator.target
    return {
        "source": ind.source, "table_no": ind.table_no, "table_name": ind.table_name,
        "level1": ind.level1, "level2": ind.level2, "level3": ind.level3, "name": ind.name,
        "description": ind.description, "written": target.written, "comparison": target.comparison,
        "comparison_words": target.comparison_words, "number": target.number, "unit": target.unit,
        "kind": target.kind, "parse_error": target.parse_error, "cell": ind.cell, "verdict": item.verdict,
        "findings": len(item.findings),
    }


def _benefit_label(items: list[Indicator]) -> str:
    labels = sorted({i.level1 for i in items if i.category == "效益"})
    return "、".join(labels)


@dataclass
class Review:
    """What the 绩效指标审查 sheet shows: one row per indicator, counts per table and per source."""

    rows: list[dict[str, Any]]
    tables: list[dict[str, Any]]
    totals: list[dict[str, Any]]


def _counts(source: str, table_no: int | None, name: str, items: list[Indicator],
            findings: list[Finding]) -> dict[str, Any]:
    quantified = sum(1 for i in items if i.target.quantified)
    by_severity = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
    return {
        "source": source, "table_no": table_no, "table_name": name, "indicators": len(items),
        "quantified": quantified, "quantified_share": calc.share(Decimal(quantified), Decimal(len(items))),
        "findings": len(findings), "errors": by_severity["error"], "warnings": by_severity["warning"],
        "infos": by_severity["info"], "benefit_label": _benefit_label(items),
    }


def _group_label(keys: set[tuple[str, int]]) -> str:
    sub_goals = sum(1 for k in keys if k[0] == SUB_GOAL)
    parts = [f"{sub_goals} 个分项"] if sub_goals else []
    if len(keys) - sub_goals:
        parts.append(f"{len(keys) - sub_goals} 张表")
    return "、".join(parts)


def review_rows(book: Book, result: Audit | None = None) -> Review:
    """Rows and counts for the 绩效指标审查 summary sheet (plain data; headers in REVIEW_HEADERS/TABLE_HEADERS).

    ``rows``: one dict per indicator (parsed target, cell, verdict); ``tables``: per 分项 or
    project table the number of indicators, quantified ones and their share (a fraction),
    findings by severity and how the 效益 category is written; ``totals``: the same per source
    and overall (``合计``).
    """
    result = result or audit(book)
    rows = [_row(item) for item in result.items]
    grouped = tables([item.indicator for item in result.items])
    table_rows = [_counts(key[0], key[1], members[0].table_name, members, result.findings_of(key))
                  for key, members in grouped.items()]
    totals = []
    for source in [*SOURCES, "合计"]:
        keys = {k for k in grouped if source in (k[0], "合计")}
        if not keys:
            continue
        members = [i for k in grouped if k in keys for i in grouped[k]]
        findings = [f for k in keys for f in result.findings_of(k)]
        totals.append(_counts(source, None, _group_label(keys), members, findings))
    return Review(rows, table_rows, totals)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    return value


def _problems(counts: dict[str, Any]) -> str:
    return f"错误 {counts['errors']}、警告 {counts['warnings']}、提示 {counts['infos']}"


def render(book: Book, fmt: str = "text") -> str:
    """The ``indicators`` command output: every indicator with its parsed target and verdict."""
    result = audit(book)
    review = review_rows(book, result)
    if fmt == "json":
        payload = {
            "workbook": book.source,
            "indicators": [
                {"key": item.indicator.key, **{k: _plain(v) for k, v in row.items()},
                 "qualitative": item.indicator.target.qualitative,
                 "findings": [f.as_json() for f in item.findings],
                 "passed": item.passed}
                for row, item in zip(review.rows, result.items, strict=True)
            ],
            "tables": [{k: _plain(v) for k, v in t.items()} for t in review.tables],
            "totals": [{k: _plain(v) for k, v in t.items()} for t in review.totals],
            "table_findings": [f.as_json() for fs in result.table_findings.values() for f in fs],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
    if fmt != "text":
        raise ValueError(f"未知的输出格式 {fmt!r}（可选 text、json）")
    lines = [f"绩效指标清单：{book.source}"]
    for total in review.totals:
        share = calc.fmt(calc.as_percent(total["quantified_share"]), 1)
        lines.append(f"  {total['source']}：{total['table_name']}，指标 {total['indicators']} 项，"
                     f"量化 {total['quantified']} 项（{share}%），{_problems(total)}")
    headers = [REVIEW_HEADERS[k] for k in ("level1", "level2", "level3", "description", "written")]
    headers += ["解析结果", REVIEW_HEADERS["cell"], REVIEW_HEADERS["verdict"]]
    by_table = {(t["source"], t["table_no"]): t for t in review.tables}
    current: tuple[str, int] | None = None
    for item in result.items:
        ind = item.indicator
        if ind.table_key != current:
            current = ind.table_key
            counts = by_table[current]
            label = f"（效益类写作“{counts['benefit_label']}”）" if counts["benefit_label"] else ""
            lines += ["", f"【{ind.source} {ind.table_no}】{ind.table_name}{label}：指标 {counts['indicators']} 项，"
                          f"量化 {counts['quantified']} 项，{_problems(counts)}",
                      "  " + " | ".join(headers)]
            for finding in result.table_findings.get(current, []):
                lines.append(f"  ※ {SEVERITY_NAMES[finding.severity]} {finding.rule}：{finding.message}")
        name = ind.level3 or ind.name
        description = "" if ind.description == name else ind.description
        lines.append("  " + " | ".join([ind.level1 or "—", ind.level2 or "—", name, description or "—",
                                        ind.target.written or "（空）", ind.target.summary, ind.cell, item.verdict]))
    return "\n".join(lines) + "\n"
