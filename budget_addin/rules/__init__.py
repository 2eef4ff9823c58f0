"""The rule catalogue, grouped by scope, and the runner.

Each module registers its rules with :func:`budget_addin.core.findings.rule` on import.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging

from budget_addin.core.findings import CATALOGUE, Finding, MissingData, NotApplicable, Report, Rule
from budget_addin.core.model import Book

MAX_CELLS_LISTED = 20  # a finding names at most this many cells and says how many more
MAX_MESSAGE = 600  # characters of a finding's sentence; a longer one is cut and says so
log = logging.getLogger(__name__)

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
    return run_catalogue(load_catalogue(), book, Report(workbook=book.source), only)


def run_catalogue(catalogue: dict[str, Rule], subject: object, report: Report, only: set[str] | None = None) -> Report:
    """Run the rules of a catalogue on their subject (a workbook's Book, a published disclosure), adding their
    findings and ledger entries to ``report``: a rule that does not apply, lacks figures or raises is recorded as
    such and the others still run."""
    source = getattr(subject, "source", "")
    found_all: list[Finding] = []
    for rule_id, rule in sorted(catalogue.items()):
        if only is not None and rule_id not in only:
            continue
        try:
            found = [readable(f) for f in rule.check(subject)]  # type: ignore[arg-type]
        except NotApplicable as exc:
            report.ledger[rule_id] = "not_applicable"
            report.notes[rule_id] = str(exc)
            continue
        except MissingData as exc:
            report.ledger[rule_id] = "missing_data"
            report.notes[rule_id] = str(exc)
            continue
        except Exception as exc:  # a bug in one rule must not stop the others
            log.error("rule %s crashed on %s", rule_id, source, exc_info=exc)
            report.ledger[rule_id] = "crashed"
            report.notes[rule_id] = f"规则运行出错（程序缺陷，详情已写入日志）：{type(exc).__name__}"
            continue
        found_all.extend(found)
        report.ledger[rule_id] = "failed" if found else "passed"
    report.findings.extend(found_all)
    sort_findings(report)
    return report


def sort_findings(report: Report) -> None:
    """Errors first, then warnings and infos; by rule and cells within each."""
    order = {"error": 0, "warning": 1, "info": 2}
    report.findings.sort(key=lambda f: (order[f.severity], f.rule, f.cells))


def readable(finding: Finding) -> Finding:
    """A finding cut to a readable size: at most ``MAX_CELLS_LISTED`` cells, a sentence of bounded length."""
    cells, message = finding.cells, finding.message
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + f"…（说明过长，已截断，共 {len(message)} 字）"
    if len(cells) > MAX_CELLS_LISTED:
        message = (
            f"{message}（共涉及 {len(cells)} 个单元格，此处列出前 {MAX_CELLS_LISTED} 个，另有 "
            f"{len(cells) - MAX_CELLS_LISTED} 个未列出）"
        )
        cells = cells[:MAX_CELLS_LISTED]
    if cells is finding.cells and message is finding.message:
        return finding
    return dataclasses.replace(finding, cells=cells, message=message)
