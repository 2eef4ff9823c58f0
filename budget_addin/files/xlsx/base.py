"""What every part of the headless writer shares: namespaces, relationship and content types, serialising."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EXT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

REL_WORKSHEET = f"{REL}/worksheet"
REL_DRAWING = f"{REL}/drawing"
REL_CHART = f"{REL}/chart"
REL_STYLES = f"{REL}/styles"
REL_CALC_CHAIN = f"{REL}/calcChain"
REL_OFFICE_DOCUMENT = f"{REL}/officeDocument"
REL_VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"

DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def qname(ns: str, tag: str) -> str:
    """``{ns}tag``, as lxml names an element."""
    return f"{{{ns}}}{tag}"


def xml_bytes(root: etree._Element) -> bytes:
    return DECLARATION + etree.tostring(root, encoding="UTF-8")


def number_text(value: Decimal | int | float) -> str:
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)
