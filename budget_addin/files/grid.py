"""Read the cell grid of an ``.xlsx``/``.xlsm`` straight from its XML parts, within bounds.

The headless adapter: no Excel, no openpyxl object model, only the parts the
reader needs (sheet names, cell values as stored, number formats, merged
ranges). A sheet part up to ``WHOLE_PART_BYTES`` is parsed whole, a bigger one as a
stream, so memory grows with the filled cells, not with the size of the XML. Parts
laid out as Excel writes them are read row by row; any other layout is read element by
element by the reference reader, which gives the same cells (tests/test_grid_fast.py).
Small parts are parsed by the standard library's C ElementTree (plain elements: reading a
cell's tag, attributes and text makes no proxy object, which is most of what lxml costs per
cell); lxml streams big parts and is the reference for everything unusual.

Hostile or broken files are refused before they cost time or memory: the
package is measured against :mod:`budget_addin.files.limits` from its zip
directory alone (part sizes, total, compression ratio, number of parts), a
part with a DOCTYPE is refused (no entity is ever expanded), and every problem
is a :class:`ReadError` with a Chinese message. What is wrong in one cell
(a shared-string index out of range, a malformed reference) is a sheet issue
naming the cell, and the rest is read.
"""

from __future__ import annotations

import errno
import gc
import os
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from lxml import etree

from budget_addin.core.layout import col_letter
from budget_addin.core.numbers import visible
from budget_addin.files.limits import MB, RATIO_FLOOR, Limits, current, describe
from budget_addin.files.parts import resolve

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
M = "{" + NS["m"] + "}"
_C, _V, _F, _SHEET_DATA = M + "c", M + "v", M + "f", M + "sheetData"
HEAD_ROWS = 2  # rows read of a sheet named in read_grid's ``heads``
# parts up to this size (unpacked) are parsed whole: about 15-25 % faster, and the tree takes 15-30 times the XML
WHOLE_PART_BYTES = 2 * MB
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 49: "@"}
MAX_STYLES = 65_536  # Excel allows about 64,000 cell formats per workbook
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_C, _V, _F, _T, _IS, _ROW, _MERGE, _SI, _R = (M + t for t in ("c", "v", "f", "t", "is", "row", "mergeCell", "si", "r"))
_MERGES = M + "mergeCells"
_CELLISH = frozenset((_C, _ROW, _MERGE))
Element = etree._Element | ElementTree.Element  # lxml's (streamed, reference) or the standard library's (small parts)


class ReadError(Exception):
    """A workbook that cannot be read at all; the message is Chinese and says why."""


@dataclass(slots=True)
class RawCell:
    """A cell as stored: value (str for text, str of digits for numbers), type and number format.

    Never changed once read: the grid reader lets equal cells share one object.
    """

    value: str | None
    kind: str  # "n" number, "s" text, "b" bool, "e" error, "f" formula without cached value
    num_format: str = "General"
    formula: str | None = None


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    max_row: int = 0
    formulas_known: bool = True  # False when read through .value only (xlwings), where formulas are not seen
    issues: list[str] = field(default_factory=list)  # cells that could not be read, named ("表!B5：…")
    _anchors: dict[int, list[tuple[int, int, int, int]]] | None = field(default=None, repr=False, compare=False)

    def get(self, row: int, col: int) -> RawCell | None:
        return self.cells.get((row, col))

    def rows(self) -> dict[int, list[int]]:
        """Row number → the columns filled in it, both ascending (one pass over the cells).

        Cells arrive row by row from the XML, so they are taken a run of one row at a time
        (``groupby`` in C, not a Python step per cell); any other order is sorted all the same.
        """
        row_of, col_of = itemgetter(0), itemgetter(1)
        by_row: dict[int, list[int]] = {}
        last, ordered = 0, True
        for row, run in groupby(self.cells, row_of):
            cols = list(map(col_of, run))
            found = by_row.get(row)
            if found is None:
                by_row[row] = cols
                ordered = ordered and row > last
                last = row
            else:
                found.extend(cols)
        for cols in by_row.values():
            cols.sort()
        return by_row if ordered else dict(sorted(by_row.items()))

    def merge_anchor(self, row: int, col: int) -> tuple[int, int] | None:
        """Top-left cell of the merged range holding (row, col), if it is not itself the anchor."""
        if not self.merged:
            return None
        if self._anchors is None:
            self._anchors = _merge_index(self.merged, self.max_row)
        for r1, c1, r2, c2 in self._anchors.get(row, ()):
            if r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1):
                return r1, c1
        return None


class Grid(dict[str, Sheet]):
    """The sheets read from a workbook, by name; ``names`` lists every sheet of the workbook, read or not."""

    def __init__(self, sheets: dict[str, Sheet], names: list[str]) -> None:
        super().__init__(sheets)
        self.names = names


def _merge_index(merged: list[tuple[int, int, int, int]], max_row: int) -> dict[int, list[tuple[int, int, int, int]]]:
    """Merged ranges by row, clipped to the filled rows (cells below the last filled row are never asked for)."""
    index: dict[int, list[tuple[int, int, int, int]]] = {}
    for merge in merged:
        r1, _c1, r2, _c2 = merge
        for row in range(r1, min(r2, max_row) + 1):
            index.setdefault(row, []).append(merge)
    return index


# -- opening the package ------------------------------------------------------------------------

