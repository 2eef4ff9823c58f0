"""Headless writer: summary sheet specs → SpreadsheetML/DrawingML parts, put into the package.

The workbook is never round-tripped through an object model (openpyxl would drop
the cached values of the UDF formulas and the ribbon relationship). Instead the
package is edited at zip level:

- every existing member keeps its bytes, except ``xl/workbook.xml`` (sheet
  list), ``xl/_rels/workbook.xml.rels``, ``[Content_Types].xml``,
  ``xl/styles.xml`` (styles are only appended, and reused when already there)
  and ``docProps/app.xml`` (sheet titles);
- sheets named in :data:`~budget_addin.core.schema.OWNED_SHEETS` are written (a
  sheet that exists keeps its part name, position and id; its old drawings and
  charts are removed); any other sheet is never touched;
- new sheets are appended after the last sheet, so ``localSheetId`` of defined
  names stays valid.

Cells hold inline strings and numbers, no formulas. The output depends only on
the input package and the specs: the same input gives the same bytes.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple

from lxml import etree

from budget_addin.core.layout import col_letter, quote_sheet
from budget_addin.core.schema import OWNED_SHEETS
from budget_addin.files import vba
from budget_addin.files.package import rewrite
from budget_addin.files.parts import rels_name, resolve
from budget_addin.summaries.specs import (
    GENERAL,
    HEADER_FILL,
    STAMP_CELL,
    TEXT,
    TITLE_CELL,
    Block,
    Chart,
    SheetSpec,
    Value,
)

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
_CODE_NAME = re.compile(r"Sheet(\d+)")
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"

DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
EMU_PER_POINT = 12700
BUILTIN_NUMBER_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}
NUMERIC_FORMATS = {"#,##0.00", "0.00%", "#,##0", "#,##0.##", "0%", "0.0%"}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def xml_bytes(root: etree._Element) -> bytes:
    return DECLARATION + etree.tostring(root, encoding="UTF-8")


def _argb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


# -- styles ----------------------------------------------------------------------------------------


def _signature(element: etree._Element) -> tuple:
    """An element's tag, attributes and children, whatever namespace declarations surround it."""
    children = tuple(_signature(c) for c in element if isinstance(c.tag, str))
    return element.tag, tuple(sorted(element.attrib.items())), (element.text or "").strip(), children


class Font(NamedTuple):
    name: str = "宋体"
    size: float = 10
    bold: bool = False
    colour: str | None = None
    underline: bool = False


TITLE_FONT = Font("黑体", 14, bold=True)
CAPTION_FONT = Font("黑体", 11, bold=True)
SMALL_FONT = Font("宋体", 9, colour="#595959")
BODY_FONT = Font()
BOLD_FONT = Font(bold=True)
LINK_FONT = Font(colour="#0563C1", underline=True)


class CellStyle(NamedTuple):
    font: Font = BODY_FONT
    fill: str | None = None
    border: bool = False
    number_format: str = GENERAL
    wrap: bool = False
    horizontal: str | None = None


