"""A worksheet part written from a summary sheet's spec: its cells with their styles, columns, links and page setup."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from lxml import etree

from budget_addin.core.layout import col_letter, quote_sheet
from budget_addin.files.xlsx.base import MAIN, REL, number_text, qname, xml_bytes
from budget_addin.files.xlsx.styles import (
    BODY_FONT,
    BOLD_FONT,
    CAPTION_FONT,
    LINK_FONT,
    SMALL_FONT,
    TITLE_FONT,
    CellStyle,
    Styles,
)
from budget_addin.summaries.specs import HEADER_FILL, STAMP_CELL, TEXT, TITLE_CELL, Block, SheetSpec, Value

NUMERIC_FORMATS = {"#,##0.00", "0.00%", "#,##0", "#,##0.##", "0%", "0.0%"}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Cell(NamedTuple):
    value: Value
    style: CellStyle


def split_address(address: str) -> tuple[int, int]:
    """``C5`` → (5, 3)."""
    match = re.fullmatch(r"([A-Z]+)(\d+)", address)
    if not match:
        raise ValueError(address)
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)), col


def _block_cells(block: Block) -> dict[tuple[int, int], Cell]:
    cells: dict[tuple[int, int], Cell] = {}
    if block.caption:
        cells[(block.top - 1, 1)] = Cell(block.caption, CellStyle(CAPTION_FONT))
    header = CellStyle(BOLD_FONT, HEADER_FILL, True, TEXT, True, "center")
    for col, text in enumerate(block.headers):
        cells[(block.top, col + 1)] = Cell(text, header)
    for r, row in enumerate(block.rows):
        for c, value in enumerate(row):
            fmt = block.formats[c]
            numeric = fmt in NUMERIC_FORMATS
            font = LINK_FONT if (r, c) in block.links else BOLD_FONT if r in block.bold_rows else BODY_FONT
            style = CellStyle(font, block.fills.get((r, c)), True, fmt, c in block.wrap,
                              "right" if numeric else None)
            cells[(block.top + 1 + r, c + 1)] = Cell(value, style)
    return cells


def sheet_cells(spec: SheetSpec) -> dict[tuple[int, int], Cell]:
    """Every cell of a spec with its style, keyed by (row, column)."""
    cells: dict[tuple[int, int], Cell] = {
        split_address(TITLE_CELL): Cell(spec.title, CellStyle(TITLE_FONT)),
        split_address(STAMP_CELL): Cell(spec.stamp, CellStyle(SMALL_FONT)),
    }
    for block in spec.blocks:
        cells.update(_block_cells(block))
    for row, text in spec.notes:
        cells[(row, 1)] = Cell(text, CellStyle(SMALL_FONT))
    return cells


def _cell_element(row: int, col: int, value: Value, style: int) -> etree._Element:
    cell = etree.Element(qname(MAIN, "c"), r=f"{col_letter(col)}{row}", s=str(style))
    if value is None or value == "":
        return cell
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        etree.SubElement(cell, qname(MAIN, "v")).text = number_text(value)
        return cell
    cell.set("t", "inlineStr")
    text = etree.SubElement(etree.SubElement(cell, qname(MAIN, "is")), qname(MAIN, "t"))
    content = _INVALID_XML.sub("", str(value))
    if content != content.strip() or "\n" in content:
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = content
    return cell


def location(ref: str) -> str:
    """``'国有资产'!D10`` for a finding's ``国有资产!D10`` (hyperlink target inside the workbook)."""
    sheet, _, cell = ref.rpartition("!")
    return f"{quote_sheet(sheet)}!{cell}" if sheet else cell


def worksheet_xml(spec: SheetSpec, styles: Styles, drawing_rel: str | None, code_name: str | None = None) -> bytes:
    """The worksheet part of a spec (``drawing_rel``: relationship id of its drawing, if any;
    ``code_name``: the sheet's VBA code name, whose document module the VBA project holds)."""
    cells = sheet_cells(spec)
    root = etree.Element(qname(MAIN, "worksheet"), nsmap={None: MAIN, "r": REL})
    properties = etree.SubElement(root, qname(MAIN, "sheetPr"), {"codeName": code_name} if code_name else {})
    etree.SubElement(properties, qname(MAIN, "tabColor"), rgb="FF2F5597")
    etree.SubElement(properties, qname(MAIN, "pageSetUpPr"), fitToPage="1")
    last_row = max(r for r, _ in cells)
    last_col = max(max(c for _, c in cells), len(spec.widths))
    etree.SubElement(root, qname(MAIN, "dimension"), ref=f"A1:{col_letter(last_col)}{last_row}")
    views = etree.SubElement(root, qname(MAIN, "sheetViews"))
    etree.SubElement(views, qname(MAIN, "sheetView"), workbookViewId="0")
    etree.SubElement(root, qname(MAIN, "sheetFormatPr"), defaultRowHeight="15")
    columns = etree.SubElement(root, qname(MAIN, "cols"))
    for index, width in enumerate(spec.widths, start=1):
        etree.SubElement(columns, qname(MAIN, "col"), min=str(index), max=str(index), width=f"{width:g}",
                         customWidth="1")
    data = etree.SubElement(root, qname(MAIN, "sheetData"))
    by_row: dict[int, list[tuple[int, Cell]]] = {}
    for (r, c), cell in cells.items():
        by_row.setdefault(r, []).append((c, cell))
    heights = dict(spec.row_heights)
    for r in sorted(by_row):
        attributes = {"r": str(r)}
        if r in heights:
            attributes.update(ht=f"{heights[r]:g}", customHeight="1")
        row = etree.SubElement(data, qname(MAIN, "row"), attributes)
        for c, cell in sorted(by_row[r], key=lambda item: item[0]):
            row.append(_cell_element(r, c, cell.value, styles.index(cell.style)))
    links = [(block.address(r, c), target) for block in spec.blocks for (r, c), target in sorted(block.links.items())]
    if links:
        hyperlinks = etree.SubElement(root, qname(MAIN, "hyperlinks"))
        for ref, target in links:
            etree.SubElement(hyperlinks, qname(MAIN, "hyperlink"), ref=ref, location=location(target), display=target)
    etree.SubElement(root, qname(MAIN, "pageMargins"), left="0.5", right="0.5", top="0.6", bottom="0.6",
                     header="0.3", footer="0.3")
    etree.SubElement(root, qname(MAIN, "pageSetup"), paperSize="9",
                     orientation="landscape" if spec.landscape else "portrait", fitToWidth="1", fitToHeight="0")
    footer = etree.SubElement(root, qname(MAIN, "headerFooter"))
    etree.SubElement(footer, qname(MAIN, "oddFooter")).text = f"&C{spec.name}　第 &P 页，共 &N 页"
    if drawing_rel:
        etree.SubElement(root, qname(MAIN, "drawing"), {qname(REL, "id"): drawing_rel})
    return xml_bytes(root)
