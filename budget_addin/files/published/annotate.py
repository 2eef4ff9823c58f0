"""An annotated copy of a published PDF: each finding a highlight over the figures it is about.

The annotations are standard PDF highlight annotations (``/Subtype /Highlight``) with the finding
as their ``/Contents`` note, so they show — and can be answered or deleted — in any viewer (Adobe
Reader, WPS, 福昕, a browser's viewer). Pages, text and layout are otherwise unchanged; pdfium
writes the copy as an incremental-free save, and the input file is only read.

Positions are boxes in the page's own coordinates (PDF user space: origin bottom-left), as the
PDF reader's page model gives them for every character; nothing is read twice.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from budget_addin.core.findings import SEVERITY_NAMES, Finding, Spot, TextSpot
from budget_addin.files.grid import ReadError
from budget_addin.files.package import atomic_write

if TYPE_CHECKING:
    from budget_addin.files.published.document import PublishedDocument

Box = tuple[float, float, float, float]  # left, bottom, right, top
AUTHOR = "budget-addin 预算公开审核"
# Severity → RGBA of the highlight: errors red, warnings amber (infos are not drawn).
COLOURS: dict[str, tuple[int, int, int, int]] = {"error": (255, 64, 64, 110), "warning": (255, 184, 0, 110)}
_MODIFY_ANNOTATIONS = 1 << 5  # bit 6 of the permission flags (PDF 32000-1, table 22)


class AnnotateError(ReadError):
    """A PDF that cannot be annotated (encrypted against changes, damaged); the message is Chinese."""


@dataclass(frozen=True)
class Mark:
    """One finding drawn on one page: the boxes of its figures, its severity and its note."""

    page: int  # 1-based
    boxes: tuple[Box, ...]
    severity: str
    note: str
    subject: str = ""  # the rule id, shown as the annotation's subject


def annotate(source: Path, output: Path, marks: Iterable[Mark]) -> int:
    """Write a copy of ``source`` to ``output`` with a highlight per drawable mark; the number drawn.

    Marks of severity ``info`` or without boxes are passed over. Raises :class:`AnnotateError`
    for a PDF whose permissions forbid annotations or that pdfium cannot open.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(str(source))
    except pdfium.PdfiumError as exc:
        raise AnnotateError(f"{source.name} 无法打开，不能生成批注版（{exc}）") from None
    try:
        permissions = raw.FPDF_GetDocPermissions(document.raw) & 0xFFFFFFFF
        if raw.FPDF_GetSecurityHandlerRevision(document.raw) != -1 and not permissions & _MODIFY_ANNOTATIONS:
            raise AnnotateError(f"{source.name} 已加密且禁止添加批注，不能生成批注版；审核结果照常列出")
        drawn = 0
        for mark in marks:
            if mark.severity not in COLOURS or not mark.boxes or not 1 <= mark.page <= len(document):
                continue
            page = document[mark.page - 1]
            try:
                _highlight(raw, page.raw, mark)
            finally:
                page.close()
            drawn += 1
        buffer = io.BytesIO()
        document.save(buffer)
    finally:
        document.close()
    atomic_write(output, buffer.getvalue())
    return drawn


def _highlight(raw: object, page: object, mark: Mark) -> None:
    """One highlight annotation: a quadrilateral per box, the union as its rectangle, the note as contents."""
    annot = raw.FPDFPage_CreateAnnot(page, raw.FPDF_ANNOT_HIGHLIGHT)  # type: ignore[attr-defined]
    if not annot:
        raise AnnotateError("PDF 页面不接受批注")
    try:
        red, green, blue, alpha = COLOURS[mark.severity]
        raw.FPDFAnnot_SetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, red, green, blue, alpha)  # type: ignore[attr-defined]
        for left, bottom, right, top in mark.boxes:
            quad = raw.FS_QUADPOINTSF(left, top, right, top, left, bottom, right, bottom)  # type: ignore[attr-defined]
            raw.FPDFAnnot_AppendAttachmentPoints(annot, ctypes.byref(quad))  # type: ignore[attr-defined]
        left, bottom, right, top = union(mark.boxes)
        raw.FPDFAnnot_SetRect(annot, ctypes.byref(raw.FS_RECTF(left, top, right, bottom)))  # type: ignore[attr-defined]
        raw.FPDFAnnot_SetFlags(annot, raw.FPDF_ANNOT_FLAG_PRINT)  # type: ignore[attr-defined]
        for key, value in (("Contents", mark.note), ("T", AUTHOR), ("Subj", mark.subject or mark.severity)):
            raw.FPDFAnnot_SetStringValue(annot, key.encode("ascii"), _wide(value))  # type: ignore[attr-defined]
    finally:
        raw.FPDFPage_CloseAnnot(annot)  # type: ignore[attr-defined]