class Styles:
    """Appends cell formats to ``xl/styles.xml``, reusing any equal one already there."""

    def __init__(self, xml: bytes) -> None:
        self.root = etree.fromstring(xml)
        self._cache: dict[CellStyle, int] = {}

    def _section(self, tag: str, before: Sequence[str]) -> etree._Element:
        found = self.root.find(_q(MAIN, tag))
        if found is not None:
            return found
        element = etree.Element(_q(MAIN, tag))
        for later in before:
            anchor = self.root.find(_q(MAIN, later))
            if anchor is not None:
                anchor.addprevious(element)
                return element
        self.root.append(element)
        return element

    @staticmethod
    def _find_or_append(section: etree._Element, element: etree._Element) -> int:
        wanted = _signature(element)
        children = [c for c in section if isinstance(c.tag, str)]
        for index, child in enumerate(children):
            if _signature(child) == wanted:
                return index
        section.append(element)
        section.set("count", str(len(children) + 1))
        return len(children)

    def _number_format(self, code: str) -> int:
        if code in BUILTIN_NUMBER_FORMATS:
            return BUILTIN_NUMBER_FORMATS[code]
        section = self._section("numFmts", ("fonts", "fills", "borders", "cellStyleXfs", "cellXfs"))
        used = [int(n.get("numFmtId", "0")) for n in section.iter(_q(MAIN, "numFmt"))]
        for node in section.iter(_q(MAIN, "numFmt")):
            if node.get("formatCode") == code:
                return int(node.get("numFmtId", "0"))
        number = max([163, *used]) + 1
        etree.SubElement(section, _q(MAIN, "numFmt"), numFmtId=str(number), formatCode=code)
        section.set("count", str(len(used) + 1))
        return number

    def _font(self, font: Font) -> int:
        element = etree.Element(_q(MAIN, "font"))
        if font.bold:
            etree.SubElement(element, _q(MAIN, "b"))
        if font.underline:
            etree.SubElement(element, _q(MAIN, "u"))
        etree.SubElement(element, _q(MAIN, "sz"), val=f"{font.size:g}")
        if font.colour:
            etree.SubElement(element, _q(MAIN, "color"), rgb=_argb(font.colour))
        else:
            etree.SubElement(element, _q(MAIN, "color"), theme="1")
        etree.SubElement(element, _q(MAIN, "name"), val=font.name)
        etree.SubElement(element, _q(MAIN, "charset"), val="134")  # GB2312
        return self._find_or_append(self._section("fonts", ("fills",)), element)

    def _fill(self, colour: str | None) -> int:
        if colour is None:
            return 0
        element = etree.Element(_q(MAIN, "fill"))
        pattern = etree.SubElement(element, _q(MAIN, "patternFill"), patternType="solid")
        etree.SubElement(pattern, _q(MAIN, "fgColor"), rgb=_argb(colour))
        etree.SubElement(pattern, _q(MAIN, "bgColor"), indexed="64")
        return self._find_or_append(self._section("fills", ("borders",)), element)

    def _border(self, thin: bool) -> int:
        if not thin:
            return 0
        element = etree.Element(_q(MAIN, "border"))
        for side in ("left", "right", "top", "bottom"):
            edge = etree.SubElement(element, _q(MAIN, side), style="thin")
            etree.SubElement(edge, _q(MAIN, "color"), rgb="FFA6A6A6")
        etree.SubElement(element, _q(MAIN, "diagonal"))
        return self._find_or_append(self._section("borders", ("cellStyleXfs",)), element)

    def index(self, style: CellStyle) -> int:
        """The ``s`` attribute for a cell of this style."""
        if style in self._cache:
            return self._cache[style]
        element = etree.Element(_q(MAIN, "xf"), {
            "numFmtId": str(self._number_format(style.number_format)),
            "fontId": str(self._font(style.font)),
            "fillId": str(self._fill(style.fill)),
            "borderId": str(self._border(style.border)),
            "xfId": "0",
            "applyNumberFormat": "1", "applyFont": "1", "applyFill": "1", "applyBorder": "1", "applyAlignment": "1",
        })
        alignment = {"vertical": "center"}
        if style.horizontal:
            alignment["horizontal"] = style.horizontal
        if style.wrap:
            alignment["wrapText"] = "1"
        etree.SubElement(element, _q(MAIN, "alignment"), alignment)
        number = self._find_or_append(self._section("cellXfs", ("cellStyles", "dxfs")), element)
        self._cache[style] = number
        return number

    def xml(self) -> bytes:
        return xml_bytes(self.root)


# -- cells -----------------------------------------------------------------------------------------


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


