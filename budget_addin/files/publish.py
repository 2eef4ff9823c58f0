"""The publication copy (导出发布版): every formula replaced by its value, no macros, no ribbon.

For reviewers and WPS users without the add-in. Done at zip level rather than
with openpyxl, so cell formats, column widths, merged cells and the summary
charts all survive: each ``<f>`` is dropped and the cached value kept (a
formula text result becomes an inline string); ``xl/vbaProject.bin``, the
ribbon part and the calculation chain are removed; the workbook's content type
becomes that of an ``.xlsx``.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from budget_addin.files.package import RIBBON_REL_TYPE, atomic_write, rewrite
from budget_addin.files.sheetxml import MAIN, PKG_REL, TYPES, read_members, rels_name, resolve, xml_bytes

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VBA_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_CALC_CHAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_C, _F, _V, _IS, _T = (f"{{{MAIN}}}{tag}" for tag in ("c", "f", "v", "is", "t"))


def values_only(sheet_xml: bytes) -> bytes | None:
    """A worksheet part with every formula replaced by its cached value (None when it has no formula)."""
    root = etree.fromstring(sheet_xml)
    changed = False
    for cell in root.iter(_C):
        formula = cell.find(_F)
        if formula is None:
            continue
        cell.remove(formula)
        changed = True
        value = cell.find(_V)
        if cell.get("t") == "str":  # a formula's text result: keep it as an inline string
            text = "" if value is None else value.text or ""
            if value is not None:
                cell.remove(value)
            if text:
                cell.set("t", "inlineStr")
                etree.SubElement(etree.SubElement(cell, _IS), _T).text = text
            else:
                del cell.attrib["t"]
        elif value is None or value.text is None:
            cell.attrib.pop("t", None)
            if value is not None:
                cell.remove(value)
    return xml_bytes(root) if changed else None


def publication_bytes(package: bytes) -> bytes:
    """The values-only, macro-free ``.xlsx`` package of an ``.xlsm``/``.xlsx`` package."""
    members = read_members(package)
    changes: dict[str, bytes | None] = {}
    root_rels = etree.fromstring(members["_rels/.rels"])
    workbook = "xl/workbook.xml"
    for rel in list(root_rels.iter(f"{{{PKG_REL}}}Relationship")):
        if rel.get("Type") == RIBBON_REL_TYPE:
            changes[resolve("", rel.get("Target", ""))] = None
            root_rels.remove(rel)
        elif rel.get("Type") == REL_OFFICE_DOCUMENT:
            workbook = resolve("", rel.get("Target", ""))
    for name in members:  # the ribbon's images and their relationships
        if name.startswith("customUI/"):
            changes[name] = None
    changes["_rels/.rels"] = xml_bytes(root_rels)

    workbook_rels = etree.fromstring(members[rels_name(workbook)])
    for rel in list(workbook_rels.iter(f"{{{PKG_REL}}}Relationship")):
        target = resolve(workbook, rel.get("Target", ""))
        if rel.get("Type") in {REL_VBA, REL_CALC_CHAIN}:
            changes[target] = None
            workbook_rels.remove(rel)
        elif rel.get("Type") == REL_WORKSHEET and target in members:
            cleaned = values_only(members[target])
            if cleaned is not None:
                changes[target] = cleaned
    changes[rels_name(workbook)] = xml_bytes(workbook_rels)

    types = etree.fromstring(members["[Content_Types].xml"])
    removed = {"/" + name for name, data in changes.items() if data is None}
    left_bins = [n for n in members if n.endswith(".bin") and changes.get(n, b"") is not None]
    for node in list(types):
        if node.tag == f"{{{TYPES}}}Override" and node.get("PartName") in removed:
            types.remove(node)
        elif node.tag == f"{{{TYPES}}}Override" and node.get("PartName") == "/" + workbook:
            node.set("ContentType", XLSX_MAIN)
        elif (node.tag == f"{{{TYPES}}}Default" and node.get("ContentType") == VBA_CONTENT_TYPE
              and not left_bins):
            types.remove(node)
    changes["[Content_Types].xml"] = xml_bytes(types)
    return rewrite(package, changes)


def publish(src: Path, out: Path) -> Path:
    """Write the publication copy of ``src`` to ``out`` (an ``.xlsx``), atomically."""
    src, out = Path(src), Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"发布版应保存为 .xlsx 文件：{out}")
    if out.resolve() == src.resolve():
        raise ValueError("发布版不能覆盖原工作簿，请换一个文件名")
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, publication_bytes(src.read_bytes()))
    return out


__all__ = ["publish", "publication_bytes", "values_only"]
