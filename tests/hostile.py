"""Hostile and careless files, made from the seed workbook by editing its zip package.

Shared by the hostile-input tests and the fuzz test; every helper writes a new file.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

Edit = Callable[[str, bytes], bytes | None]  # (part name, bytes) → new bytes, or None to delete the part

#: Parts of the built seed workbook (see xl/workbook.xml): the sheets the tests edit.
INCOME_SHEET = "xl/worksheets/sheet6.xml"  # 收入支出 (B7: 一般公共预算拨款收入 2792.05)
PROCUREMENT_SHEET = "xl/worksheets/sheet10.xml"  # 政府采购预算
SHARED_STRINGS = "xl/sharedStrings.xml"
WORKBOOK = "xl/workbook.xml"


def repack(source: Path, out: Path, edit: Edit, extra: dict[str, bytes] | None = None) -> Path:
    """Copy the package ``source`` to ``out`` with ``edit`` applied to each part (and ``extra`` parts added)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = edit(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out


def edit_part(part: str, change: Callable[[bytes], bytes | None]) -> Edit:
    """An edit touching one part only."""
    return lambda name, data: change(data) if name == part else data


def set_cell(source: Path, out: Path, part: str, ref: str, xml: str) -> Path:
    """Replace the ``<c r="REF" …>…</c>`` element of a sheet part with ``xml``."""
    pattern = re.compile(rf'<c r="{ref}"(?: [^>]*)?(?:/>|>.*?</c>)'.encode())

    def change(data: bytes) -> bytes:
        new, count = pattern.subn(xml.encode(), data, count=1)
        assert count == 1, f"{ref} not found in {part}"
        return new

    return repack(source, out, edit_part(part, change))


def rename_sheet(source: Path, out: Path, old: str, new: str) -> Path:
    return repack(
        source, out, edit_part(WORKBOOK, lambda d: d.replace(f'name="{old}"'.encode(), f'name="{new}"'.encode()))
    )


def fake_size(path: Path, member: str, size: int) -> Path:
    """Make the zip directory claim ``member`` unpacks to ``size`` bytes (a bomb known only from its header)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    position = 0
    while True:
        central = data.find(b"PK\x01\x02", position)
        assert central >= 0, f"{member} not in the central directory"
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_length] == name:
            struct.pack_into("<I", data, central + 24, size)
            break
        position = central + 4
    path.write_bytes(bytes(data))
    return path
