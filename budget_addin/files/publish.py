"""The publication copy (导出发布版): every formula replaced by its value, no macros, no ribbon.

For reviewers and WPS users without the add-in. Done at zip level rather than
with openpyxl, so cell formats, column widths, merged cells and the summary
charts all survive: each ``<f>`` is dropped and the cached value kept (a
formula text result becomes an inline string); ``xl/vbaProject.bin``, the
ribbon part and the calculation chain are removed; the workbook's content type
becomes that of an ``.xlsx``.

The input is read as a workbook first (so a renamed Word file, a PDF or a part
with a DOCTYPE is refused, not copied). A formula saved without a cached value
(files written by a program that does not calculate) gets the value the check
engine computes for that cell; a value that is not a finite number, or text
with characters XML forbids, is never copied. Each of these is said in a note.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from lxml import etree

from budget_addin.core.numbers import NumberError, stored_number
from budget_addin.files.grid import ReadError, read_grid, refuse_doctypes, split_cell_ref
from budget_addin.files.guards import output
from budget_addin.files.package import RIBBON_REL_TYPE, atomic_write, rewrite
from budget_addin.files.sheetxml import MAIN, PKG_REL, TYPES, read_members, rels_name, resolve, xml_bytes

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VBA_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_CALC_CHAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_C, _F, _V, _IS, _T = (f"{{{MAIN}}}{tag}" for tag in ("c", "f", "v", "is", "t"))
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

Computed = dict[tuple[int, int], object]  # (row, col) → the engine's value of a formula cell


class Tally:
    """What publishing had to do beyond copying, counted per kind for the notes."""

    def __init__(self) -> None:
        self.computed = self.blank = self.non_finite = 0


def _fill(cell: etree._Element, value: object) -> bool:
    """Write an engine value into a cell that had no cached value; False when there is none to write."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if not number.is_finite():
            return False
        cell.attrib.pop("t", None)
        etree.SubElement(cell, _V).text = format(number.normalize(), "f") if number == number.to_integral_value() else str(number)
        return True
    text = _XML_FORBIDDEN.sub("", str(value))
    if not text:
        return False
    cell.set("t", "inlineStr")
    etree.SubElement(etree.SubElement(cell, _IS), _T).text = text
    return True


def values_only(sheet_xml: bytes, computed: Computed | None = None, tally: Tally | None = None) -> bytes | None:
    """A worksheet part with every formula replaced by its cached value (None when nothing changed).

    A formula without a cached value takes its value from ``computed`` when the engine knows it,
    else the cell is left empty; a stored number that is not finite is dropped.
    """
    root = etree.fromstring(sheet_xml, _PARSER)
    computed = computed or {}
    tally = tally or Tally()
    changed = False
    for cell in root.iter(_C):
        value = cell.find(_V)
        if value is not None and cell.get("t", "n") == "n" and value.text is not None:
            try:
                stored_number(value.text)
            except NumberError:
                cell.remove(value)
                tally.non_finite += 1
                changed = True
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
            position = split_cell_ref(cell.get("r") or "")
            if position is not None and _fill(cell, computed.get(position)):
                tally.computed += 1
            else:
                tally.blank += 1
    return xml_bytes(root) if changed else None


def engine_values(src: Path) -> dict[str, Computed]:
    """Sheet name → the engine's value of every computed cell of the input tables (reads ``src``)."""
    from budget_addin.core.model import formula_template
    from budget_addin.core.schema import TABLES_BY_KEY
    from budget_addin.files.reader import read_sheets
    from budget_addin.files.summarize import read_all

    book = read_sheets(read_all(src), str(src)).book
    values: dict[str, Computed] = {}
    for (table, row, col), ref in book._refs.items():  # the reader's addresses
        if formula_template(TABLES_BY_KEY[table], row, col) is None:
            continue
        sheet, _, address = ref.rpartition("!")
        position = split_cell_ref(address)
        if position is not None:
            try:
                values.setdefault(sheet, {})[position] = book.value(table, row, col)
            except Exception:  # a formula the engine cannot evaluate stays empty
                continue
    return values


def publication_bytes(package: bytes, computed: dict[str, Computed] | None = None, tally: Tally | None = None) -> bytes:
    """The values-only, macro-free ``.xlsx`` package of an ``.xlsm``/``.xlsx`` package."""
    refuse_doctypes(package)
    members = read_members(package)
    computed = computed or {}
    names = _sheet_names_by_part(members)
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
            cleaned = values_only(members[target], computed.get(names.get(target, ""), {}), tally)
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


def _sheet_names_by_part(members: dict[str, bytes]) -> dict[str, str]:
    workbook, rels = members.get("xl/workbook.xml"), members.get("xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return {}
    targets = {r.get("Id"): resolve("xl/workbook.xml", r.get("Target", ""))
               for r in etree.fromstring(rels, _PARSER).iter(f"{{{PKG_REL}}}Relationship")}
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {targets[s.get(r_id)]: s.get("name", "") for s in etree.fromstring(workbook, _PARSER).iter(f"{{{MAIN}}}sheet")
            if s.get(r_id) in targets}


def publish(src: Path, out: Path, notes: list[str] | None = None) -> Path:
    """Write the publication copy of ``src`` to ``out`` (an ``.xlsx``), atomically.

    Raises :class:`~budget_addin.files.guards.Refused` (a ``ValueError``) for an output that is
    the input or not an ``.xlsx``, and ``ReadError`` for an input that is not a readable workbook.
    ``notes`` receives one Chinese sentence per thing done beyond copying.
    """
    src, out = Path(src), Path(out)
    output(out, "xlsx", [src])
    read_grid(src)  # the whole package, within the limits: refuses what is not a sound workbook
    tally = Tally()
    try:
        data = publication_bytes(src.read_bytes(), engine_values(src), tally)
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise ReadError(f"工作簿结构损坏，无法导出发布版：{src}") from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, data)
    if notes is not None:
        if tally.computed:
            notes.append(f"{tally.computed} 个公式单元格没有保存计算结果（文件由不计算公式的程序保存），已填入本程序计算的值")
        if tally.blank:
            notes.append(f"{tally.blank} 个公式单元格没有保存计算结果，本程序也无法计算，已留空：请在 Excel/WPS 中打开、重算并保存后再导出")
        if tally.non_finite:
            notes.append(f"{tally.non_finite} 个单元格的数值无效（非有限数或过大），未写入发布版")
    return out


__all__ = ["publish", "publication_bytes", "values_only"]
