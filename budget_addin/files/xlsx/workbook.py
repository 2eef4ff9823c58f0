"""The headless writer: summary sheets written into a workbook package (:func:`write_sheets`).

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

import io
import re
import zipfile
from collections.abc import Iterable, Sequence

from lxml import etree

from budget_addin.core.schema import OWNED_SHEETS
from budget_addin.files import vba
from budget_addin.files.package import rewrite
from budget_addin.files.parts import rels_name, resolve
from budget_addin.files.xlsx.base import (
    CT_CHART,
    CT_DRAWING,
    CT_WORKSHEET,
    EXT_NS,
    MAIN,
    PKG_REL,
    REL,
    REL_CALC_CHAIN,
    REL_CHART,
    REL_DRAWING,
    REL_OFFICE_DOCUMENT,
    REL_STYLES,
    REL_VBA_PROJECT,
    REL_WORKSHEET,
    TYPES,
    VT_NS,
    qname,
    xml_bytes,
)
from budget_addin.files.xlsx.charts import chart_xml
from budget_addin.files.xlsx.drawings import drawing_xml
from budget_addin.files.xlsx.relationships import relationships, relative, rels_xml
from budget_addin.files.xlsx.styles import Styles
from budget_addin.files.xlsx.worksheet import sheet_cells, worksheet_xml
from budget_addin.summaries.specs import SheetSpec

_CODE_NAME = re.compile(r"Sheet(\d+)")


def read_members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def sheet_names_by_part(members: dict[str, bytes]) -> dict[str, str]:
    """Worksheet part → sheet name, from the members of a package (none when it has no workbook part)."""
    workbook, rels = members.get("xl/workbook.xml"), members.get("xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return {}
    targets = {r.get("Id"): resolve("xl/workbook.xml", r.get("Target", ""))
               for r in etree.fromstring(rels, _PARSER).iter(qname(PKG_REL, "Relationship"))}
    r_id = qname(REL, "id")
    sheets = etree.fromstring(workbook, _PARSER).iter(qname(MAIN, "sheet"))
    return {targets[s.get(r_id)]: s.get("name", "") for s in sheets if s.get(r_id) in targets}


def _next_number(existing: Iterable[str], pattern: str) -> int:
    numbers = [int(m.group(1)) for name in existing if (m := re.fullmatch(pattern, name))]
    return max(numbers, default=0) + 1


class _Package:
    """The members of a package and the edits made to them."""

    def __init__(self, package: bytes) -> None:
        self.original = package
        self.members = read_members(package)
        self.changes: dict[str, bytes | None] = {}
        office = next((r for r in relationships(self.members.get("_rels/.rels"))
                       if r.get("Type") == REL_OFFICE_DOCUMENT), None)
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
        for node in self.types.iter(qname(TYPES, "Override")):
            if node.get("PartName") == "/" + part:
                node.set("ContentType", content_type)
                return
        etree.SubElement(self.types, qname(TYPES, "Override"), PartName="/" + part, ContentType=content_type)

    def workbook_rel(self, rel_type: str) -> str | None:
        for rel in self.workbook_rels.iter(qname(PKG_REL, "Relationship")):
            if rel.get("Type") == rel_type:
                return resolve(self.workbook_part, rel.get("Target", ""))
        return None

    def sheets(self) -> dict[str, tuple[etree._Element, str]]:
        """Sheet name → (its ``<sheet>`` element, its part name)."""
        targets = {r.get("Id"): r.get("Target", "") for r in self.workbook_rels.iter(qname(PKG_REL, "Relationship"))}
        return {s.get("name", ""): (s, resolve(self.workbook_part, targets.get(s.get(qname(REL, "id")), "")))
                for s in self.workbook.iter(qname(MAIN, "sheet"))}

    def remove_dependents(self, part: str) -> None:
        """Remove the parts only ``part`` reaches through its relationships (drawings, charts, comments…)."""
        reached: list[str] = []
        stack = [part]
        while stack:
            source = stack.pop()
            for rel in relationships(self.read(rels_name(source))):
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
                still_used |= {resolve(source, r.get("Target", "")) for r in relationships(self.read(name))}
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
        for node in list(self.types.iter(qname(TYPES, "Override"))):
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
    for rel in list(package.workbook_rels.iter(qname(PKG_REL, "Relationship"))):
        if rel.get("Type") == REL_CALC_CHAIN:
            package.workbook_rels.remove(rel)


def _update_app_titles(package: _Package) -> None:
    """Keep the worksheet titles of docProps/app.xml in step with the workbook (other titles untouched)."""
    part = "docProps/app.xml"
    data = package.read(part)
    if data is None:
        return
    root = etree.fromstring(data)
    pairs = root.find(f"{qname(EXT_NS, 'HeadingPairs')}/{qname(VT_NS, 'vector')}")
    titles = root.find(f"{qname(EXT_NS, 'TitlesOfParts')}/{qname(VT_NS, 'vector')}")
    if pairs is None or titles is None:
        return
    variants = list(pairs)
    offset = 0
    for label, count in zip(variants[::2], variants[1::2], strict=False):
        name, number = label.find(qname(VT_NS, "lpstr")), count.find(qname(VT_NS, "i4"))
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
        element = etree.Element(qname(VT_NS, "lpstr"))
        element.text = sheet
        titles.insert(offset + index, element)
    number.text = str(len(names))
    titles.set("size", str(len(titles)))
    package.put(part, xml_bytes(root))


def _code_name(package: _Package, part: str) -> str | None:
    data = package.read(part)
    if data is None:
        return None
    properties = etree.fromstring(data).find(qname(MAIN, "sheetPr"))
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
    sheets_node = pkg.workbook.find(qname(MAIN, "sheets"))
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
            used_ids = {r.get("Id") for r in pkg.workbook_rels.iter(qname(PKG_REL, "Relationship"))}
            rel_id = next(f"rId{n}" for n in range(1, len(used_ids) + 2) if f"rId{n}" not in used_ids)
            etree.SubElement(pkg.workbook_rels, qname(PKG_REL, "Relationship"), Id=rel_id, Type=REL_WORKSHEET,
                             Target=relative(pkg.workbook_part, part))
            sheet_id = max((int(s.get("sheetId", "0")) for s in sheets_node), default=0) + 1
            etree.SubElement(sheets_node, qname(MAIN, "sheet"), {"name": spec.name, "sheetId": str(sheet_id),
                                                              qname(REL, "id"): rel_id})
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
            pkg.put(rels_name(drawing), rels_xml(
                (rel, REL_CHART, relative(drawing, chart_part))
                for rel, chart_part in zip(chart_rels, chart_parts, strict=True)))
            pkg.put(rels_name(part), rels_xml([("rId1", REL_DRAWING, relative(part, drawing))]))
            drawing_rel = "rId1"
        pkg.put(part, worksheet_xml(spec, styles, drawing_rel, code_names.get(spec.name)), CT_WORKSHEET)
    _drop_calc_chain_entries(pkg, replaced_ids)
    pkg.put(styles_part, styles.xml())
    _update_app_titles(pkg)
    return pkg.finish()
