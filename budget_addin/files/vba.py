"""Compile the add-in's VBA project (``xl/vbaProject.bin``) without Excel.

The project holds the ``ThisWorkbook`` and sheet document modules, the modules
of ``macros/*.bas`` (ribbon callbacks, the ``xlwings_udfs`` wrappers xlwings'
"Import Functions" would write, generated texts and function help) and xlwings'
standalone module ``xlwings``; its only references are the registered type
libraries stdole and Office, never another project or add-in by file path.
The MS-OVBA records come from ``ms_ovba``
(project, module and reference records; dir, PROJECT, PROJECTwm and
_VBA_PROJECT streams), patched or replaced where it falls short:

* ``ms_ovba`` always writes PROJECTCODEPAGE 1252 and reads sources with the
  locale encoding; we store the source as code page 936 (GBK) and write 936.
* ``ms_ovba_crypto`` seeds CMG/DPB/GC from the global ``random``; we use a
  fixed seed so the output is reproducible.
* ``ms_ovba_compression`` 1.0.1 corrupts copy tokens (its maximum match
  length ignores operator precedence), so :func:`compress` implements
  MS-OVBA 2.4.1 compression.
* ``ms_cfb`` 0.0.6 writes scratch files into the working directory and a
  single FAT sector (files over 64 KiB come out truncated), so
  :func:`compound_file` writes the MS-CFB container.

No performance cache is written (``_VBA_PROJECT`` version 0xFFFF), so the VBA
host recompiles the source when the workbook is opened.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import random
import re
import struct
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ms_ovba.Models.Entities.doc_module import DocModule
from ms_ovba.Models.Entities.module_base import ModuleBase
from ms_ovba.Models.Entities.reference import Reference
from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
from ms_ovba.Models.Entities.std_module import StdModule
from ms_ovba.Models.Fields.idSizeField import IdSizeField
from ms_ovba.Models.Fields.libid_reference import LibidReference
from ms_ovba.vbaProject import VbaProject
from ms_ovba.Views.dirStream import DirStream
from ms_ovba.Views.project import Project
from ms_ovba.Views.project_view import ProjectView
from ms_ovba.Views.projectWm import ProjectWm
from ms_ovba_crypto import ms_ovba_crypto

__all__ = [
    "CODE_PAGE",
    "RIBBON_ACTIONS",
    "UDF_MODULE",
    "UDF_VBA_MODULE",
    "XLWINGS_MODULE",
    "compile_vba_project",
    "compound_file",
    "compress",
    "decompress",
    "ProjectSource",
    "add_document_modules",
    "read_project",
    "read_macros",
    "to_crlf",
    "vb_name",
    "xlwings_standalone_module",
]

#: Python functions in ``budget_addin.excel.ribbon`` called by the ribbon buttons.
RIBBON_ACTIONS: tuple[str, ...] = (
    "check_all",
    "clear_marks",
    "make_summaries",
    "make_narrative",
    "export_publication",
    "refresh",
    "show_help",
)

#: Name of the VBA module of xlwings' standalone mode (``xlwings.bas`` in the xlwings package).
XLWINGS_MODULE = "xlwings"
#: Python module whose ``@xw.func`` functions the UDF wrappers call.
UDF_MODULE = "budget_addin.excel.udfs"
#: Name of the VBA module xlwings' "Import Functions" creates.
UDF_VBA_MODULE = "xlwings_udfs"
#: Workbook name handed to xlwings (only its extension matters: .xlsm, not .xlam).
WORKBOOK_NAME = "Changjiang2020.xlsm"

#: Windows code page of the stored source (Simplified Chinese, GBK).
CODE_PAGE = 936
CODEC = "cp936"
#: Fixed project id so builds are reproducible.
PROJECT_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "budget_addin/vbaProject")).upper() + "}"

_WORKBOOK_GUID = uuid.UUID("00020819-0000-0000-C000-000000000046")
_WORKSHEET_GUID = uuid.UUID("00020820-0000-0000-C000-000000000046")
_CRYPTO_SEED = 0x42
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")
_VB_NAME_RE = re.compile(r'^Attribute VB_Name = "([^"]*)"[ \t]*$', re.MULTILINE)
_BUILD_LOCK = threading.Lock()


_STDOLE = LibidReference(
    uuid.UUID("00020430-0000-0000-C000-000000000046"),
    "2.0",
    "0",
    "C:\\Windows\\System32\\stdole2.tlb",
    "OLE Automation",
)
_OFFICE = LibidReference(
    uuid.UUID("2DF8D04C-5BFA-101B-BDE5-00AA0044DE52"),
    "2.0",
    "0",
    "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL",
    "Microsoft Office 16.0 Object Library",
)


# ------------------------------------------------------------------------ helpers


@contextlib.contextmanager
def patched(obj: Any, **values: Any) -> Iterator[None]:
    """Temporarily set attributes on ``obj``."""
    missing = object()
    saved = {name: getattr(obj, name, missing) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                delattr(obj, name)
            else:
                setattr(obj, name, value)


# ------------------------------------------------------------------------ sources


def to_crlf(text: str) -> str:
    """Normalise any mix of CRLF/CR/LF line endings to CRLF."""
    return "\r\n".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def vb_name(source: str) -> str | None:
    """The name in the ``Attribute VB_Name`` line of a module's source, if any."""
    match = _VB_NAME_RE.search(source.replace("\r\n", "\n"))
    return match.group(1) if match else None