def _number_text(value: Decimal | int | float) -> str:
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def _cell_element(row: int, col: int, value: Value, style: int) -> etree._Element:
    cell = etree.Element(_q(MAIN, "c"), r=f"{col_letter(col)}{row}", s=str(style))
    if value is None or value == "":
        return cell
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        etree.SubElement(cell, _q(MAIN, "v")).text = _number_text(value)
        return cell
    cell.set("t", "inlineStr")
    text = etree.SubElement(etree.SubElement(cell, _q(MAIN, "is")), _q(MAIN, "t"))
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
    root = etree.Element(_q(MAIN, "worksheet"), nsmap={None: MAIN, "r": REL})
    properties = etree.SubElement(root, _q(MAIN, "sheetPr"), {"codeName": code_name} if code_name else {})
    etree.SubElement(properties, _q(MAIN, "tabColor"), rgb="FF2F5597")
    etree.SubElement(properties, _q(MAIN, "pageSetUpPr"), fitToPage="1")
    last_row = max(r for r, _ in cells)
    last_col = max(max(c for _, c in cells), len(spec.widths))
    etree.SubElement(root, _q(MAIN, "dimension"), ref=f"A1:{col_letter(last_col)}{last_row}")
    views = etree.SubElement(root, _q(MAIN, "sheetViews"))
    etree.SubElement(views, _q(MAIN, "sheetView"), workbookViewId="0")
    etree.SubElement(root, _q(MAIN, "sheetFormatPr"), defaultRowHeight="15")
    columns = etree.SubElement(root, _q(MAIN, "cols"))
    for index, width in enumerate(spec.widths, start=1):
        etree.SubElement(columns, _q(MAIN, "col"), min=str(index), max=str(index), width=f"{width:g}", customWidth="1")
    data = etree.SubElement(root, _q(MAIN, "sheetData"))
    by_row: dict[int, list[tuple[int, Cell]]] = {}
    for (r, c), cell in cells.items():
        by_row.setdefault(r, []).append((c, cell))
    heights = dict(spec.row_heights)
    for r in sorted(by_row):
        attributes = {"r": str(r)}
        if r in heights:
            attributes.update(ht=f"{heights[r]:g}", customHeight="1")
        row = etree.SubElement(data, _q(MAIN, "row"), attributes)
        for c, cell in sorted(by_row[r], key=lambda item: item[0]):
            row.append(_cell_element(r, c, cell.value, styles.index(cell.style)))
    links = [(block.address(r, c), target) for block in spec.blocks for (r, c), target in sorted(block.links.items())]
    if links:
        hyperlinks = etree.SubElement(root, _q(MAIN, "hyperlinks"))
        for ref, target in links:
            etree.SubElement(hyperlinks, _q(MAIN, "hyperlink"), ref=ref, location=location(target), display=target)
    etree.SubElement(root, _q(MAIN, "pageMargins"), left="0.5", right="0.5", top="0.6", bottom="0.6",
                     header="0.3", footer="0.3")
    etree.SubElement(root, _q(MAIN, "pageSetup"), paperSize="9",
                     orientation="landscape" if spec.landscape else "portrait", fitToWidth="1", fitToHeight="0")
    footer = etree.SubElement(root, _q(MAIN, "headerFooter"))
    etree.SubElement(footer, _q(MAIN, "oddFooter")).text = f"&C{spec.name}　第 &P 页，共 &N 页"
    if drawing_rel:
        etree.SubElement(root, _q(MAIN, "drawing"), {_q(REL, "id"): drawing_rel})
    return xml_bytes(root)


# -- drawings and charts ---------------------------------------------------------------------------


def drawing_xml(spec: SheetSpec, chart_rels: Sequence[str]) -> bytes:
    """The drawing part holding one graphic frame per chart (one-cell anchors, size in EMU)."""
    root = etree.Element(_q(DRAWING_NS, "wsDr"), nsmap={"xdr": DRAWING_NS, "a": A_NS})
    for number, (chart, rel) in enumerate(zip(spec.charts, chart_rels, strict=True), start=1):
        row, col = split_address(chart.anchor)
        anchor = etree.SubElement(root, _q(DRAWING_NS, "oneCellAnchor"))
        start = etree.SubElement(anchor, _q(DRAWING_NS, "from"))
        for tag, value in (("col", col - 1), ("colOff", 0), ("row", row - 1), ("rowOff", 0)):
            etree.SubElement(start, _q(DRAWING_NS, tag)).text = str(value)
        etree.SubElement(anchor, _q(DRAWING_NS, "ext"), cx=str(int(chart.width * EMU_PER_POINT)),
                         cy=str(int(chart.height * EMU_PER_POINT)))
        frame = etree.SubElement(anchor, _q(DRAWING_NS, "graphicFrame"), macro="")
        names = etree.SubElement(frame, _q(DRAWING_NS, "nvGraphicFramePr"))
        etree.SubElement(names, _q(DRAWING_NS, "cNvPr"), id=str(number + 1), name=f"图表 {number}", descr=chart.title)
        etree.SubElement(names, _q(DRAWING_NS, "cNvGraphicFramePr"))
        transform = etree.SubElement(frame, _q(DRAWING_NS, "xfrm"))
        etree.SubElement(transform, _q(A_NS, "off"), x="0", y="0")
        etree.SubElement(transform, _q(A_NS, "ext"), cx="0", cy="0")
        graphic = etree.SubElement(etree.SubElement(frame, _q(A_NS, "graphic")), _q(A_NS, "graphicData"), uri=CHART_NS)
        etree.SubElement(graphic, _q(CHART_NS, "chart"), {_q(REL, "id"): rel}, nsmap={"c": CHART_NS, "r": REL})
        etree.SubElement(anchor, _q(DRAWING_NS, "clientData"))
    return xml_bytes(root)


