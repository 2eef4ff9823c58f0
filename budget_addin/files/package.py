"""Zip-level edits of .xlsx/.xlsm packages: the ribbon part and the VBA project.

Only the parts concerned are rewritten (with lxml, so namespace prefixes
survive); every other member keeps its name, position and bytes.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Mapping

from lxml import etree

from budget_addin.files.atomic import atomic_write  # the one atomic writer, kept here for its callers
from budget_addin.files.parts import rels_name, resolve

__all__ = [
    "RIBBON_PART",
    "RIBBON_REL_ID",
    "RIBBON_REL_TYPE",
    "add_ribbon",
    "atomic_write",
    "has_ribbon_relationship",
    "restore_ribbon",
    "rewrite",
    "ribbon_xml",
    "vba_project_bytes",
]

RIBBON_PART = "customUI/customUI14.xml"
RIBBON_REL_ID = "rIdRibbon"
#: Relationship type of the Office 2010+ ribbon part (customUI14.xml).
RIBBON_REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2009/07/customui"

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_VBA_REL_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_ROOT_RELS = "_rels/.rels"
_CONTENT_TYPES = "[Content_Types].xml"
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_NEW_MEMBER_DATE = (1980, 1, 1, 0, 0, 0)


# ------------------------------------------------------------------ zip helpers


def _members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def member(package: bytes, name: str) -> bytes:
    """One part of a package, uncompressed."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read(name)


def rewrite(package: bytes, changes: Mapping[str, bytes | None]) -> bytes:
    """Copy ``package`` with members replaced (bytes), removed (None) or appended (new names).

    Untouched members keep their order, bytes, timestamps and compression method.
    """
    pending = dict(changes)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = pending.pop(info.filename) if info.filename in pending else source.read(info)
            if data is None:
                continue
            clone = zipfile.ZipInfo(info.filename, info.date_time)
            clone.compress_type = info.compress_type
            clone.external_attr = info.external_attr
            clone.create_system = info.create_system
            clone.comment = info.comment
            target.writestr(clone, data)
        for name, data in pending.items():
            if data is not None:
                info = zipfile.ZipInfo(name, _NEW_MEMBER_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, data)
    return out.getvalue()


def _xml(root: etree._Element) -> bytes:
    return _DECLARATION + etree.tostring(root, encoding="UTF-8")


def _relationships(members: dict[str, bytes], source_part: str) -> list[etree._Element]:
    data = members.get(rels_name(source_part) if source_part else _ROOT_RELS)
    if data is None:
        return []
    return list(etree.fromstring(data).iter(f"{{{_RELS_NS}}}Relationship"))


def _ribbon_rels(members: dict[str, bytes]) -> list[etree._Element]:
    return [rel for rel in _relationships(members, "") if rel.get("Type") == RIBBON_REL_TYPE]


def _ribbon_part(members: dict[str, bytes]) -> str | None:
    """Member name of the ribbon part: by relationship, else the usual path."""
    for rel in _ribbon_rels(members):
        part = resolve("", rel.get("Target", ""))
        if part in members:
            return part
    return RIBBON_PART if RIBBON_PART in members else None


# ----------------------------------------------------------------------- ribbon


def _set_ribbon(
    members: dict[str, bytes],
    package: bytes,
    part_data: bytes,
    extra: dict[str, bytes | None],
    rel_id: str,
) -> bytes:
    """Install ``part_data`` at RIBBON_PART with one relationship to it."""
    changes: dict[str, bytes | None] = dict(extra)
    changes[RIBBON_PART] = part_data

    root_rels = members.get(_ROOT_RELS)
    if root_rels is None:
        raise ValueError("not an OPC package: no _rels/.rels")
    rels = etree.fromstring(root_rels)
    for rel in list(rels.iter(f"{{{_RELS_NS}}}Relationship")):
        if rel.get("Type") == RIBBON_REL_TYPE:
            old = resolve("", rel.get("Target", ""))
            if old != RIBBON_PART and old in members:
                changes.setdefault(old, None)
                changes.setdefault(rels_name(old), None)
            rels.remove(rel)
    used = {rel.get("Id") for rel in rels.iter(f"{{{_RELS_NS}}}Relationship")}
    new_id, n = rel_id, 1
    while new_id in used:
        n += 1
        new_id = f"{rel_id}{n}"
    etree.SubElement(
        rels,
        f"{{{_RELS_NS}}}Relationship",
        {"Id": new_id, "Type": RIBBON_REL_TYPE, "Target": RIBBON_PART},
    )
    changes[_ROOT_RELS] = _xml(rels)

    types = etree.fromstring(members[_CONTENT_TYPES])
    has_default = any((node.get("Extension") or "").lower() == "xml" for node in types.iter(f"{{{_TYPES_NS}}}Default"))
    has_override = any(node.get("PartName") == "/" + RIBBON_PART for node in types.iter(f"{{{_TYPES_NS}}}Override"))
    if not (has_default or has_override):
        etree.SubElement(
            types,
            f"{{{_TYPES_NS}}}Override",
            {"PartName": "/" + RIBBON_PART, "ContentType": "application/xml"},
        )
        changes[_CONTENT_TYPES] = _xml(types)
    return rewrite(package, changes)


