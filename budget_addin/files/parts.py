"""Part names of an OPC package (.xlsx/.xlsm/.docx): where a relationship points, and where a part's relationships are.

The one resolver of relationship targets for the readers (grid) and the writers (package,
xlsx.workbook, publish), so that a part a command edits or removes is the part Excel reads.
"""

from __future__ import annotations

import posixpath


def resolve(source: str, target: str) -> str:
    """The zip member name of a relationship ``target`` written in the part ``source`` ("" for the package root).

    As RFC 3986 resolves a reference, which is how the package standard (ECMA-376 Part 2) and Excel
    read one: ``/xl/styles.xml`` is absolute, ``../media/a.png`` is relative to the folder of
    ``source``, and a ``..`` above the package root stays at the root (``../../evil.xml`` from
    ``xl/workbook.xml`` is ``evil.xml``), so a target never names anything outside the package.
    """
    if target.startswith("/"):
        return target.lstrip("/")
    folder = source.rsplit("/", 1)[0] if "/" in source else ""
    parts: list[str] = []
    for piece in f"{folder}/{target}".split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def rels_name(part: str) -> str:
    """The relationships part of ``part``: ``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")