def read_macros(folder: Path) -> dict[str, str]:
    """Map module name to source for every ``*.bas`` file in ``folder`` (UTF-8 files)."""
    modules: dict[str, str] = {}
    for path in sorted(Path(folder).glob("*.bas")):
        source = path.read_text(encoding="utf-8-sig")
        name = vb_name(source)
        if name is None:
            raise ValueError(f"{path}: no 'Attribute VB_Name' line")
        if name in modules:
            raise ValueError(f"{path}: duplicate module name {name!r}")
        modules[name] = source
    return modules


def xlwings_standalone_module() -> str:
    """The VBA module ``xlwings`` as xlwings' standalone mode embeds it (``xlwings quickstart
    --standalone``, ``xlwings copy vba``), read from the installed xlwings package.

    It defines ``RunPython`` and ``XLPy`` inside the workbook's own project, so the
    workbook needs no reference to the xlwings add-in.  Its DLL name carries the
    xlwings version, which is why ``setup.py`` pins xlwings to one version.
    """
    spec = importlib.util.find_spec("xlwings")  # located, not imported (it needs pywin32 on Windows)
    if spec is None or spec.origin is None:
        raise RuntimeError("xlwings 未安装：pip install budget_addin 会一并安装")
    return (Path(spec.origin).parent / "xlwings.bas").read_text(encoding="utf-8")


def _code(text: str) -> str:
    """CRLF code for a document module (no attribute lines of its own)."""
    if not text.strip():
        return ""
    code = to_crlf(text.lstrip("\ufeff"))
    if re.search(r"^Attribute ", code, re.MULTILINE):
        raise ValueError("document module code must not carry Attribute lines")
    return code if code.endswith("\r\n") else code + "\r\n"


def _document_source(name: str, base: uuid.UUID) -> str:
    """Source of an empty Excel document module, as Excel stores it."""
    attributes = [
        ("Name", f'"{name}"'),
        ("Base", f'"0{{{str(base).upper()}}}"'),
        ("GlobalNameSpace", "False"),
        ("Creatable", "False"),
        ("PredeclaredId", "True"),
        ("Exposed", "True"),
        ("TemplateDerived", "False"),
        ("Customizable", "True"),
    ]
    return "".join(f"Attribute VB_{key} = {value}\r\n" for key, value in attributes)


def _standard_source(name: str, source: str) -> str:
    """CRLF source of a standard module, with a matching ``Attribute VB_Name`` first."""
    text = to_crlf(source.lstrip("\ufeff"))
    declared = vb_name(text)
    if declared is None:
        text = f'Attribute VB_Name = "{name}"\r\n' + text
    elif declared != name:
        raise ValueError(f"module {name!r} declares VB_Name {declared!r}")
    return text if text.endswith("\r\n") else text + "\r\n"


# -------------------------------------------------------------------- compression


def _longest_match(chunk: bytes, pos: int, max_length: int) -> tuple[int, int]:
    """(offset, length) of the longest, then nearest, earlier match at ``pos``."""
    best = (0, 0)
    length = 3
    limit = min(max_length, len(chunk) - pos)
    while length <= limit:
        # Occurrences may overlap ``pos``: the decompressor copies byte by byte.
        start = chunk.rfind(chunk[pos : pos + length], 0, pos + length - 1)
        if start < 0:
            break
        best = (pos - start, length)
        length += 1
    return best


