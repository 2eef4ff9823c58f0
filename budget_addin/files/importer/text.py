"""The 情况说明 as a document (.docx/.txt/.html/.pdf) into the 情况说明 sheet, one paragraph per row.

Paragraphs and heading levels come from :mod:`budget_addin.files.documents` (any numbering:
第一部分, 一、, （一）, 1., or an unnumbered topic line). Each row keeps its page and paragraph in
the 数据来源 sheet. A scanned PDF without a text layer cannot be read (a ``ReadError``).
"""

from __future__ import annotations

import re
from pathlib import Path

from budget_addin.files.documents import DOCUMENT_SUFFIXES, read_paragraphs
from budget_addin.files.guards import shown_name
from budget_addin.files.importer.placer import Placer, TableReport

_SECTION = re.compile(r"^\s*(?:第([一二三四五六七八九十]+)(?:部分|章)|([一二三四五六七八九十]+)[、.．])")


def is_document(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def section_of(heading: str) -> str:
    """The numeral of a top-level heading (``二、部门预算安排的总体情况`` → ``二``), else ''."""
    match = _SECTION.match(heading)
    return (match.group(1) or match.group(2)) if match else ""


def place_document(placer: Placer, path: Path) -> TableReport:
    """Append the paragraphs of a document to the 情况说明 rows."""
    paragraphs = read_paragraphs(path)
    report = TableReport("情况说明", shown_name(path), rows_read=len(paragraphs))
    placer.reports.append(report)
    records = placer.data.setdefault("narrative", [])
    # sections are named by the highest heading level that carries a numeral (第二部分 → 二, 三、 → 三)
    top = min((p.heading_level for p in paragraphs if p.heading_level and section_of(p.text)), default=1)
    section = ""
    for paragraph in paragraphs:
        if paragraph.heading_level == top:
            section = section_of(paragraph.text) or section
        records.append({})
        index = len(records) - 1
        where = f"{shown_name(path)} › {paragraph.where}"
        kind = "heading" if paragraph.heading_level else "text"
        for col, value in (("no", len(records)), ("section", section), ("kind", kind), ("text", paragraph.text)):
            if value != "":
                placer.put(report, "narrative", index, col, value if col != "no" else _decimal(value), where,
                           paragraph.where, figure=False)
    return report


def _decimal(value: object):  # noqa: ANN202 - Decimal
    from decimal import Decimal

    return Decimal(str(value))
