"""Findings, the rule catalogue and the ledger of what ran.

A rule is data (stable id, scope, severity, Chinese description) plus a small
function ``check(book) -> Iterable[Finding]`` that may raise :class:`NotApplicable`
or :class:`MissingData`. Rules register themselves with :func:`rule`; the
modules under ``budget_addin.rules`` group them by scope.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from budget_addin.core.model import Book

RULES_VERSION = "2026.11.1"
SCOPES = {
    "表内": "within a table",
    "表间": "between tables",
    "说明": "narrative vs tables",
    "绩效": "performance indicators",
    "文本": "a text on its own",
    "表格": "the tables of a published disclosure, as printed",
    "跨年": "a department's disclosures of consecutive years",
}
SEVERITIES = ("error", "warning", "info")
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
# How the ledger of a report names the outcome of each rule (a rule that did not run is not passed).
LEDGER_NAMES = {"passed": "通过", "failed": "未通过", "not_applicable": "不适用", "missing_data": "缺数未运行",
                "crashed": "出错"}


class TextSpot(NamedTuple):
    """A figure of a document's text: its paragraph (0-based) and its span in the paragraph as written."""

    paragraph: int
    start: int
    end: int


class CellSpot(NamedTuple):
    """A figure of a published table: the table's number, the row's and the column's index as printed."""

    table: int
    row: int
    column: int


Spot = TextSpot | CellSpot


@dataclass(frozen=True)
class Finding:
    """One inconsistency or remark, pointing at every cell it is about.

    ``spots``: for a published document, exactly where each figure judged stands (a span of a paragraph
    or a table cell), so that an annotated copy can draw the finding over them; empty for a workbook.
    """

    rule: str
    severity: str
    scope: str
    cells: tuple[str, ...]
    message: str
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    spots: tuple[Spot, ...] = ()

    def as_json(self) -> dict[str, Any]:
        # Written out field by field: dataclasses.asdict deep-copies every value, and a report has hundreds of findings.
        made = {"rule": self.rule, "severity": self.severity, "scope": self.scope, "cells": list(self.cells),
                "message": self.message, "expected": _json_value(self.expected), "actual": _json_value(self.actual)}
        if self.spots:
            made["spots"] = [{"paragraph": s.paragraph, "start": s.start, "end": s.end} if isinstance(s, TextSpot)
                             else {"table": s.table, "row": s.row, "column": s.column} for s in self.spots]
        return made


_ATOMIC = frozenset({str, int, float, bool, type(None)})


def _json_value(value: object) -> object:
    """``expected``/``actual`` as the JSON report holds them: a Decimal as a float, anything else as asdict copies
    it."""
    if isinstance(value, Decimal):
        return float(value)
    return value if type(value) in _ATOMIC else copy.deepcopy(value)


class NotApplicable(Exception):  # noqa: N818 - reads as a verdict
    """The rule does not apply to this workbook (e.g. a table it guards is absent by design)."""


class MissingData(Exception):  # noqa: N818
    """The rule could not run: figures it needs are empty (未披露)."""


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue."""

    id: str
    scope: str
    severity: str
    title: str
    check: Callable[[Book], Iterable[Finding]]

    def finding(self, cells: Iterable[str], message: str, expected: Any = None, actual: Any = None,
                severity: str | None = None) -> Finding:
        """A finding of this rule (severity may be lowered or raised case by case)."""
        return Finding(self.id, severity or self.severity, self.scope, tuple(cells), message, expected, actual)


CATALOGUE: dict[str, Rule] = {}
# The rules of a published disclosure (its tables as printed, and its text against them): the same Rule, whose
# ``check`` takes the document's tables and paragraphs instead of a Book (budget_addin.rules.tables).
PUBLISHED_CATALOGUE: dict[str, Rule] = {}


def rule(rule_id: str, scope: str, severity: str, title: str,
         catalogue: dict[str, Rule] | None = None) -> Callable[[Callable[..., Iterable[Finding]]], Rule]:
    """Register a rule function: ``def check(book, r: Rule) -> Iterable[Finding]`` (into ``catalogue``, by
    default the workbook rules' :data:`CATALOGUE`)."""
    assert scope in SCOPES and severity in SEVERITIES
    into = CATALOGUE if catalogue is None else catalogue

    def register(func: Callable[..., Iterable[Finding]]) -> Rule:
        if rule_id in CATALOGUE or rule_id in PUBLISHED_CATALOGUE:
            raise ValueError(f"duplicate rule id {rule_id}")
        holder: list[Rule] = []
        registered = Rule(rule_id, scope, severity, title, lambda book: func(book, holder[0]))
        holder.append(registered)
        into[rule_id] = registered
        return registered

    return register


@dataclass
class Report:
    """The findings of one workbook and the ledger of every rule."""

    workbook: str
    findings: list[Finding] = field(default_factory=list)
    ledger: dict[str, str] = field(default_factory=dict)  # rule id -> passed|failed|not_applicable|missing_data|crashed
    notes: dict[str, str] = field(default_factory=dict)  # rule id -> why it did not run
    read_issues: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    @property
    def nothing_checked(self) -> bool:
        """True when no rule had anything to check (a blank workbook): not the same as all passed."""
        return not any(status in ("passed", "failed") for status in self.ledger.values())

    def as_json(self) -> dict[str, Any]:
        summary: dict[str, int] = {}
        for status in self.ledger.values():
            summary[status] = summary.get(status, 0) + 1
        return {
            "workbook": self.workbook,
            "rules_version": RULES_VERSION,
            "findings": [f.as_json() for f in self.findings],
            "ledger": {"rules": dict(self.ledger), "reasons": dict(self.notes), "summary": summary},
            "read_issues": list(self.read_issues),
            "nothing_checked": self.nothing_checked,
        }
