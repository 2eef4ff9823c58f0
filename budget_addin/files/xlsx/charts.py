"""A chart part (bar, column or pie) over a summary sheet's cells, with the values cached for before recalculation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from lxml import etree

from budget_addin.core.layout import quote_sheet
from budget_addin.files.xlsx.base import A_NS, CHART_NS, REL, number_text, qname, xml_bytes
from budget_addin.files.xlsx.worksheet import split_address
from budget_addin.summaries.specs import Chart, Value


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
    props = etree.SubElement(parent, qname(CHART_NS, "txPr"))
    etree.SubElement(props, qname(A_NS, "bodyPr"))
    etree.SubElement(props, qname(A_NS, "lstStyle"))
    paragraph = etree.SubElement(props, qname(A_NS, "p"))
    run = etree.SubElement(etree.SubElement(paragraph, qname(A_NS, "pPr")), qname(A_NS, "defRPr"),
                           sz=str(size), b="1" if bold else "0")
    etree.SubElement(run, qname(A_NS, "latin"), typeface="宋体")
    etree.SubElement(run, qname(A_NS, "ea"), typeface="宋体")
    etree.SubElement(paragraph, qname(A_NS, "endParaRPr"), lang="zh-CN")


def _val(parent: etree._Element, tag: str, value: str) -> etree._Element:
    return etree.SubElement(parent, qname(CHART_NS, tag), val=value)


def _str_ref(parent: etree._Element, formula: str, texts: Sequence[str]) -> None:
    ref = etree.SubElement(parent, qname(CHART_NS, "strRef"))
    etree.SubElement(ref, qname(CHART_NS, "f")).text = formula
    cache = etree.SubElement(ref, qname(CHART_NS, "strCache"))
    _val(cache, "ptCount", str(len(texts)))
    for index, text in enumerate(texts):
        point = etree.SubElement(cache, qname(CHART_NS, "pt"), idx=str(index))
        etree.SubElement(point, qname(CHART_NS, "v")).text = text


def _num_ref(parent: etree._Element, formula: str, values: Sequence[Value], code: str) -> None:
    ref = etree.SubElement(parent, qname(CHART_NS, "numRef"))
    etree.SubElement(ref, qname(CHART_NS, "f")).text = formula
    cache = etree.SubElement(ref, qname(CHART_NS, "numCache"))
    etree.SubElement(cache, qname(CHART_NS, "formatCode")).text = code
    _val(cache, "ptCount", str(len(values)))
    for index, value in enumerate(values):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            point = etree.SubElement(cache, qname(CHART_NS, "pt"), idx=str(index))
            etree.SubElement(point, qname(CHART_NS, "v")).text = number_text(value)


def _labels(parent: etree._Element, percent: bool, code: str) -> None:
    labels = etree.SubElement(parent, qname(CHART_NS, "dLbls"))
    etree.SubElement(labels, qname(CHART_NS, "numFmt"), formatCode="0.00%" if percent else code, sourceLinked="0")
    etree.SubElement(etree.SubElement(labels, qname(CHART_NS, "spPr")), qname(A_NS, "noFill"))
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

    root = etree.Element(qname(CHART_NS, "chartSpace"), nsmap={"c": CHART_NS, "a": A_NS, "r": REL})
    _val(root, "roundedCorners", "0")
    body = etree.SubElement(root, qname(CHART_NS, "chart"))
    title = etree.SubElement(body, qname(CHART_NS, "title"))
    rich = etree.SubElement(etree.SubElement(title, qname(CHART_NS, "tx")), qname(CHART_NS, "rich"))
    etree.SubElement(rich, qname(A_NS, "bodyPr"))
    paragraph = etree.SubElement(rich, qname(A_NS, "p"))
    props = etree.SubElement(etree.SubElement(paragraph, qname(A_NS, "pPr")), qname(A_NS, "defRPr"), sz="1200", b="1")
    etree.SubElement(props, qname(A_NS, "ea"), typeface="黑体")
    run = etree.SubElement(paragraph, qname(A_NS, "r"))
    run_props = etree.SubElement(run, qname(A_NS, "rPr"), lang="zh-CN", sz="1200", b="1")
    etree.SubElement(run_props, qname(A_NS, "latin"), typeface="黑体")
    etree.SubElement(run_props, qname(A_NS, "ea"), typeface="黑体")
    etree.SubElement(run, qname(A_NS, "t")).text = chart.title
    _val(title, "overlay", "0")
    _val(body, "autoTitleDeleted", "0")
    plot = etree.SubElement(body, qname(CHART_NS, "plotArea"))
    etree.SubElement(plot, qname(CHART_NS, "layout"))
    pie = chart.kind == "pie"
    if pie:
        group = etree.SubElement(plot, qname(CHART_NS, "pieChart"))
        _val(group, "varyColors", "1")
    else:
        group = etree.SubElement(plot, qname(CHART_NS, "barChart"))
        _val(group, "barDir", "bar" if chart.kind == "bar" else "col")
        _val(group, "grouping", "clustered")
        _val(group, "varyColors", "0")
    categories = [str(v) if v is not None else "" for v in values(chart.categories)]
    for index, series in enumerate(chart.series):
        element = etree.SubElement(group, qname(CHART_NS, "ser"))
        _val(element, "idx", str(index))
        _val(element, "order", str(index))
        _str_ref(etree.SubElement(element, qname(CHART_NS, "tx")), _range_ref(sheet, series.name_cell), [series.name])
        if not pie:
            _val(element, "invertIfNegative", "0")
        _labels(element, pie, chart.value_format)
        _str_ref(etree.SubElement(element, qname(CHART_NS, "cat")), _range_ref(sheet, chart.categories), categories)
        _num_ref(etree.SubElement(element, qname(CHART_NS, "val")), _range_ref(sheet, series.values),
                 values(series.values), chart.value_format)
    if pie:
        _val(group, "firstSliceAng", "0")
    else:
        _val(group, "gapWidth", "80")
        _val(group, "axId", "100")
        _val(group, "axId", "200")
        _axes(plot, chart)
    legend = etree.SubElement(body, qname(CHART_NS, "legend"))
    _val(legend, "legendPos", "r" if pie else "b")
    _val(legend, "overlay", "0")
    _text_props(legend, 900)
    _val(body, "plotVisOnly", "1")
    _val(body, "dispBlanksAs", "gap")
    _text_props(root, 900)
    return xml_bytes(root)


def _axes(plot: etree._Element, chart: Chart) -> None:
    horizontal = chart.kind == "bar"
    # horizontal bars: first category on top, as in the table
    category = _axis(plot, "catAx", ("100", "200"), "maxMin" if horizontal else "minMax", "l" if horizontal else "b",
                     "General", "autoZero")
    for tag, value in (("auto", "1"), ("lblAlgn", "ctr"), ("lblOffset", "100"), ("noMultiLvlLbl", "0")):
        _val(category, tag, value)
    value_axis = _axis(plot, "valAx", ("200", "100"), "minMax", "b" if horizontal else "l",
                       "#,##0", "max" if horizontal else "autoZero", gridlines=True)
    _val(value_axis, "crossBetween", "between")


def _axis(plot: etree._Element, tag: str, ids: tuple[str, str], orientation: str, position: str, number_format: str,
          crosses: str, gridlines: bool = False) -> etree._Element:
    """An axis (``ids``: its own and the one it crosses) up to the children its kind adds."""
    axis = etree.SubElement(plot, qname(CHART_NS, tag))
    _val(axis, "axId", ids[0])
    _val(etree.SubElement(axis, qname(CHART_NS, "scaling")), "orientation", orientation)
    _val(axis, "delete", "0")
    _val(axis, "axPos", position)
    if gridlines:
        etree.SubElement(axis, qname(CHART_NS, "majorGridlines"))
    etree.SubElement(axis, qname(CHART_NS, "numFmt"), formatCode=number_format, sourceLinked="0")
    _val(axis, "majorTickMark", "none")
    _val(axis, "minorTickMark", "none")
    _val(axis, "tickLblPos", "nextTo")
    _text_props(axis, 900)
    _val(axis, "crossAx", ids[1])
    _val(axis, "crosses", crosses)
    return axis