def _range_ref(sheet: str, cells: str) -> str:
    """``'收支结构'!$B$6:$B$10``."""
    parts = [f"${col}${row}" for col, row in re.findall(r"([A-Z]+)(\d+)", cells)]
    return f"{quote_sheet(sheet)}!" + ":".join(parts)


def _range_cells(cells: str) -> list[tuple[int, int]]:
    first, _, last = cells.partition(":")
    r1, c1 = split_address(first)
    r2, c2 = split_address(last or first)
    return [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _text_props(parent: etree._Element, size: int, bold: bool = False) -> None:
    """Chinese-capable text properties (``c:txPr``)."""
    props = etree.SubElement(parent, _q(CHART_NS, "txPr"))
    etree.SubElement(props, _q(A_NS, "bodyPr"))
    etree.SubElement(props, _q(A_NS, "lstStyle"))
    paragraph = etree.SubElement(props, _q(A_NS, "p"))
    run = etree.SubElement(etree.SubElement(paragraph, _q(A_NS, "pPr")), _q(A_NS, "defRPr"),
                           sz=str(size), b="1" if bold else "0")
    etree.SubElement(run, _q(A_NS, "latin"), typeface="宋体")
    etree.SubElement(run, _q(A_NS, "ea"), typeface="宋体")
    etree.SubElement(paragraph, _q(A_NS, "endParaRPr"), lang="zh-CN")


def _val(parent: etree._Element, tag: str, value: str) -> etree._Element:
    return etree.SubElement(parent, _q(CHART_NS, tag), val=value)


def _str_ref(parent: etree._Element, formula: str, texts: Sequence[str]) -> None:
    ref = etree.SubElement(parent, _q(CHART_NS, "strRef"))
    etree.SubElement(ref, _q(CHART_NS, "f")).text = formula
    cache = etree.SubElement(ref, _q(CHART_NS, "strCache"))
    _val(cache, "ptCount", str(len(texts)))
    for index, text in enumerate(texts):
        point = etree.SubElement(cache, _q(CHART_NS, "pt"), idx=str(index))
        etree.SubElement(point, _q(CHART_NS, "v")).text = text


def _num_ref(parent: etree._Element, formula: str, values: Sequence[Value], code: str) -> None:
    ref = etree.SubElement(parent, _q(CHART_NS, "numRef"))
    etree.SubElement(ref, _q(CHART_NS, "f")).text = formula
    cache = etree.SubElement(ref, _q(CHART_NS, "numCache"))
    etree.SubElement(cache, _q(CHART_NS, "formatCode")).text = code
    _val(cache, "ptCount", str(len(values)))
    for index, value in enumerate(values):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            point = etree.SubElement(cache, _q(CHART_NS, "pt"), idx=str(index))
            etree.SubElement(point, _q(CHART_NS, "v")).text = _number_text(value)


def _labels(parent: etree._Element, percent: bool, code: str) -> None:
    labels = etree.SubElement(parent, _q(CHART_NS, "dLbls"))
    etree.SubElement(labels, _q(CHART_NS, "numFmt"), formatCode="0.00%" if percent else code, sourceLinked="0")
    etree.SubElement(etree.SubElement(labels, _q(CHART_NS, "spPr")), _q(A_NS, "noFill"))
    _text_props(labels, 900)
    if not percent:
        _val(labels, "dLblPos", "outEnd")
    for tag, on in (("showLegendKey", False), ("showVal", not percent), ("showCatName", False),
                    ("showSerName", False), ("showPercent", percent), ("showBubbleSize", False)):
        _val(labels, tag, "1" if on else "0")
    if percent:
        _val(labels, "showLeaderLines", "1")


def chart_xml(chart: Chart, sheet: str, cells: dict[tuple[int, int], object]) -> bytes:
    """A chart part; ``cells`` (the sheet's values) fill the caches shown before recalculation."""

    def values(address: str) -> list[Value]:
        return [getattr(cells.get(rc), "value", None) for rc in _range_cells(address)]  # type: ignore[misc]

    root = etree.Element(_q(CHART_NS, "chartSpace"), nsmap={"c": CHART_NS, "a": A_NS, "r": REL})
    _val(root, "roundedCorners", "0")
    body = etree.SubElement(root, _q(CHART_NS, "chart"))
    title = etree.SubElement(body, _q(CHART_NS, "title"))
    rich = etree.SubElement(etree.SubElement(title, _q(CHART_NS, "tx")), _q(CHART_NS, "rich"))
    etree.SubElement(rich, _q(A_NS, "bodyPr"))
    paragraph = etree.SubElement(rich, _q(A_NS, "p"))
    props = etree.SubElement(etree.SubElement(paragraph, _q(A_NS, "pPr")), _q(A_NS, "defRPr"), sz="1200", b="1")
    etree.SubElement(props, _q(A_NS, "ea"), typeface="黑体")
    run = etree.SubElement(paragraph, _q(A_NS, "r"))
    run_props = etree.SubElement(run, _q(A_NS, "rPr"), lang="zh-CN", sz="1200", b="1")
    etree.SubElement(run_props, _q(A_NS, "latin"), typeface="黑体")
    etree.SubElement(run_props, _q(A_NS, "ea"), typeface="黑体")
    etree.SubElement(run, _q(A_NS, "t")).text = chart.title
    _val(title, "overlay", "0")
    _val(body, "autoTitleDeleted", "0")
    plot = etree.SubElement(body, _q(CHART_NS, "plotArea"))
    etree.SubElement(plot, _q(CHART_NS, "layout"))
    pie = chart.kind == "pie"
    if pie:
        group = etree.SubElement(plot, _q(CHART_NS, "pieChart"))
        _val(group, "varyColors", "1")
    else:
        group = etree.SubElement(plot, _q(CHART_NS, "barChart"))
        _val(group, "barDir", "bar" if chart.kind == "bar" else "col")
        _val(group, "grouping", "clustered")
        _val(group, "varyColors", "0")
    categories = [str(v) if v is not None else "" for v in values(chart.categories)]
    for index, series in enumerate(chart.series):
        element = etree.SubElement(group, _q(CHART_NS, "ser"))
        _val(element, "idx", str(index))
        _val(element, "order", str(index))
        _str_ref(etree.SubElement(element, _q(CHART_NS, "tx")), _range_ref(sheet, series.name_cell), [series.name])
        if not pie:
            _val(element, "invertIfNegative", "0")
        _labels(element, pie, chart.value_format)
        _str_ref(etree.SubElement(element, _q(CHART_NS, "cat")), _range_ref(sheet, chart.categories), categories)
        _num_ref(etree.SubElement(element, _q(CHART_NS, "val")), _range_ref(sheet, series.values),
                 values(series.values), chart.value_format)
    if pie:
        _val(group, "firstSliceAng", "0")
    else:
        _val(group, "gapWidth", "80")
        _val(group, "axId", "100")
        _val(group, "axId", "200")
        _axes(plot, chart)
    legend = etree.SubElement(body, _q(CHART_NS, "legend"))
    _val(legend, "legendPos", "r" if pie else "b")
    _val(legend, "overlay", "0")
    _text_props(legend, 900)
    _val(body, "plotVisOnly", "1")
    _val(body, "dispBlanksAs", "gap")
    _text_props(root, 900)
    return xml_bytes(root)


def _axes(plot: etree._Element, chart: Chart) -> None:
    horizontal = chart.kind == "bar"
    category = etree.SubElement(plot, _q(CHART_NS, "catAx"))
    _val(category, "axId", "100")
    # horizontal bars: first category on top, as in the table
    _val(etree.SubElement(category, _q(CHART_NS, "scaling")), "orientation", "maxMin" if horizontal else "minMax")
    _val(category, "delete", "0")
    _val(category, "axPos", "l" if horizontal else "b")
    etree.SubElement(category, _q(CHART_NS, "numFmt"), formatCode="General", sourceLinked="0")
    _val(category, "majorTickMark", "none")
    _val(category, "minorTickMark", "none")
    _val(category, "tickLblPos", "nextTo")
    _text_props(category, 900)
    _val(category, "crossAx", "200")
    _val(category, "crosses", "autoZero")
    _val(category, "auto", "1")
    _val(category, "lblAlgn", "ctr")
    _val(category, "lblOffset", "100")
    _val(category, "noMultiLvlLbl", "0")
    value = etree.SubElement(plot, _q(CHART_NS, "valAx"))
    _val(value, "axId", "200")
    _val(etree.SubElement(value, _q(CHART_NS, "scaling")), "orientation", "minMax")
    _val(value, "delete", "0")
    _val(value, "axPos", "b" if horizontal else "l")
    etree.SubElement(value, _q(CHART_NS, "majorGridlines"))
    etree.SubElement(value, _q(CHART_NS, "numFmt"), formatCode="#,##0", sourceLinked="0")
    _val(value, "majorTickMark", "none")
    _val(value, "minorTickMark", "none")
    _val(value, "tickLblPos", "nextTo")
    _text_props(value, 900)
    _val(value, "crossAx", "100")
    _val(value, "crosses", "max" if horizontal else "autoZero")
    _val(value, "crossBetween", "between")


# -- the package -----------------------------------------------------------------------------------


def read_members(package: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def relative(source: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source))


def _relationships(xml: bytes | None) -> list[etree._Element]:
    if xml is None:
        return []
    return list(etree.fromstring(xml).iter(_q(PKG_REL, "Relationship")))


def _rels_xml(items: Iterable[tuple[str, str, str]]) -> bytes:
    root = etree.Element(_q(PKG_REL, "Relationships"), nsmap={None: PKG_REL})
    for rel_id, rel_type, target in items:
        etree.SubElement(root, _q(PKG_REL, "Relationship"), Id=rel_id, Type=rel_type, Target=target)
    return xml_bytes(root)


def _next_number(existing: Iterable[str], pattern: str) -> int:
    numbers = [int(m.group(1)) for name in existing if (m := re.fullmatch(pattern, name))]
    return max(numbers, default=0) + 1


class _Package:
    """The members of a package and the edits made to them."""

    def __init__(self, package: bytes) -> None:
        self.original = package
        self.members = read_members(package)
        self.changes: dict[str, bytes | None] = {}
        office = next((r for r in _relationships(self.members.get("_rels/.rels")) if r.get("Type") == REL_OFFICE_DOCUMENT), None)
        self.workbook_part = resolve("", office.get("Target", "")) if office is not None else "xl/workbook.xml"
        self.workbook = etree.fromstring(self.members[self.workbook_part])
        self.workbook_rels = etree.fromstring(self.members[rels_name(self.workbook_part)])
        self.types = etree.fromstring(self.members["[Content_Types].xml"])

    def exists(self, part: str) -> bool:
        if part in self.changes:
            return self.changes[part] is not None
        return part in self.members

    def names(self) -> set[str]:
        return {n for n in self.members if self.changes.get(n, b"") is not None} | {
            n for n, data in self.changes.items() if data is not None}

    def read(self, part: str) -> bytes | None:
        return self.changes[part] if part in self.changes else self.members.get(part)

    def put(self, part: str, data: bytes, content_type: str | None = None) -> None:
        self.changes[part] = data
        if content_type:
            self._override(part, content_type)

    def remove(self, part: str) -> None:
        """Drop a part (its content-type entry goes at :meth:`finish`, unless the part is written again)."""
        self.changes[part] = None

    def _override(self, part: str, content_type: str) -> None:
        for node in self.types.iter(_q(TYPES, "Override")):
            if node.get("PartName") == "/" + part:
                node.set("ContentType", content_type)
                return
        etree.SubElement(self.types, _q(TYPES, "Override"), PartName="/" + part, ContentType=content_type)

    def workbook_rel(self, rel_type: str) -> str | None:
        for rel in self.workbook_rels.iter(_q(PKG_REL, "Relationship")):
            if rel.get("Type") == rel_type:
                return resolve(self.workbook_part, rel.get("Target", ""))
        return None

    def sheets(self) -> dict[str, tuple[etree._Element, str]]:
        """Sheet name → (its ``<sheet>`` element, its part name)."""
        targets = {r.get("Id"): r.get("Target", "") for r in self.workbook_rels.iter(_q(PKG_REL, "Relationship"))}
        return {s.get("name", ""): (s, resolve(self.workbook_part, targets.get(s.get(_q(REL, "id")), "")))
                for s in self.workbook.iter(_q(MAIN, "sheet"))}

    def remove_dependents(self, part: str) -> None:
        """Remove the parts only ``part`` reaches through its relationships (drawings, charts, comments…)."""
        reached: list[str] = []
        stack = [part]
        while stack:
            source = stack.pop()
            for rel in _relationships(self.read(rels_name(source))):
                if rel.get("TargetMode") == "External":
                    continue
                target = resolve(source, rel.get("Target", ""))
                if target not in reached and target != part and self.exists(target):
                    reached.append(target)
                    stack.append(target)
        removed_rels = {rels_name(p) for p in [part, *reached]}
        still_used = set()
        for name in self.names():
            if name.endswith(".rels") and name not in removed_rels:
                source = name.replace("_rels/", "").removesuffix(".rels")
                still_used |= {resolve(source, r.get("Target", "")) for r in _relationships(self.read(name))}
        for target in reached:
            if target not in still_used:
                self.remove(target)
                if self.exists(rels_name(target)):
                    self.remove(rels_name(target))
        if self.exists(rels_name(part)):
            self.remove(rels_name(part))

    def new_part(self, pattern: str, template: str) -> str:
        number = _next_number(self.names(), pattern)
        return template.format(number)

    def finish(self) -> bytes:
        gone = {"/" + part for part, data in self.changes.items() if data is None}
        for node in list(self.types.iter(_q(TYPES, "Override"))):
            if node.get("PartName") in gone:
                self.types.remove(node)
        self.changes[self.workbook_part] = xml_bytes(self.workbook)
        self.changes[rels_name(self.workbook_part)] = xml_bytes(self.workbook_rels)
        self.changes["[Content_Types].xml"] = xml_bytes(self.types)
        return rewrite(self.original, {k: v for k, v in self.changes.items() if v != self.members.get(k, b"\0")})


def _drop_calc_chain_entries(package: _Package, sheet_ids: set[str]) -> None:
    """Forget calculation-chain entries of replaced sheets (they held formulas that are gone)."""
    part = package.workbook_rel(REL_CALC_CHAIN)
    data = package.read(part) if part else None
    if part is None or data is None:
        return
    root = etree.fromstring(data)
    entries = list(root)
    current = None
    dropped = False
    for entry in entries:  # ``i`` may be omitted: then it repeats the previous entry's sheet
        current = entry.get("i", current)
        if current in sheet_ids:
            root.remove(entry)
            dropped = True
    if not dropped:
        return
    if len(root):
        first = root[0]
        if first.get("i") is None:
            first.set("i", next(e.get("i") for e in entries if e.get("i")))  # pragma: no cover - defensive
        package.put(part, xml_bytes(root))
        return
    package.remove(part)
    for rel in list(package.workbook_rels.iter(_q(PKG_REL, "Relationship"))):
        if rel.get("Type") == REL_CALC_CHAIN:
            package.workbook_rels.remove(rel)


def _update_app_titles(package: _Package) -> None:
    """Keep the worksheet titles of docProps/app.xml in step with the workbook (other titles untouched)."""
    part = "docProps/app.xml"
    data = package.read(part)
    if data is None:
        return
    root = etree.fromstring(data)
    pairs = root.find(f"{_q(EXT_NS, 'HeadingPairs')}/{_q(VT_NS, 'vector')}")
    titles = root.find(f"{_q(EXT_NS, 'TitlesOfParts')}/{_q(VT_NS, 'vector')}")
    if pairs is None or titles is None:
        return
    variants = list(pairs)
    offset = 0
    for label, count in zip(variants[::2], variants[1::2], strict=False):
        name, number = label.find(_q(VT_NS, "lpstr")), count.find(_q(VT_NS, "i4"))
        if name is None or number is None:
            return
        if name.text in {"Worksheets", "工作表"}:
            break
        offset += int(number.text or 0)
    else:
        return
    old = int(number.text or 0)
    entries = list(titles)
    names = list(package.sheets())
    if offset + old > len(entries) or [e.text for e in entries[offset:offset + old]] == names:
        return
    for entry in entries[offset:offset + old]:
        titles.remove(entry)
    for index, sheet in enumerate(names):
        element = etree.Element(_q(VT_NS, "lpstr"))
        element.text = sheet
        titles.insert(offset + index, element)
    number.text = str(len(names))
    titles.set("size", str(len(titles)))
    package.put(part, xml_bytes(root))


def _code_name(package: _Package, part: str) -> str | None:
    data = package.read(part)
    if data is None:
        return None
    properties = etree.fromstring(data).find(_q(MAIN, "sheetPr"))
    return properties.get("codeName") if properties is not None else None


def _assign_code_names(package: _Package, parts: dict[str, str]) -> dict[str, str]:
    """Sheet name → VBA code name for the owned sheets being written (``parts``: name → part).

    A sheet keeps the code name it has; a new one gets the next ``SheetN``, and the
    workbook's VBA project gets its document module, as Excel would add on saving, so
    Excel finds the project consistent. Only a project this tool compiled is rewritten
    (:func:`budget_addin.files.vba.add_document_modules`); with any other project, or
    none (.xlsx), the sheets get no code name and the project is left byte for byte.
    """
    project_part = package.workbook_rel(REL_VBA_PROJECT)
    project = package.read(project_part) if project_part else None
    if project_part is None or project is None:
        return {}
    found = vba.read_project(project)
    if found is None:
        return {}
    taken = set(found.sheet_codenames) | {c for p in (part for _, part in package.sheets().values())
                                         if (c := _code_name(package, p))}
    numbers = [int(m.group(1)) for name in taken if (m := _CODE_NAME.fullmatch(name))]
    next_number = max(numbers, default=0) + 1
    names: dict[str, str] = {}
    for sheet, part in parts.items():
        kept = _code_name(package, part)
        if kept and kept in found.sheet_codenames:
            names[sheet] = kept
            continue
        while f"Sheet{next_number}" in taken:
            next_number += 1
        names[sheet] = f"Sheet{next_number}"
        taken.add(names[sheet])
    wanted = [name for name in names.values() if name not in found.sheet_codenames]
    if wanted:
        package.put(project_part, vba.compile_vba_project(
            found.modules, found.sheet_codenames + wanted, found.workbook_code))
    return names


def write_sheets(package: bytes, specs: Sequence[SheetSpec]) -> bytes:
    """A copy of the ``.xlsm``/``.xlsx`` package with these owned sheets written (replaced or appended)."""
    for spec in specs:
        if spec.name not in OWNED_SHEETS:
            raise ValueError(f"“{spec.name}”不是工具生成的工作表，不能覆盖")
    pkg = _Package(package)
    styles_part = pkg.workbook_rel(REL_STYLES)
    if styles_part is None:
        raise ValueError("工作簿缺少样式部件 xl/styles.xml")
    styles = Styles(pkg.members[styles_part])
    existing = pkg.sheets()
    sheets_node = pkg.workbook.find(_q(MAIN, "sheets"))
    assert sheets_node is not None
    code_names = _assign_code_names(pkg, {s.name: existing[s.name][1] if s.name in existing else "" for s in specs})
    replaced_ids: set[str] = set()
    for spec in specs:  # first forget the old drawings, so part numbers are allocated as in a fresh run
        if spec.name in existing:
            element, part = existing[spec.name]
            replaced_ids.add(element.get("sheetId", ""))
            pkg.remove_dependents(part)
    for spec in specs:
        if spec.name in existing:
            part = existing[spec.name][1]
        else:
            part = pkg.new_part(r"xl/worksheets/sheet(\d+)\.xml", "xl/worksheets/sheet{}.xml")
            used_ids = {r.get("Id") for r in pkg.workbook_rels.iter(_q(PKG_REL, "Relationship"))}
            rel_id = next(f"rId{n}" for n in range(1, len(used_ids) + 2) if f"rId{n}" not in used_ids)
            etree.SubElement(pkg.workbook_rels, _q(PKG_REL, "Relationship"), Id=rel_id, Type=REL_WORKSHEET,
                             Target=relative(pkg.workbook_part, part))
            sheet_id = max((int(s.get("sheetId", "0")) for s in sheets_node), default=0) + 1
            etree.SubElement(sheets_node, _q(MAIN, "sheet"), {"name": spec.name, "sheetId": str(sheet_id),
                                                              _q(REL, "id"): rel_id})
        drawing_rel = None
        if spec.charts:
            drawing = pkg.new_part(r"xl/drawings/drawing(\d+)\.xml", "xl/drawings/drawing{}.xml")
            cells = {rc: cell for rc, cell in sheet_cells(spec).items()}
            chart_rels = []
            chart_parts = []
            for index, chart in enumerate(spec.charts, start=1):
                chart_part = pkg.new_part(r"xl/charts/chart(\d+)\.xml", "xl/charts/chart{}.xml")
                pkg.put(chart_part, chart_xml(chart, spec.name, cells), CT_CHART)
                chart_parts.append(chart_part)
                chart_rels.append(f"rId{index}")
            pkg.put(drawing, drawing_xml(spec, chart_rels), CT_DRAWING)
            pkg.put(rels_name(drawing), _rels_xml(
                (rel, REL_CHART, relative(drawing, chart_part)) for rel, chart_part in zip(chart_rels, chart_parts, strict=True)))
            pkg.put(rels_name(part), _rels_xml([("rId1", REL_DRAWING, relative(part, drawing))]))
            drawing_rel = "rId1"
        pkg.put(part, worksheet_xml(spec, styles, drawing_rel, code_names.get(spec.name)), CT_WORKSHEET)
    _drop_calc_chain_entries(pkg, replaced_ids)
    pkg.put(styles_part, styles.xml())
    _update_app_titles(pkg)
    return pkg.finish()


__all__ = ["write_sheets", "read_members", "xml_bytes", "worksheet_xml", "chart_xml", "drawing_xml", "sheet_cells", "Styles", "location"]
