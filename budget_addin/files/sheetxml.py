"""The headless writer's names where its callers have always found them.

The writer itself is :mod:`budget_addin.files.xlsx`, one module a package part.
"""

from __future__ import annotations

from budget_addin.files.parts import rels_name, resolve
from budget_addin.files.xlsx.base import CHART_NS, MAIN, PKG_REL, REL, TYPES, xml_bytes
from budget_addin.files.xlsx.charts import chart_xml
from budget_addin.files.xlsx.drawings import drawing_xml
from budget_addin.files.xlsx.styles import Styles
from budget_addin.files.xlsx.workbook import read_members, write_sheets
from budget_addin.files.xlsx.worksheet import location, sheet_cells, worksheet_xml

__all__ = ["CHART_NS", "MAIN", "PKG_REL", "REL", "TYPES", "Styles", "chart_xml", "drawing_xml", "location",
           "read_members", "rels_name", "resolve", "sheet_cells", "worksheet_xml", "write_sheets", "xml_bytes"]