def add_ribbon(package: bytes, customui14_xml: str, parts: Mapping[str, bytes] | None = None) -> bytes:
    """Add (or replace) the Office 2010+ ribbon ``customUI/customUI14.xml``, and replace ``parts`` in the same pass.

    The part is stored as UTF-8 and gets a package relationship ``rIdRibbon``;
    an existing ribbon relationship and its part are replaced, so the result
    of adding the same XML twice is the same bytes.
    """
    root = etree.fromstring(customui14_xml.encode("utf-8"))
    if root.tag != f"{{{CUSTOMUI_NS}}}customUI":
        raise ValueError(f"root element must be customUI in {CUSTOMUI_NS}, got {root.tag}")
    data = _xml(root)
    members = _members(package)
    # A replaced part loses its own relationships (images of the old ribbon).
    stale: dict[str, bytes | None] = {} if members.get(RIBBON_PART) == data else {rels_name(RIBBON_PART): None}
    return _set_ribbon(members, package, data, {**stale, **(parts or {})}, RIBBON_REL_ID)


def ribbon_xml(package: bytes) -> str | None:
    """Text of the ribbon part (found by relationship or at its usual path), or None."""
    members = _members(package)
    part = _ribbon_part(members)
    if part is None:
        return None
    data = members[part]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def has_ribbon_relationship(package: bytes) -> bool:
    """True if ``_rels/.rels`` has a ribbon relationship whose target part exists."""
    members = _members(package)
    return any(resolve("", rel.get("Target", "")) in members for rel in _ribbon_rels(members))


def restore_ribbon(original: bytes, modified: bytes) -> bytes:
    """Put ``original``'s ribbon (part, its images/rels, relationship) back into ``modified``.

    openpyxl's ``keep_vba=True`` keeps ``customUI/`` files but drops the
    relationship from ``_rels/.rels``.  Returns ``modified`` unchanged when
    ``original`` has no ribbon.
    """
    source = _members(original)
    part = _ribbon_part(source)
    if part is None:
        return modified
    folder = posixpath.dirname(part) + "/"
    extra: dict[str, bytes | None] = {
        name: data for name, data in source.items() if name.startswith(folder) and name != part
    }
    if part != RIBBON_PART:  # keep the part's own relationships with it
        extra.pop(rels_name(part), None)
        if rels_name(part) in source:
            extra[rels_name(RIBBON_PART)] = source[rels_name(part)]
    rels = _ribbon_rels(source)
    rel_id = rels[0].get("Id", RIBBON_REL_ID) if rels else RIBBON_REL_ID
    return _set_ribbon(_members(modified), modified, source[part], extra, rel_id)


# -------------------------------------------------------------------------- VBA


def vba_project_bytes(package: bytes) -> bytes | None:
    """The workbook's ``vbaProject.bin`` (found via the workbook's relationships), or None."""
    members = _members(package)
    workbook = next(
        (
            resolve("", rel.get("Target", ""))
            for rel in _relationships(members, "")
            if rel.get("Type") == _OFFICE_DOCUMENT
        ),
        "xl/workbook.xml",
    )
    for rel in _relationships(members, workbook):
        if rel.get("Type") == _VBA_REL_TYPE:
            part = resolve(workbook, rel.get("Target", ""))
            if part in members:
                return members[part]
    return members.get("xl/vbaProject.bin")