_SIGNATURES = (
    (
        b"\xd0\xcf\x11\xe0",
        "文件已加密或为旧版 .xls/.doc 格式，无法读取：{}（请在 Excel/WPS 中另存为 .xlsx/.xlsm，且不设打开密码）",
    ),
    (b"%PDF", "这是 PDF 文件，不是 Excel 工作簿：{}"),
    (b"{\\rtf", "这是 RTF 文档，不是 Excel 工作簿：{}"),
)


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then (after 22 bytes) the name and extra field lengths


class _Package(zipfile.ZipFile):
    """A package read from a file, whose whole parts are unpacked straight from the file.

    ``zipfile``'s own ``read`` costs about 20 µs of Python per part before any unpacking (a
    workbook has 35 parts to read), and inflates a part whose directory entry understates its
    size in full before finding it wrong. Here a deflated or stored part whose local header and
    name agree with the directory is read with two ``pread`` calls and inflated never past the
    size the directory gives; one whose content then disagrees with its size or CRC-32 raises
    ``BadZipFile``, as ``zipfile`` does, and anything else unusual goes to ``zipfile`` itself.
    """

    def read(self, name: str | zipfile.ZipInfo, pwd: bytes | None = None) -> bytes:
        info = name if isinstance(name, zipfile.ZipInfo) else self.NameToInfo.get(name)
        if info is not None and pwd is None and self.fp is not None and not info.flag_bits & 0x1 \
                and info.compress_type in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
            found = self._direct(info)
            if found is not None:
                return found
        return super().read(name, pwd)

    def _direct(self, info: zipfile.ZipInfo) -> bytes | None:
        name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
        handle = self.fp.fileno()  # type: ignore[union-attr]  # read() checked it is open
        header = os.pread(handle, _LOCAL_HEADER.size + len(name), info.header_offset)
        if len(header) < _LOCAL_HEADER.size:
            return None
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(header)
        if signature != b"PK\x03\x04" or header[_LOCAL_HEADER.size:] != name or name_length != len(name):
            return None
        raw = os.pread(handle, info.compress_size, info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
        if len(raw) != info.compress_size:
            return None  # truncated: zipfile says how
        if info.compress_type == zipfile.ZIP_STORED:
            found = raw
        elif info.file_size == 0:
            found = b""  # zlib reads a limit of 0 as none: a bomb behind a size of 0 is never inflated
        else:
            try:
                found = zlib.decompressobj(-15).decompress(raw, info.file_size)
            except zlib.error:
                return None
        if len(found) == info.file_size and zlib.crc32(found) != info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")  # zipfile's words, without the bomb
        return found if len(found) == info.file_size else None


WORD_PART = "word/document.xml"


def open_package(path: Path, limits: Limits | None = None, expect: str = "xl/workbook.xml") -> zipfile.ZipFile:
    """The zip package of a workbook (or, with ``expect=WORD_PART``, a Word document), measured against
    the limits before any part is unpacked."""
    limits = limits or current()
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        raise ReadError(
            f"这不是普通文件（设备、管道或套接字），不能作为{'文档' if expect == WORD_PART else '工作簿'}读取：{path}"
        )
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            size = handle.seek(0, 2)
    except FileNotFoundError:
        raise ReadError(f"符号链接指向的文件不存在：{path}" if path.is_symlink() else f"找不到文件：{path}") from None
    except PermissionError:
        raise ReadError(f"文件被锁定或没有读取权限：{path}（请关闭正在使用它的程序后重试）") from None
    except IsADirectoryError:
        raise ReadError(f"这是一个文件夹，不是工作簿：{path}") from None
    except OSError as exc:
        why = "符号链接循环（链接最终指回自身）" if exc.errno == errno.ELOOP else exc.strerror or "读写错误"
        raise ReadError(f"无法读取文件：{path}（{why}）") from None
    if expect == WORD_PART:
        return _open_word(path, head, size, limits)
    if size == 0:
        raise ReadError(f"文件是空的（0 字节），不是 Excel 工作簿：{path}")
    for signature, message in _SIGNATURES:
        if head.startswith(signature):
            raise ReadError(message.format(path))
    archive = _zip(path, head, size, limits, f"文件已损坏或不是 Excel 工作簿（.xlsx/.xlsm 应为 zip 格式）：{path}",
                   f"文件已损坏或不是 Excel 工作簿：{path}")
    try:
        check_package(archive, path, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def _open_word(path: Path, head: bytes, size: int, limits: Limits) -> zipfile.ZipFile:
    """A .docx package: the same limits as a workbook's, then its main part must be there."""
    if size == 0:
        raise ReadError(f"文件是空的（0 字节），不是 Word 文档：{path}")
    archive = _zip(path, head, size, limits,
                   f"不是有效的 .docx 文件（应为 zip 格式；旧版 .doc 请另存为 .docx）：{path}",
                   f"文件已损坏或不是 .docx 文件：{path}")
    try:
        check_sizes(archive, path, limits)
        if WORD_PART not in archive.NameToInfo:
            raise ReadError(f"不是 Word 文档（缺少 {WORD_PART}）：{path}")
    except BaseException:
        archive.close()
        raise
    return archive


def _zip(path: Path, head: bytes, size: int, limits: Limits, not_zip: str, broken: str) -> _Package:
    """The zip package at ``path`` once its size and first bytes allow it; ``not_zip`` and ``broken`` say why not."""
    if size > limits.max_file_mb * MB:
        raise ReadError(f"文件过大（{size / MB:.0f} MB），超过{describe('max_file_mb', limits)}：{path}")
    if not head.startswith(b"PK"):
        raise ReadError(not_zip)
    try:
        return _Package(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ReadError(broken) from None


def check_package(archive: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    """Refuse a package past a limit, or one that is not a spreadsheet, from its zip directory alone."""
    infos = check_sizes(archive, path, limits)
    _workbook_kind({info.filename for info in infos}, path)


def check_sizes(archive: zipfile.ZipFile, path: Path, limits: Limits) -> list[zipfile.ZipInfo]:
    """Refuse any zip package (workbook or .docx) past a limit, from its zip directory alone."""
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise ReadError(f"文件包含 {len(infos)} 个部件，超过{describe('max_parts', limits)}：{path}")
    total = 0
    for info in infos:
        if info.file_size > limits.max_part_mb * MB:
            raise ReadError(f"部件 {info.filename} 解压后 {info.file_size / MB:.0f} MB，"
                            f"超过{describe('max_part_mb', limits)}（疑似压缩炸弹）：{path}")
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise ReadError(f"部件 {info.filename} 压缩比 {ratio:.0f} 倍，超过{describe('max_ratio', limits)}"
                            f"（疑似压缩炸弹）：{path}")
        total += info.file_size
    if total > limits.max_total_mb * MB:
        raise ReadError(f"文件解压后共 {total / MB:.0f} MB，超过{describe('max_total_mb', limits)}：{path}")
    return infos


def _workbook_kind(names: set[str], path: Path) -> None:
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise ReadError(f"这是 Word 文档，不是 Excel 工作簿：{path}")
        if "ppt/presentation.xml" in names:
            raise ReadError(f"这是 PowerPoint 演示文稿，不是 Excel 工作簿：{path}")
        if "xl/workbook.bin" in names:
            raise ReadError(f"这是 .xlsb 二进制工作簿，请在 Excel/WPS 中另存为 .xlsx/.xlsm：{path}")
        if "content.xml" in names:
            raise ReadError(f"这是 OpenDocument（WPS/LibreOffice）文件，请另存为 .xlsx/.xlsm：{path}")
        raise ReadError(f"不是 Excel 工作簿（缺少 xl/workbook.xml）：{path}")


_DOCTYPE_MARKS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


SOUND_CHECK_BYTES = 8 * MB  # XML parts up to this size are parsed in full before a command copies them


def refuse_doctypes(package: bytes | zipfile.ZipFile, program: str = "Excel") -> None:
    """Refuse a package any part of which declares a DOCTYPE or (up to 8 MB) is not well-formed XML.

    Called before a command copies or rewrites parts, and on a Word document (``program="Word"``,
    an open archive already measured against the limits) before it is read: Office never writes a
    DOCTYPE, and a DOCTYPE is how entity tricks (external files, billion laughs) travel; a part
    that is not XML (or holds characters XML forbids) would make the copy unreadable.
    """
    import io

    try:
        if isinstance(package, zipfile.ZipFile):
            _refuse_parts(package, program)
        else:
            with zipfile.ZipFile(io.BytesIO(package)) as archive:
                _refuse_parts(archive, program)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError):
        noun = "工作簿" if program == "Excel" else "文档"
        raise ReadError(f"{noun}结构损坏（部件缺失、截断或校验失败）") from None


def _refuse_parts(archive: zipfile.ZipFile, program: str) -> None:
    for info in archive.infolist():
        name = info.filename
        if name.lower().endswith(".bin") or name.endswith("/"):
            continue
        if program != "Excel" and not name.lower().endswith((".xml", ".rels")):
            continue  # a Word document's pictures and fonts are never parsed
        if program != "Excel" and info.file_size > SOUND_CHECK_BYTES:  # a big main part: its DOCTYPE would
            with archive.open(info) as handle:                       # come first (and the stream refuses it)
                data = handle.read(64 * 1024)
        else:
            data = archive.read(info)
        upper = data.upper()
        if any(mark in upper for mark in _DOCTYPE_MARKS):
            raise ReadError(f"部件 {name} 含有 DOCTYPE 声明（{program} 不会写入，可能是恶意文件），已拒绝")
        if name.lower().endswith((".xml", ".rels")) and info.file_size <= SOUND_CHECK_BYTES:
            try:
                etree.fromstring(data, _parser())
            except etree.XMLSyntaxError as exc:
                raise ReadError(f"部件 {name} 不是有效的 XML（第 {exc.lineno} 行附近），文件已损坏") from None


# -- parsing parts ------------------------------------------------------------------------------

_SECURE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_local = threading.local()


def _parser() -> etree.XMLParser:
    """This thread's secure parser, made once (making one costs more than parsing a small part)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(**_SECURE)
    return parser


def _no_doctype(root: etree._Element, part: str) -> None:
    if root.getroottree().docinfo.doctype:
        raise ReadError(f"部件 {part} 含有 DOCTYPE 声明（Excel 不会写入，可能是恶意文件），已拒绝读取")


def read_part(archive: zipfile.ZipFile, part: str) -> etree._Element | None:
    """A small part parsed whole (None when absent); DOCTYPE and malformed XML are refused."""
    try:
        data = archive.read(part)
    except KeyError:
        return None
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"部件 {part} 不是有效的 XML（第 {exc.lineno} 行附近），文件已损坏") from None
    if root is None:
        raise ReadError(f"部件 {part} 是空的，文件已损坏")
    _no_doctype(root, part)
    return root


_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([^\"']*)[\"']")
PLAIN_DEPTH = 200  # levels below an element the plain-tree path looks; deeper is left to lxml (which refuses 256)


def _plain_tree(data: bytes) -> ElementTree.Element | None:
    """A small part parsed by the standard library's C ElementTree; None when lxml must read it.

    Taken only for a part in UTF-8 (as declared, or by default) that holds no DOCTYPE anywhere,
    so no entity can be declared (expat then knows only the five XML ones). A part that is not
    sound XML is None too: the reference reader says what is wrong with it.
    """
    if not data.startswith((b"<", b"\xef\xbb\xbf<")) or b"\x00" in data[:4] or b"<!DOCTYPE" in data:
        return None  # (a NUL among the first bytes: UTF-16 or UTF-32 without a byte-order mark)
    declared = _DECLARED_ENCODING.match(data, 3 if data.startswith(b"\xef") else 0)
    if declared and declared[1].lower() not in (b"utf-8", b"utf8"):
        return None  # another encoding: the two parsers know different names for them (latin-1…)
    try:
        return ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError, LookupError):
        return None


def _plain_holds_cells(element: ElementTree.Element) -> bool:
    """:func:`_holds_cells` of a plain element; raises :class:`_Irregular` past :data:`PLAIN_DEPTH` levels."""
    if not len(element):  # most elements beside the rows (dimension, pageMargins…) hold nothing
        return element.tag in _CELLISH
    stack = [(element, 0)]
    while stack:
        node, depth = stack.pop()
        if node.tag in _CELLISH:
            return True
        if len(node):
            if depth >= PLAIN_DEPTH:
                raise _Irregular
            stack.extend((child, depth + 1) for child in node)
    return False


def parse_stream(handle: IO[bytes], part: str, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """End events of ``tags`` in any part (a workbook's or a Word document's), a DOCTYPE refused."""
    return _stream(handle, part, tags)


def _stream(handle: IO[bytes], part: str, tags: tuple[str, ...]):  # noqa: ANN202 - iterator of elements
    """End events of ``tags`` in a part, refusing a DOCTYPE before the first element is used."""
    checked = False
    for _event, element in etree.iterparse(handle, events=("end",), tag=tags, resolve_entities=False,
                                           no_network=True, load_dtd=False, huge_tree=False):
        if not checked:
            _no_doctype(element, part)
            checked = True
        yield element


def _shared_strings(archive: zipfile.ZipFile, part: str | None, limits: Limits) -> list[str]:
    if part is None or part not in archive.NameToInfo:
        return []
    if archive.NameToInfo[part].file_size <= WHOLE_PART_BYTES:
        strings = _whole_strings(archive, part, limits)
        if strings is not None:
            return strings
    strings: list[str] = []
    with archive.open(part) as handle:
        for si in _stream(handle, part, (_SI,)):
            strings.append(_string(si))
            si.clear()
            if len(strings) > limits.max_cells:
                raise ReadError(f"共享字符串超过{describe('max_cells', limits)}")
    return strings


def _whole_strings(archive: zipfile.ZipFile, part: str, limits: Limits) -> list[str] | None:
    """The shared strings of a small part parsed whole; None when the streamed reader must decide.

    That is a part that is not sound XML, has a DOCTYPE, holds a string other than as a child of
    the root, or nests deeper than :data:`PLAIN_DEPTH` (the streamed reader's answer for those is
    the one kept).
    """
    try:
        root = _plain_tree(archive.read(part))
    except Exception:  # noqa: BLE001 - a part that cannot be unpacked: the streamed reader reports it
        return None
    if root is None or root.tag == _SI or len(list(root.iter(_SI))) != len(root.findall(_SI)):
        return None
    strings: list[str] = []
    try:
        for si in root.iterfind(_SI):
            strings.append(_plain_string(si))
            if len(strings) > limits.max_cells:
                raise ReadError(f"共享字符串超过{describe('max_cells', limits)}")
    except _Irregular:
        return None
    return strings


def _plain_string(si: ElementTree.Element) -> str:
    """:func:`_string` of a plain element: the text of the ``t`` children of the string and of its runs, in order."""
    if len(si) == 1:
        only = si[0]
        if only.tag == _T:
            return only.text or ""
    runs: list[str] = []
    _plain_runs(si, runs, 0)
    return "".join(runs)


def _plain_runs(parent: ElementTree.Element, runs: list[str], depth: int) -> None:
    """The texts of the ``t`` elements under ``parent`` whose parent is an ``si`` or ``r``, in document order."""
    if depth >= PLAIN_DEPTH:
        raise _Irregular
    keep = parent.tag in (_SI, _R)
    for child in parent:
        if keep and child.tag == _T:
            runs.append(child.text or "")
        if len(child):
            _plain_runs(child, runs, depth + 1)


def _string(si: etree._Element) -> str:
    """A shared string: its text and that of its rich-text runs; phonetic guides (rPh) are not part of the value."""
    if len(si) == 1:
        only = si[0]
        if only.tag == _T:  # the common plain string (t elements nested in a t are not text runs)
            return only.text or ""
    return "".join(t.text or "" for t in si.iter(_T) if t.getparent().tag in (_SI, _R))


def _formats(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    root = read_part(archive, part) if part else None
    if root is None:
        return []
    custom: dict[int, str] = {}
    for n in root.iter(M + "numFmt"):
        number = _int(n.get("numFmtId"))
        if number is not None:
            custom[number] = n.get("formatCode", "")
    xfs = root.find(M + "cellXfs")
    result = []
    for xf in xfs if xfs is not None else []:
        number = _int(xf.get("numFmtId")) or 0
        result.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
        if len(result) >= MAX_STYLES:
            break
    return result


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _parts(archive: zipfile.ZipFile) -> tuple[dict[str, str], str | None, str | None]:
    """Sheet name → part name in workbook order, and the shared-strings and styles parts."""
    workbook = read_part(archive, "xl/workbook.xml")
    rels = read_part(archive, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        raise ReadError("缺少 xl/workbook.xml 或其关系部件 xl/_rels/workbook.xml.rels")
    targets: dict[str, str] = {}
    shared = styles = None
    for rel in rels.iter(PKG_REL):
        target = resolve("xl/workbook.xml", rel.get("Target", ""))
        targets[rel.get("Id", "")] = target
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if kind == "sharedStrings":
            shared = target
        elif kind == "styles":
            styles = target
    result: dict[str, str] = {}
    for sheet in workbook.iter(M + "sheet"):
        target = targets.get(sheet.get(REL_NS + "id", ""))
        if target:
            result[sheet.get("name", "")] = target
    return result, shared or "xl/sharedStrings.xml", styles or "xl/styles.xml"


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name, in workbook order."""
    return _parts(archive)[0]


def sheet_names(path: Path) -> list[str]:
    """The sheet names of a workbook, in order (raises ``ReadError`` when it cannot be opened)."""
    with open_package(Path(path)) as archive:
        return list(_guarded(lambda: sheet_paths(archive), Path(path)))


def _guarded(read, path: Path):  # noqa: ANN001, ANN202 - any reading step
    """Run a reading step, turning every failure of a broken package into a Chinese ``ReadError``."""
    try:
        return read()
    except ReadError as exc:
        raise ReadError(f"{exc}：{path}" if str(path) not in str(exc) else str(exc)) from None
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"工作簿结构损坏（XML 无效，第 {exc.lineno} 行附近）：{path}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, NotImplementedError, OSError):
        raise ReadError(f"工作簿结构损坏（部件缺失、截断或校验失败），无法读取：{path}") from None
    except MemoryError:
        raise ReadError(f"文件内容过大，内存不足，无法读取：{path}") from None


def read_grid(path: Path, wanted: set[str] | None = None, heads: set[str] | frozenset[str] = frozenset(),
              limits: Limits | None = None) -> Grid:
    """The sheets of a workbook (only ``wanted`` ones when given).

    Of the sheets in ``heads`` only the first :data:`HEAD_ROWS` rows are read (a summary sheet's
    title and stamp): the parser stops there instead of reading a sheet of thousands of rows.
    """
    limits = limits or current()
    path = Path(path)
    with open_package(path, limits) as archive, no_gc():
        return _guarded(lambda: _read_all(archive, wanted, limits, heads), path)


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cycle collector while millions of acyclic cell objects are made.

    Its full passes over every live object otherwise make reading a long table grow
    faster than the table (they are triggered by allocations, and scan all that was made).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_all(archive: zipfile.ZipFile, wanted: set[str] | None, limits: Limits,
              heads: set[str] | frozenset[str] = frozenset()) -> Grid:
    paths, shared, styles = _parts(archive)
    todo = {name: part for name, part in paths.items() if wanted is None or name in wanted}
    strings = _shared_strings(archive, shared, limits) if todo else []
    styles = _Styles(_formats(archive, styles) if todo else [])
    sheets: dict[str, Sheet] = {}
    budget = [limits.max_cells]
    for name, part in todo.items():
        if part not in archive.NameToInfo:
            raise ReadError(f"工作表“{name}”的部件 {part} 不存在，文件已损坏")
        sheets[name] = _read_sheet(name, archive, part, strings, styles, limits, budget,
                                   HEAD_ROWS if name in heads else None)
    return Grid(sheets, list(paths))


class _Styles:
    """Number formats by style index, and by the text of a cell's ``s`` attribute as met (one lookup per cell)."""

    def __init__(self, formats: list[str]) -> None:
        self.formats = formats
        self.by_text: dict[str | None, str] = {}

    def format(self, style_text: str | None) -> str:
        formats = self.formats
        style = int(style_text) if style_text and style_text.isdigit() and len(style_text) < 10 else 0
        num_format = formats[style] if style < len(formats) else "General"
        if len(self.by_text) < MAX_STYLES:
            self.by_text[style_text] = num_format
        return num_format


_COLUMNS: dict[str, int] = {}


def split_cell_ref(ref: str) -> tuple[int, int] | None:
    """``C5`` or ``c5`` → (5, 3); None for what is not a cell reference."""
    letters = ref.rstrip("0123456789")
    col = _COLUMNS.get(letters)
    digits = ref[len(letters):]
    if col is None or not digits.isascii() or not digits.isdigit() or len(digits) > 7:
        match = _REF.fullmatch(ref.strip())
        if not match:
            return None
        letters, digits = match.groups()
        col = 0
        for ch in letters.upper():
            col = col * 26 + ord(ch) - 64
        if len(_COLUMNS) < 20_000:
            _COLUMNS[match.group(1)] = col
    row = int(digits)
    return (row, col) if row >= 1 else None


def _read_sheet(name: str, archive: zipfile.ZipFile, part: str, strings: list[str], styles: _Styles,
                limits: Limits, budget: list[int], stop_after: int | None = None) -> Sheet:
    """One worksheet part.

    A part laid out as Excel writes it (cells in rows in ``sheetData``, merged ranges in
    ``mergeCells``) is read row by row: parsed whole when small, streamed when big. Anything
    else (a cell elsewhere, a broken or DOCTYPE part, and head reads, which stop early) is read
    by :func:`_read_any`, element by element, whose answer (cells, issues, errors) is the
    reference that the row-by-row reading gives identically.
    """
    if stop_after is None:
        sheet = _read_regular(name, archive, part, strings, styles, limits, budget)
        if sheet is not None:
            return sheet
    with archive.open(part) as handle:
        return _read_any(name, handle, part, strings, styles, limits, budget, stop_after)


def _read_any(name: str, handle: IO[bytes], part: str, strings: list[str], styles: _Styles,
              limits: Limits, budget: list[int], stop_after: int | None = None) -> Sheet:
    """One worksheet part of any layout, streamed: each row is dropped from the tree once its cells are kept.

    Every ``c`` element is a cell wherever it stands, in the order its end tag comes.
    """
    sheet = Sheet(name)
    keeper = _Cells(sheet, strings, styles, limits, budget[0], strict=False)
    last = (0, 0)  # the position of the previous cell
    checked = False
    for _event, element in etree.iterparse(handle, events=("end",), tag=(_C, _ROW, _MERGE), **_SECURE):
        if not checked:  # the DOCTYPE, if any, came before the first element
            _no_doctype(element, part)
            checked = True
        tag = element.tag
        if tag == _C:
            ref = element.get("r")
            if ref is not None:
                position = split_cell_ref(ref)
                if position is None:
                    _bad_ref(sheet, ref)
                    continue
            else:  # position implied: next column of the current row
                parent = element.getparent()
                position = _implied(last, _int(parent.get("r")) if parent is not None else None)
            last = position
            if stop_after is not None and position[0] > stop_after:  # a head read: the rows wanted are done
                break
            keeper.keep(element, position, ref)
        elif tag == _ROW:
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        else:  # mergeCell
            keeper.left = _keep_merge(sheet, element.get("ref"), keeper.left, limits)
    return keeper.finish(budget)


def _bad_ref(sheet: Sheet, ref: str) -> None:
    sheet.issues.append(f"{sheet.name}：单元格引用“{_printable(ref)}”无效，已跳过该单元格")


def _implied(last: tuple[int, int], row_attr: int | None) -> tuple[int, int]:
    """Where a cell without ``r`` stands: the column after the last cell's, in its row's ``r`` when that differs."""
    row, col = last
    if row_attr is not None and row_attr != row:
        row, col = row_attr, 0
    return (row or 1, col + 1)


class _Cells:
    """The one cell decoder of both sheet readers: a cell element at a known position → a kept :class:`RawCell`.

    Checks the position against the limits, reads the value, formula and inline text, decodes the
    value by the cell's type (shared-string index, inline text, number …), lets equal plain cells
    share one object, and counts each cell against the workbook's budget. ``strict`` (the row-by-row
    reader) raises :class:`_Irregular` on a cell, row or merged range inside a cell.
    """

    __slots__ = ("sheet", "cells", "strings", "format_of", "make_format", "limits", "max_rows", "max_columns",
                 "left", "max_row", "bad_strings", "same", "strict")

    def __init__(self, sheet: Sheet, strings: list[str], styles: _Styles, limits: Limits, left: int,
                 strict: bool) -> None:
        self.sheet, self.cells, self.strings, self.limits = sheet, sheet.cells, strings, limits
        self.format_of, self.make_format = styles.by_text, styles.format
        self.max_rows, self.max_columns = limits.max_rows, limits.max_columns
        self.left, self.max_row, self.strict = left, 0, strict
        self.bad_strings: list[str] = []  # cells whose shared-string index points nowhere
        self.same: dict[tuple[str | None, str, str], RawCell] = {}  # one object per repeated plain cell

    def keep(self, element: Element, position: tuple[int, int], ref: str | None) -> None:
        """Keep the cell ``element`` at ``position`` (``ref`` as written, for a message) if it holds anything.

        One call per cell of every workbook read, so it is one function and reads each attribute once.
        """
        row, col = position
        if row > self.max_rows or col > self.max_columns:
            which = "max_rows" if row > self.max_rows else "max_columns"
            raise ReadError(f"工作表“{self.sheet.name}”的单元格 {_printable(ref or '')} "
                            f"超出{describe(which, self.limits)}")
        strict = self.strict
        value = formula = text_run = None
        inline = False
        for child in element:
            tag = child.tag
            if tag == _V:
                value = child.text
            elif tag == _F:
                formula = child.text
            elif tag == _IS:
                inline = True
                first = child[0] if len(child) == 1 else None
                if first is not None and first.tag == _T and not len(first):  # the usual single plain text
                    text_run = first
                    continue
            elif strict and _holds_cells(child):  # extLst, a comment, a cell inside the cell…
                raise _Irregular
            else:
                continue
            if strict and len(child) and _holds_cells(child):  # v, f and is hold only text in any real file
                raise _Irregular
        if value is None and formula is None and not inline:
            return
        kind = element.get("t", "n")
        style_text = element.get("s")
        num_format = self.format_of.get(style_text) or self.make_format(style_text)
        if kind == "n":
            pass
        elif kind == "s":
            if value is not None:
                index = int(value) if value.isdigit() and len(value) < 10 else _int(value)
                if index is None or index >= len(self.strings):
                    self.bad_strings.append(f"{col_letter(col)}{row}")
                    value = None
                    if formula is None:
                        return
                else:
                    value = self.strings[index]
        elif kind == "inlineStr":
            if text_run is not None and len(element) == 1:
                value = text_run.text or ""  # <c><is><t>…</t></is></c>: the one text element of the cell
            else:
                value = "".join(t.text or "" for t in element.iter(_T))
            kind = "s"
        elif kind == "str":
            kind = "s"
        elif kind not in ("b", "e", "d"):
            kind = "n"
        if value is None:
            kind = "f"
        if formula is None:  # cells are never changed once read, so equal plain cells can be one object
            same = self.same
            key = (value, kind, num_format)
            cell = same.get(key)
            if cell is None:
                cell = RawCell(value, kind, num_format)
                if len(same) < SHARED_VALUES:
                    same[key] = cell
        else:
            cell = RawCell(value, kind, num_format, formula)
        self.cells[position] = cell
        if row > self.max_row:
            self.max_row = row
        self.left -= 1
        if self.left < 0:
            raise ReadError(f"工作簿的已填单元格超过{describe('max_cells', self.limits)}")

    def finish(self, budget: list[int]) -> Sheet:
        """The sheet read, its shared-string and merge problems said; the budget left handed back."""
        self.sheet.max_row = self.max_row
        budget[0] = self.left
        return _finish(self.sheet, self.bad_strings, len(self.strings), self.limits)


def _keep_merge(sheet: Sheet, ref: str | None, left: int, limits: Limits) -> int:
    """Keep a merged range (``A1:B2``; an unreadable one is passed over); the cell budget left after it."""
    first, _, last = (ref or "").partition(":")
    start, end = split_cell_ref(first), split_cell_ref(last or first)
    if not (start and end):
        return left
    sheet.merged.append((min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1])))
    if left < 1:  # a merged range costs as much to keep as a cell
        raise ReadError(f"工作簿的单元格与合并区域超过{describe('max_cells', limits)}")
    return left - 1


def _finish(sheet: Sheet, bad_strings: list[str], n_strings: int, limits: Limits) -> Sheet:
    if bad_strings:  # one issue per sheet: a missing sharedStrings part would otherwise yield one per text cell
        shown = "、".join(bad_strings[:5]) + (f" 等 {len(bad_strings)} 个单元格" if len(bad_strings) > 5 else "")
        sheet.issues.append(
            f"{sheet.name}!{shown}：共享字符串编号无效（工作簿共有 {n_strings} 个共享字符串），按空值处理"
        )
    _check_merges(sheet, limits)
    return sheet


class _Irregular(Exception):
    """A sheet part not laid out as Excel writes it: :func:`_read_any` reads it instead."""


def _holds_cells(element: Element) -> bool:
    """Whether an element is, or holds, a cell, a row or a merged range (lxml's or a plain one)."""
    if isinstance(element, etree._Element):
        return next(element.iter(_C, _ROW, _MERGE), None) is not None
    return _plain_holds_cells(element)


def _top(element: etree._Element) -> bool:
    """Whether an element is a child of the root."""
    parent = element.getparent()
    return parent is not None and parent.getparent() is None


def _read_regular(name: str, archive: zipfile.ZipFile, part: str, strings: list[str], styles: _Styles,
                  limits: Limits, budget: list[int]) -> Sheet | None:
    """A sheet part read row by row; None when :func:`_read_any` must read it (see :func:`_read_sheet`)."""
    if archive.NameToInfo[part].file_size <= WHOLE_PART_BYTES:
        try:
            root = _plain_tree(archive.read(part))
        except Exception:  # noqa: BLE001 - a part that cannot be unpacked: _read_any says why
            return None
        if root is None:  # a DOCTYPE, another encoding, or not sound XML: _read_any reads or refuses it
            return None
        try:
            return _take(Sheet(name), _whole_rows(root), strings, styles, limits, budget)
        except _Irregular:
            return None
    seen: list[etree._Element | None] = [None]
    try:
        with archive.open(part) as handle:
            return _take(Sheet(name), _streamed_rows(handle, part, seen), strings, styles, limits, budget)
    except _Irregular:
        return None
    except ReadError:
        # refused at a cell: right unless a cell outside the rows came before it (read first by _read_any)
        if seen[0] is None or _cell_before(seen[0]):
            return None
        raise
    except Exception:  # noqa: BLE001 - broken part: _read_any reports it, after the cells before the break
        return None


def _whole_rows(root: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The rows and merged ranges of a part parsed whole, in document order.

    Raises :class:`_Irregular` on reaching a cell, row or merged range anywhere else.
    """
    if root.tag in (_C, _ROW, _MERGE):
        raise _Irregular
    for child in root:
        tag = child.tag
        if tag == _SHEET_DATA:
            for row in child:
                if row.tag == _ROW:
                    yield row
                elif _holds_cells(row):
                    raise _Irregular
        elif tag == _MERGES:
            for merge in child:
                if merge.tag == _MERGE:
                    if len(merge) and any(_holds_cells(inner) for inner in merge):
                        raise _Irregular
                    yield merge
                elif _holds_cells(merge):
                    raise _Irregular
        elif _holds_cells(child):
            raise _Irregular


def _streamed_rows(handle: IO[bytes], part: str, seen: list[etree._Element | None]) -> Iterator[etree._Element]:
    """The rows and merged ranges of a big part, streamed, each row dropped once read.

    ``seen[0]`` is the element last given. Raises :class:`_Irregular` when a row or merged range
    stands elsewhere than Excel puts it, or a cell outside a row was passed.
    """
    events = etree.iterparse(handle, events=("end",), tag=(_ROW, _MERGE), **_SECURE)
    sheet_data = None
    for _event, element in events:
        if seen[0] is None:  # the DOCTYPE, if any, came before the first element
            _no_doctype(element, part)
        seen[0] = element
        parent = element.getparent()
        if element.tag == _ROW:
            if parent is not sheet_data:
                if parent is None or parent.tag != _SHEET_DATA or not _top(parent):
                    raise _Irregular
                sheet_data = parent
            while parent[0] is not element:  # the rows read before (cleared), and what stood between them
                first = parent[0]
                if first.tag != _ROW and next(first.iter(_C), None) is not None:
                    raise _Irregular
                del parent[0]
            yield element
            element.clear()
        else:  # a merged range: one standing in a row or cell makes that row irregular when it is read
            yield element
    if events.root is not None and next(events.root.iter(_C), None) is not None:  # a cell outside the rows
        raise _Irregular


def _cell_before(element: etree._Element) -> bool:
    """Whether a cell outside the rows read stands before ``element`` (in a streamed part's tree)."""
    node = element
    while True:
        for sibling in node.itersiblings(preceding=True):
            if sibling.tag != _ROW and next(sibling.iter(_C), None) is not None:
                return True
        parent = node.getparent()
        if parent is None:
            return node.tag == _C
        node = parent


_UNSET = -1
MAX_POSITIONS = 20_000  # cell references remembered with their (row, column): a few workbooks' worth, for a batch
_POSITIONS: dict[str, tuple[int, int]] = {}
MAX_UNKNOWN = 1000  # references of a sheet not in the full table before it is no longer consulted for that sheet


def _take(sheet: Sheet, elements: Iterator[Element], strings: list[str], styles: _Styles,
          limits: Limits, budget: list[int]) -> Sheet:
    """The cells of the rows and the merged ranges given, kept in ``sheet`` exactly as :func:`_read_any` keeps them.

    The hot loop of reading a workbook: every lxml call costs (each child, attribute and text read
    makes a Python object), so each is made once. A cell's position comes from a table of the
    references met before (the same ones recur in every workbook of a batch) or from the row's own
    ``r`` when the reference ends with it. Raises :class:`_Irregular` on a cell, row or merged
    range inside a row's other children or inside a cell (``_read_any`` reads those in another order).
    """
    keeper = _Cells(sheet, strings, styles, limits, budget[0], strict=True)
    keep, positions = keeper.keep, _POSITIONS
    max_rows, max_columns = limits.max_rows, limits.max_columns
    known, unknown = positions.get, 0
    last = (0, 0)
    for line in elements:
        if line.tag != _ROW:  # mergeCell
            keeper.left = _keep_merge(sheet, line.get("ref"), keeper.left, limits)
            continue
        row = None  # the row's own r, read when a cell needs it (_Row)
        for element in line:
            if not len(element):  # no value, formula or text: a styled blank, or another empty child of the row
                tag = element.tag
                if tag != _C:
                    if tag in (_ROW, _MERGE):  # a row or merged range inside a row: not Excel's layout
                        raise _Irregular
                    continue
                ref = element.get("r")
                position = known(ref) if ref is not None and known else None
                if position is not None and position[0] <= max_rows and position[1] <= max_columns:
                    last = position  # all a blank can matter for: the column of a next cell without r
                    continue
            elif element.tag != _C:
                if _holds_cells(element):
                    raise _Irregular
                continue
            ref = element.get("r")
            if ref is None:  # position implied: next column of the current row
                row = row or _Row(line)
                position = _implied(last, row.number())
            elif (position := known(ref) if known else None) is None:
                row = row or _Row(line)
                position = row.position(ref)
                if position is None:
                    _bad_ref(sheet, ref)
                    continue
                if known:
                    if len(positions) < MAX_POSITIONS:
                        positions[ref] = position
                    else:
                        unknown += 1
                        if unknown > MAX_UNKNOWN:  # a long table's own references: stop looking them up
                            known = None
            last = position
            keep(element, position, ref)
    return keeper.finish(budget)


class _Row:
    """A row element's own ``r``, read when first needed (most references are in the table of those met before)."""

    __slots__ = ("line", "text", "cut", "row", "attr")

    def __init__(self, line: Element) -> None:
        self.line = line
        self.text: str | None = ""
        self.cut: int | None = None  # minus the length of ``r`` when it is a plain row number (0 when not), once read
        self.row = 0
        self.attr: int | None = _UNSET  # ``r`` read as _read_any reads it for cells without r, once read

    def number(self) -> int | None:
        if self.attr == _UNSET:
            self.attr = _int(self.line.get("r"))
        return self.attr

    def position(self, ref: str) -> tuple[int, int] | None:
        """``ref``'s (row, column): "B12" in row 12 is the known column "B"; anything else is split."""
        if self.cut is None:
            text = self.text = self.line.get("r")
            if text and text.isdigit() and text.isascii() and len(text) < 8 and text[0] != "0":
                self.cut, self.row = -len(text), int(text)
            else:
                self.cut = self.row = 0
        col = _COLUMNS.get(ref[:self.cut]) if self.cut and ref.endswith(self.text) else None
        return (self.row, col) if col else split_cell_ref(ref)


SHARED_VALUES = 100_000  # distinct plain cells remembered per sheet for sharing
TALL_MERGE = 1000  # rows; merged ranges taller than this are few in any real sheet
MAX_TALL_MERGES = 256


def _check_merges(sheet: Sheet, limits: Limits) -> None:
    """Refuse merged ranges whose row index would outgrow the cell limit (giant or countless merges)."""
    if not sheet.merged:
        return
    tall = sum(1 for r1, _c1, r2, _c2 in sheet.merged if r2 - r1 > TALL_MERGE and r1 <= sheet.max_row)
    covered = sum(max(0, min(r2, sheet.max_row) - r1 + 1) for r1, _c1, r2, _c2 in sheet.merged)
    if tall > MAX_TALL_MERGES or covered > limits.max_cells:
        raise ReadError(f"工作表“{sheet.name}”的合并单元格过多或过大（{len(sheet.merged)} 个），"
                        f"超过{describe('max_cells', limits)}")


def _printable(text: str) -> str:
    """Text from the file as a message quotes it: its first 40 characters, invisible ones shown as escapes."""
    return visible(text[:40])
