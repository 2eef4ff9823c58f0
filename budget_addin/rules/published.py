"""A published disclosure checked: its tables as they stand (:mod:`.tables`, 表格) and its text against them
(:mod:`.text_tables`, 说明), with the ledger of every rule of :data:`PUBLISHED_CATALOGUE`.

``check_published(paragraphs, tables, source, report)`` is the entry point: given the report of the text checked on its
own (:func:`budget_addin.narrative.text_check.check_document`), it adds its findings and ledger entries to it and leaves
out what the text check already said of the same figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from budget_addin.core.findings import PUBLISHED_CATALOGUE, CellSpot, Finding, Report, Spot, TextSpot
from budget_addin.core.published import Table
from budget_addin.narrative.paragraphs import Paragraph
from budget_addin.rules import run_catalogue, sort_findings
from budget_addin.rules.tables import Disclosure, forget
from budget_addin.rules.text_tables import reading_of  # importing it registers the 说明 rules

# -- running them ---------------------------------------------------------------------------------------------


def run_published_rules(doc: Disclosure, report: Report | None = None) -> Report:
    """Run every rule of :data:`PUBLISHED_CATALOGUE` on a disclosure; the ledger records what each did.

    Tables whose columns could not be resolved are listed as read issues; a finding the text check of ``report``
    already made of the same figure is left out."""
    forget()
    report = report if report is not None else Report(workbook=doc.source)
    for table in (t for t in doc.tables if t.problem is not None):
        report.read_issues.append(f"{table.where}《{table.title}》未核对：{table.problem}")
    said = {(cells, f.actual) for f in report.findings for cells in f.cells}
    own = run_catalogue(PUBLISHED_CATALOGUE, doc, Report(workbook=doc.source))
    for rule_id in own.ledger:
        report.ledger[rule_id] = own.ledger[rule_id]
        if rule_id in own.notes or rule_id in doc.notes:
            report.notes[rule_id] = own.notes.get(rule_id) or doc.notes[rule_id]
    fresh = [f for f in own.findings if not (f.cells and (f.cells[0], f.actual) in said)]
    report.findings.extend(_with_spots(doc, fresh))
    sort_findings(report)
    return report


def _with_spots(doc: Disclosure, findings: list[Finding]) -> list[Finding]:
    """Each finding with the spots of the figures it names: the table cells by their names, and the stated figure
    of the paragraph it quotes (the text's figure of the finding's value), for an annotated copy."""
    if not findings:
        return findings
    cells: dict[str, list[Spot]] = {}
    for number, table in enumerate(doc.tables):
        for row in table.rows:
            for column in table.columns:
                cells.setdefault(table.cell_name(row, column), []).append(CellSpot(number, row.index, column.index))
    reading = reading_of(doc) if doc.paragraphs else None
    where = {p.where: i for i, p in enumerate(doc.paragraphs)}
    spotted = []
    for finding in findings:
        spots: list[Spot] = [spot for name in finding.cells for spot in cells.get(name, ())]
        paragraph = where.get(finding.cells[0]) if finding.cells else None
        if reading is not None and paragraph is not None and isinstance(finding.actual, Decimal):
            for f in reading.figures:
                if f.para == paragraph and f.value == finding.actual:
                    origin = reading.origins[paragraph]
                    spots.insert(0, TextSpot(paragraph, origin[f.start], origin[f.end - 1] + 1))
        spotted.append(replace(finding, spots=tuple(dict.fromkeys(spots))) if spots else finding)
    return spotted


def check_published(paragraphs: Sequence[Paragraph], tables: Sequence[Table], source: str,
                    report: Report | None = None) -> Report:
    """The tables of a published document checked as they stand and its text against them.

    ``report``: a report to add to (e.g. :func:`budget_addin.narrative.text_check.check_document`'s of the same
    paragraphs); the findings and ledger entries of the table rules (表格) and the text-against-table rules are added.
    """
    return run_published_rules(Disclosure(list(tables), list(paragraphs), source), report)
