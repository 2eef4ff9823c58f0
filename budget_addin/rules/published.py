"""A published disclosure checked: its tables as they stand (:mod:`.tables`, 表格) and its text against them
(:mod:`.text_tables`, 说明), with the ledger of every rule of :data:`PUBLISHED_CATALOGUE`.

``check_published(paragraphs, tables, source, report)`` is the entry point: given the report of the text checked on its
own (:func:`budget_addin.narrative.text_check.check_document`), it adds its findings and ledger entries to it and leaves
out what the text check already said of the same figure.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from budget_addin.core.findings import PUBLISHED_CATALOGUE, Finding, MissingData, NotApplicable, Report
from budget_addin.core.published import Table
from budget_addin.narrative.paragraphs import Paragraph
from budget_addin.rules import readable, text_tables  # noqa: F401 - importing it registers the 说明 rules
from budget_addin.rules.tables import Disclosure, forget

log = logging.getLogger(__name__)


# -- running them ---------------------------------------------------------------------------------------------


def run_published_rules(doc: Disclosure, report: Report | None = None) -> Report:
    """Run every rule of :data:`PUBLISHED_CATALOGUE` on a disclosure; the ledger records what each did."""
    forget()
    report = report if report is not None else Report(workbook=doc.source)
    problems = [t for t in doc.tables if t.problem is not None]
    for table in problems:
        report.read_issues.append(f"{table.where}《{table.title}》未核对：{table.problem}")
    added: list[Finding] = []
    for rule_id, registered in sorted(PUBLISHED_CATALOGUE.items()):
        try:
            found = [readable(f) for f in registered.check(doc)]
        except NotApplicable as exc:
            report.ledger[rule_id], report.notes[rule_id] = "not_applicable", str(exc)
            continue
        except MissingData as exc:
            report.ledger[rule_id], report.notes[rule_id] = "missing_data", str(exc)
            continue
        except Exception as exc:  # a bug in one rule must not stop the others
            log.error("rule %s crashed on %s", rule_id, doc.source, exc_info=exc)
            report.ledger[rule_id] = "crashed"
            report.notes[rule_id] = f"规则运行出错（程序缺陷，详情已写入日志）：{type(exc).__name__}"
            continue
        added.extend(found)
        report.ledger[rule_id] = "failed" if found else "passed"
        if rule_id in doc.notes:
            report.notes[rule_id] = doc.notes[rule_id]
    said = {(cells, f.actual) for f in report.findings for cells in f.cells}
    added = [f for f in added if not (f.cells and (f.cells[0], f.actual) in said)]  # the text check said it already
    order = {"error": 0, "warning": 1, "info": 2}
    report.findings.extend(added)
    report.findings.sort(key=lambda f: (order[f.severity], f.rule, f.cells))
    return report


def check_published(paragraphs: Sequence[Paragraph], tables: Sequence[Table], source: str,
                    report: Report | None = None) -> Report:
    """The tables of a published document checked as they stand and its text against them.

    ``report``: a report to add to (e.g. :func:`budget_addin.narrative.text_check.check_document`'s of the same
    paragraphs); the findings and ledger entries of the table rules (表格) and the text-against-table rules are added.
    """
    return run_published_rules(Disclosure(list(tables), list(paragraphs), source), report)
