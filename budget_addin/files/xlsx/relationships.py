"""Relationship parts (``_rels/*.rels``): read, written, and the target of one part as seen from another."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from lxml import etree

from budget_addin.files.xlsx.base import PKG_REL, qname, xml_bytes


def relative(source: str, part: str) -> str:
    """The target naming ``part`` in a relationship of ``source``: :func:`budget_addin.files.parts.resolve` inverted."""
    return posixpath.relpath(part, posixpath.dirname(source))


def relationships(xml: bytes | None) -> list[etree._Element]:
    if xml is None:
        return []
    return list(etree.fromstring(xml).iter(qname(PKG_REL, "Relationship")))


def rels_xml(items: Iterable[tuple[str, str, str]]) -> bytes:
    root = etree.Element(qname(PKG_REL, "Relationships"), nsmap={None: PKG_REL})
    for rel_id, rel_type, target in items:
        etree.SubElement(root, qname(PKG_REL, "Relationship"), Id=rel_id, Type=rel_type, Target=target)
    return xml_bytes(root)
