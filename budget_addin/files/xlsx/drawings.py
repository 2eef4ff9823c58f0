"""The drawing part of a worksheet: one graphic frame per chart."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from budget_addin.files.xlsx.base import A_NS, CHART_NS, DRAWING_NS, REL, qname, xml_bytes
from budget_addin.files.xlsx.worksheet import split_address
from budget_addin.summaries.specs import SheetSpec

EMU_PER_POINT = 12700


def drawing_xml(spec: SheetSpec, chart_rels: Sequence[str]) -> bytes:
    """The drawing part holding one graphic frame per chart (one-cell anchors, size in EMU)."""
    root = etree.Element(qname(DRAWING_NS, "wsDr"), nsmap={"xdr": DRAWING_NS, "a": A_NS})
    for number, (chart, rel) in enumerate(zip(spec.charts, chart_rels, strict=True), start=1):
        row, col = split_address(chart.anchor)
        anchor = etree.SubElement(root, qname(DRAWING_NS, "oneCellAnchor"))
        start = etree.SubElement(anchor, qname(DRAWING_NS, "from"))
        for tag, value in (("col", col - 1), ("colOff", 0), ("row", row - 1), ("rowOff", 0)):
            etree.SubElement(start, qname(DRAWING_NS, tag)).text = str(value)
        etree.SubElement(anchor, qname(DRAWING_NS, "ext"), cx=str(int(chart.width * EMU_PER_POINT)),
                         cy=str(int(chart.height * EMU_PER_POINT)))
        frame = etree.SubElement(anchor, qname(DRAWING_NS, "graphicFrame"), macro="")
        names = etree.SubElement(frame, qname(DRAWING_NS, "nvGraphicFramePr"))
        etree.SubElement(names, qname(DRAWING_NS, "cNvPr"), id=str(number + 1), name=f"图表 {number}",
                         descr=chart.title)
        etree.SubElement(names, qname(DRAWING_NS, "cNvGraphicFramePr"))
        transform = etree.SubElement(frame, qname(DRAWING_NS, "xfrm"))
        etree.SubElement(transform, qname(A_NS, "off"), x="0", y="0")
        etree.SubElement(transform, qname(A_NS, "ext"), cx="0", cy="0")
        graphic = etree.SubElement(etree.SubElement(frame, qname(A_NS, "graphic")), qname(A_NS, "graphicData"),
                                   uri=CHART_NS)
        etree.SubElement(graphic, qname(CHART_NS, "chart"), {qname(REL, "id"): rel}, nsmap={"c": CHART_NS, "r": REL})
        etree.SubElement(anchor, qname(DRAWING_NS, "clientData"))
    return xml_bytes(root)
