"""The styles part (``xl/styles.xml``): cell formats appended, an equal one already there reused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from lxml import etree

from budget_addin.files.xlsx.base import MAIN, qname, xml_bytes
from budget_addin.summaries.specs import GENERAL

BUILTIN_NUMBER_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}


def _argb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


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
        found = self.root.find(qname(MAIN, tag))
        if found is not None:
            return found
        element = etree.Element(qname(MAIN, tag))
        for later in before:
            anchor = self.root.find(qname(MAIN, later))
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
        used = [int(n.get("numFmtId", "0")) for n in section.iter(qname(MAIN, "numFmt"))]
        for node in section.iter(qname(MAIN, "numFmt")):
            if node.get("formatCode") == code:
                return int(node.get("numFmtId", "0"))
        number = max([163, *used]) + 1
        etree.SubElement(section, qname(MAIN, "numFmt"), numFmtId=str(number), formatCode=code)
        section.set("count", str(len(used) + 1))
        return number

    def _font(self, font: Font) -> int:
        element = etree.Element(qname(MAIN, "font"))
        if font.bold:
            etree.SubElement(element, qname(MAIN, "b"))
        if font.underline:
            etree.SubElement(element, qname(MAIN, "u"))
        etree.SubElement(element, qname(MAIN, "sz"), val=f"{font.size:g}")
        if font.colour:
            etree.SubElement(element, qname(MAIN, "color"), rgb=_argb(font.colour))
        else:
            etree.SubElement(element, qname(MAIN, "color"), theme="1")
        etree.SubElement(element, qname(MAIN, "name"), val=font.name)
        etree.SubElement(element, qname(MAIN, "charset"), val="134")  # GB2312
        return self._find_or_append(self._section("fonts", ("fills",)), element)

    def _fill(self, colour: str | None) -> int:
        if colour is None:
            return 0
        element = etree.Element(qname(MAIN, "fill"))
        pattern = etree.SubElement(element, qname(MAIN, "patternFill"), patternType="solid")
        etree.SubElement(pattern, qname(MAIN, "fgColor"), rgb=_argb(colour))
        etree.SubElement(pattern, qname(MAIN, "bgColor"), indexed="64")
        return self._find_or_append(self._section("fills", ("borders",)), element)

    def _border(self, thin: bool) -> int:
        if not thin:
            return 0
        element = etree.Element(qname(MAIN, "border"))
        for side in ("left", "right", "top", "bottom"):
            edge = etree.SubElement(element, qname(MAIN, side), style="thin")
            etree.SubElement(edge, qname(MAIN, "color"), rgb="FFA6A6A6")
        etree.SubElement(element, qname(MAIN, "diagonal"))
        return self._find_or_append(self._section("borders", ("cellStyleXfs",)), element)

    def index(self, style: CellStyle) -> int:
        """The ``s`` attribute for a cell of this style."""
        if style in self._cache:
            return self._cache[style]
        element = etree.Element(qname(MAIN, "xf"), {
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
        etree.SubElement(element, qname(MAIN, "alignment"), alignment)
        number = self._find_or_append(self._section("cellXfs", ("cellStyles", "dxfs")), element)
        self._cache[style] = number
        return number

    def xml(self) -> bytes:
        return xml_bytes(self.root)