def _compress_chunk(chunk: bytes) -> bytes:
    """CompressedChunkData for at most 4096 bytes (MS-OVBA 2.4.1.3.7)."""
    out = bytearray()
    pos = 0
    while pos < len(chunk):
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= len(chunk):
                break
            bit_count = max(4, (pos - 1).bit_length()) if pos else 4
            offset, length = _longest_match(chunk, pos, (0xFFFF >> bit_count) + 3)
            if length:
                out += struct.pack("<H", ((offset - 1) << (16 - bit_count)) | (length - 3))
                out[flag_at] |= 1 << bit
                pos += length
            else:
                out.append(chunk[pos])
                pos += 1
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Compress ``data`` into an MS-OVBA CompressedContainer (2.4.1.3.6)."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        chunk = data[start : start + 4096]
        body = _compress_chunk(chunk)
        if len(body) > 4096:  # incompressible: store a raw chunk of exactly 4096 bytes
            if len(chunk) < 4096:
                raise ValueError("a short incompressible final chunk cannot be stored exactly")
            body = chunk
            header = 0x3000 | 0x0FFF
        else:
            header = 0xB000 | (len(body) - 1)
        out += struct.pack("<H", header) + body
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer (2.4.1.3.1), the inverse of :func:`compress`."""
    if not data or data[0] != 0x01:
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos < len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        size = (header & 0x0FFF) + 3
        end = min(pos + size, len(data))
        pos += 2
        if not header & 0x8000:  # raw chunk
            out += data[pos:end]
            pos = end
            continue
        start = len(out)
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                token = struct.unpack_from("<H", data, pos)[0]
                pos += 2
                bit_count = max(4, (len(out) - start - 1).bit_length())
                length = (token & (0xFFFF >> bit_count)) + 3
                offset = (token >> (16 - bit_count)) + 1
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


# ---------------------------------------------------------------- compound file

_SECTOR = 512
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096
_FREESECT, _ENDOFCHAIN, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

StorageTree = dict[str, "bytes | StorageTree"]


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    start: int = _ENDOFCHAIN
    size: int = 0

    def pack(self) -> bytes:
        name = self.name.encode("utf-16-le")
        return struct.pack(
            "<64sHBB3I16sIQQIQ",
            name,
            len(name) + 2 if name else 0,
            self.kind,
            1,  # black: all-black trees satisfy MS-CFB 2.6.4
            self.left,
            self.right,
            self.child,
            b"",
            0,
            0,
            0,
            self.start,
            self.size,
        )


def _padded(data: bytes, size: int) -> bytes:
    return data + b"\x00" * (-len(data) % size)


def _chain(first: int, count: int) -> list[int]:
    return [first + i + 1 for i in range(count - 1)] + [_ENDOFCHAIN] * (count > 0)


def compound_file(tree: StorageTree) -> bytes:
    """A version 3 compound file (MS-CFB) holding ``tree`` (name -> bytes or sub-tree).

    Sibling entries form a balanced, all-black binary search tree; times and
    CLSIDs are zero, so the output depends only on ``tree``.
    """
    entries = _entries(tree)
    streams = [entry for entry in entries if entry.kind == 2]
    mini = [entry for entry in streams if 0 < len(entry.data) < _MINI_CUTOFF]
    big = [entry for entry in streams if len(entry.data) >= _MINI_CUTOFF]

    ministream = bytearray()
    minifat: list[int] = []
    for entry in mini:
        count = -(-len(entry.data) // _MINI_SECTOR)
        entry.start, entry.size = len(minifat), len(entry.data)
        minifat += _chain(len(minifat), count)
        ministream += _padded(entry.data, _MINI_SECTOR)

    n_dir = -(-len(entries) // 4)
    n_minifat = -(-len(minifat) * 4 // _SECTOR)
    n_ministream = -(-len(ministream) // _SECTOR)
    n_big = [-(-len(entry.data) // _SECTOR) for entry in big]
    n_other = n_dir + n_minifat + n_ministream + sum(n_big)
    n_fat = 1
    while n_fat * (_SECTOR // 4) < n_fat + n_other:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("compound file too large for a header-only DIFAT")

    fat = [_FATSECT] * n_fat
    dir_start = len(fat)
    fat += _chain(dir_start, n_dir)
    minifat_start = len(fat) if n_minifat else _ENDOFCHAIN
    fat += _chain(len(fat), n_minifat)
    if ministream:
        entries[0].start, entries[0].size = len(fat), len(ministream)
    fat += _chain(len(fat), n_ministream)
    for entry, count in zip(big, n_big, strict=True):
        entry.start, entry.size = len(fat), len(entry.data)
        fat += _chain(len(fat), count)
    fat += [_FREESECT] * (-len(fat) % (_SECTOR // 4))
    minifat += [_FREESECT] * (-len(minifat) % (_SECTOR // 4))

    directory = b"".join(entry.pack() for entry in entries)
    free_entry = _Entry("", 0, start=0).pack()
    directory += free_entry * (-len(entries) % 4)
    body = [
        struct.pack(f"<{len(fat)}I", *fat),
        directory,
        struct.pack(f"<{len(minifat)}I", *minifat),
        _padded(bytes(ministream), _SECTOR),
        *(_padded(entry.data, _SECTOR) for entry in big),
    ]
    return _header(n_fat, dir_start, minifat_start, n_minifat) + b"".join(body)


def _entries(tree: StorageTree) -> list[_Entry]:
    """The directory entries of ``tree``, the root first, each storage's children a balanced search tree."""
    entries = [_Entry("Root Entry", 5)]

    def add(parent: int, children: StorageTree) -> None:
        ids = []
        for name, value in children.items():
            if len(name) > 31:
                raise ValueError(f"compound file entry name too long: {name!r}")
            if isinstance(value, dict):
                entries.append(_Entry(name, 1, start=0))  # storages start at sector 0
                ids.append(len(entries) - 1)
                add(ids[-1], value)
            else:
                entries.append(_Entry(name, 2, data=value))
                ids.append(len(entries) - 1)
        ids.sort(key=lambda i: (len(entries[i].name), entries[i].name.upper()))

        def balance(span: list[int]) -> int:
            if not span:
                return _NOSTREAM
            middle = len(span) // 2
            node = entries[span[middle]]
            node.left, node.right = balance(span[:middle]), balance(span[middle + 1 :])
            return span[middle]

        entries[parent].child = balance(ids)

    add(0, tree)
    return entries


