"""The rule catalogue, grouped by scope, and the runner.

Each module registers its rules with :func:`budget_addin.core.findings.rule` on import.
"""

from __future__ import annotations

import importlib

from budget_addin.core.findings import CATALOGUE, MissingData, NotApplicable, Report
from budget_addin.core.model import Book

# Modules holding rules, one per scope (表内 within, 表间 between, 说明 narrative, 绩效 performance,
# 文本 the text on its own).
RULE_MODULES = ("within", "between", "performance", "narrative", "text")


def load_catalogue() -> dict:
    """Import every rule module (idempotent) and return the catalogue."""
    for name in RULE_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return CATALOGUE


def run_rules(book: Book, only: set[str] | None = None) -> Report:
    """Run every rule on a book; the ledger records what each rule did."""
    report = Report(workbook=book.source)
    for rule_id, rule in sorted(load_catalogue().items()):
        if only is not None and rule_id not in only:
            continue
        try:
            found = list(rule.check(book))
        except NotApplicable as exc:
            report.ledger[rule_id] = "not_applicable"
            report.notes[rule_id] = str(exc)
            continue
        except MissingData as exc:
            report.ledger[rule_id] = "missing_data"
            report.notes[rule_id] = str(exc)
            continue
        report.findings.extend(found)
        report.ledger[rule_id] = "failed" if found else "passed"
    order = {"error": 0, "warning": 1, "info": 2}
    report.findings.sort(key=lambda f: (order[f.severity], f.rule, f.cells))
    return report