def union(boxes: Sequence[Box]) -> Box:
    """The smallest box holding every box."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _wide(text: str) -> ctypes._Pointer[ctypes.c_ushort]:
    """A string as pdfium's FPDF_WIDESTRING: UTF-16LE code units, NUL-terminated."""
    data = (text + "\x00").encode("utf-16-le")
    units = (ctypes.c_ushort * (len(data) // 2)).from_buffer_copy(data)
    return ctypes.cast(units, ctypes.POINTER(ctypes.c_ushort))


@dataclass(frozen=True)
class Annotation:
    """A highlight read back from a PDF: its page, quadrilateral boxes and note."""

    page: int
    boxes: tuple[Box, ...]
    note: str
    colour: tuple[int, int, int]


def read_annotations(path: Path) -> list[Annotation]:
    """The highlight annotations of a PDF, page by page (to verify a written copy)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    found: list[Annotation] = []
    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            for number in range(raw.FPDFPage_GetAnnotCount(page.raw)):
                annot = raw.FPDFPage_GetAnnot(page.raw, number)
                try:
                    if raw.FPDFAnnot_GetSubtype(annot) == raw.FPDF_ANNOT_HIGHLIGHT:
                        found.append(Annotation(index + 1, _quads(raw, annot), _string(raw, annot, "Contents"),
                                                _colour(raw, annot)))
                finally:
                    raw.FPDFPage_CloseAnnot(annot)
            page.close()
    finally:
        document.close()
    return found


def _quads(raw: object, annot: object) -> tuple[Box, ...]:
    boxes = []
    for index in range(raw.FPDFAnnot_CountAttachmentPoints(annot)):  # type: ignore[attr-defined]
        quad = raw.FS_QUADPOINTSF()  # type: ignore[attr-defined]
        raw.FPDFAnnot_GetAttachmentPoints(annot, index, ctypes.byref(quad))  # type: ignore[attr-defined]
        xs, ys = (quad.x1, quad.x2, quad.x3, quad.x4), (quad.y1, quad.y2, quad.y3, quad.y4)
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return tuple(boxes)


def _string(raw: object, annot: object, key: str) -> str:
    size = raw.FPDFAnnot_GetStringValue(annot, key.encode("ascii"), None, 0)  # type: ignore[attr-defined]
    buffer = (ctypes.c_ushort * max(1, size // 2))()
    raw.FPDFAnnot_GetStringValue(annot, key.encode("ascii"), buffer, size)  # type: ignore[attr-defined]
    return bytes(buffer)[: max(0, size - 2)].decode("utf-16-le")


def _colour(raw: object, annot: object) -> tuple[int, int, int]:
    channels = [ctypes.c_uint() for _ in range(4)]
    raw.FPDFAnnot_GetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, *(ctypes.byref(c) for c in channels))  # type: ignore[attr-defined]
    return channels[0].value, channels[1].value, channels[2].value


# -- findings to marks ----------------------------------------------------------------------------


def marks_of(findings: Iterable[Finding], document: PublishedDocument) -> list[Mark]:
    """The marks of a PDF's findings: every error and warning over the figures its spots name, one mark per page
    it touches, the finding as the note. Findings without a spot, and infos, are not drawn."""
    pages = document.pages
    if pages is None:
        return []
    marks = []
    for finding in findings:
        if finding.severity not in COLOURS:
            continue
        by_page: dict[int, list[Box]] = {}
        for spot in finding.spots:
            for page, *box in _boxes(spot, document):
                by_page.setdefault(page, []).append(tuple(box))  # type: ignore[arg-type]
        note = f"[{finding.rule} {SEVERITY_NAMES[finding.severity]}] {finding.message}"
        marks.extend(Mark(page, tuple(boxes), finding.severity, note, finding.rule) for page, boxes in by_page.items())
    return marks


def _boxes(spot: Spot, document: PublishedDocument) -> list[tuple[int, float, float, float, float]]:
    """The page boxes of a spot: the printed lines of a span of a paragraph, or a table cell."""
    pages = document.pages
    assert pages is not None
    if isinstance(spot, TextSpot):
        if spot.paragraph >= len(document.paragraphs):
            return []
        return pages.span_boxes(document.paragraphs[spot.paragraph], spot.start, spot.end)
    if spot.table >= len(document.tables):
        return []
    table = document.tables[spot.table]
    number = table.sheet.removeprefix("表格")
    row = next((r for r in table.rows if r.index == spot.row), None)
    if not number.isdigit() or row is None or not 1 <= int(number) <= len(pages.tables):
        return []
    box = pages.tables[int(number) - 1].boxes.get((row.source_row, spot.column + table.source_col - 1))
    return [box] if box is not None else []