def _header(n_fat: int, dir_start: int, minifat_start: int, n_minifat: int) -> bytes:
    """The 512-byte header of a version 3 compound file whose FAT sectors come first (all listed in its DIFAT)."""
    difat = list(range(n_fat)) + [_FREESECT] * (109 - n_fat)
    return struct.pack(
        "<8s16sHHHHH6s9I109I",
        bytes.fromhex("D0CF11E0A1B11AE1"), b"",  # signature, CLSID
        0x003E, 0x0003, 0xFFFE, 9, 6, b"",  # minor and major version, byte order, sector shifts, reserved
        0, n_fat, dir_start,  # directory sectors (0 in version 3), FAT sectors, first directory sector
        0, _MINI_CUTOFF,  # transaction signature, mini stream cutoff
        minifat_start, n_minifat, _ENDOFCHAIN, 0,  # the mini FAT; no DIFAT sectors beyond the header's 109
        *difat,
    )


# ------------------------------------------------------------------------ project


class _DirStream(DirStream):
    """ms_ovba's dir stream, with PROJECTCODEPAGE 936 instead of its fixed 1252."""

    def _load_information(self) -> list[Any]:
        records = super()._load_information()
        cp1252 = struct.pack("<HIH", 0x0003, 2, 1252)
        patched = [
            IdSizeField(0x0003, 2, CODE_PAGE) if record.pack("little", CODEC) == cp1252 else record
            for record in records
        ]
        if patched == records:
            raise RuntimeError("ms_ovba no longer writes PROJECTCODEPAGE 1252; review the patch")
        return patched


def _encode(name: str, source: str) -> bytes:
    """Source bytes in code page 936, refusing what VBA could not load."""
    for number, line in enumerate(source.split("\r\n"), 1):
        if len(line) > 1023:
            raise ValueError(f"module {name!r} line {number}: longer than VBA's 1023 characters")
    try:
        return source.encode(CODEC)
    except UnicodeEncodeError as error:
        bad = source[error.start : error.end]
        raise ValueError(f"module {name!r}: {bad!r} is not in code page {CODE_PAGE}") from None


def _check_names(names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if not _NAME_RE.fullmatch(name):
            raise ValueError(f"invalid VBA module name {name!r}")
        if name.lower() in seen:
            raise ValueError(f"duplicate VBA module name {name!r}")
        seen.add(name.lower())


def compile_vba_project(
    modules: dict[str, str],
    sheet_codenames: list[str],
    workbook_code: str = "",
) -> bytes:
    """Build a ``vbaProject.bin`` with ``ThisWorkbook`` (holding ``workbook_code``), one
    empty document module per sheet code name and the given standard modules (name -> source).

    Source is stored in code page 936; the only references are the registered type
    libraries every Excel project has (stdole, Office), so no reference can go
    MISSING on another machine.  Same input, same bytes.
    """
    _check_names(["ThisWorkbook", *sheet_codenames, *modules])
    sources: list[tuple[ModuleBase, str]] = [
        (DocModule("ThisWorkbook"), _document_source("ThisWorkbook", _WORKBOOK_GUID) + _code(workbook_code))
    ]
    sources += [(DocModule(name), _document_source(name, _WORKSHEET_GUID)) for name in sheet_codenames]
    sources += [(StdModule(name), _standard_source(name, text)) for name, text in modules.items()]
    encoded = [(module, _encode(module.name, text)) for module, text in sources]

    project = VbaProject()
    project.codepage_name = CODEC
    project.project_id = PROJECT_ID
    project.add_attribute("VersionCompatible32", "393222000")
    project.include_projectwm()
    project.add_reference(Reference(ReferenceRegistered(_STDOLE), "stdole"))
    project.add_reference(Reference(ReferenceRegistered(_OFFICE), "Office"))
    for module, _ in encoded:
        project.add_module(module)

    with _BUILD_LOCK, patched(ms_ovba_crypto, random=random.Random(_CRYPTO_SEED)):
        project_stream = Project(project).to_bytes()
    vba_storage: StorageTree = {
        # MODULEOFFSET is len(cache) == 0: a module stream is just compressed source.
        module.name: module.cache + compress(data)
        for module, data in encoded
    }
    vba_storage["dir"] = compress(_DirStream(project).to_bytes())
    vba_storage["_VBA_PROJECT"] = ProjectView(project).to_bytes()
    return compound_file({"VBA": vba_storage, "PROJECTwm": ProjectWm(project).to_bytes(), "PROJECT": project_stream})


# ------------------------------------------------------------------ reading back

_PROJECTVERSION = 0x0009  # the one dir record whose size field (4) understates its data (6)


@dataclass(frozen=True)
class ProjectSource:
    """What :func:`compile_vba_project` needs to write a project again."""

    modules: dict[str, str]
    sheet_codenames: list[str]
    workbook_code: str


def _dir_records(data: bytes) -> Iterator[tuple[int, bytes]]:
    pos = 0
    while pos + 6 <= len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == _PROJECTVERSION:
            size = 6
        yield record_id, data[pos + 6 : pos + 6 + size]
        pos += 6 + size


def read_project(project: bytes) -> ProjectSource | None:
    """The modules of a ``vbaProject.bin`` written by :func:`compile_vba_project`, or None.

    None unless compiling what was read gives back exactly ``project``: a project
    Excel saved (with its compiled cache), or one with anything this module does not
    write (forms, classes, other references), is never rewritten.
    """
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(project)) as ole:
            streams = {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}
        records = list(_dir_records(decompress(streams["VBA/dir"])))
        modules: list[tuple[str, bool, str]] = []  # (name, is document, source)
        name, offset, document = None, 0, False
        for record_id, value in records:
            if record_id == 0x001A:  # MODULESTREAMNAME
                name = value.decode(CODEC)
            elif record_id == 0x0031:  # MODULEOFFSET
                offset = struct.unpack("<I", value)[0]
            elif record_id == 0x0022:  # MODULETYPE: document
                document = True
            elif record_id == 0x002B and name is not None:  # end of a module record
                source = decompress(streams[f"VBA/{name}"][offset:]).decode(CODEC)
                modules.append((name, document, source))
                name, offset, document = None, 0, False
    except (OSError, KeyError, ValueError, UnicodeDecodeError, struct.error):
        return None
    if not modules or modules[0][:2] != ("ThisWorkbook", True):
        return None
    header = _document_source("ThisWorkbook", _WORKBOOK_GUID)
    if not modules[0][2].startswith(header):
        return None
    found = ProjectSource(
        modules={name: source for name, document, source in modules if not document},
        sheet_codenames=[name for name, document, _ in modules[1:] if document],
        workbook_code=modules[0][2][len(header):],
    )
    try:
        same = compile_vba_project(found.modules, found.sheet_codenames, found.workbook_code) == project
    except ValueError:
        return None
    return found if same else None


def add_document_modules(project: bytes, codenames: list[str]) -> bytes | None:
    """``project`` with an empty document module for each new sheet code name, or None when
    the project is not one :func:`read_project` can write again (it is then left as it is)."""
    found = read_project(project)
    if found is None:
        return None
    sheets = found.sheet_codenames + [name for name in codenames if name not in found.sheet_codenames]
    return compile_vba_project(found.modules, sheets, found.workbook_code)
