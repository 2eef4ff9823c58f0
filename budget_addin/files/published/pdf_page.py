"""A PDF page as positioned text: characters with their boxes, grouped into lines, and ruling lines.

pypdfium2 (pdfium, C++) gives each character's box: the page's text is fetched in one call and each
character's loose box (the font's full height, so all characters of a line share top and bottom) in one
call per character — about 2 µs a character from Python. Whitespace is not kept as characters: a space
is put back only between two Latin letters or digits that stand apart (LibreOffice and Word leave a gap
between Chinese and digits, which pdfium reports as a space; the text checks expect ``600.61万元``).
Text set at an angle on a page of upright text (a watermark, a stamp) is left out. Ruling lines are the
page's thin path objects (LibreOffice and Word draw table borders as paths; an outlined rectangle gives
its four sides), with the paths inside form objects mapped to the page; other paths are shapes (bars,
slices, cell shading), filled rectangles among them kept apart.

Coordinates are PDF points from the lower left corner of the page as shown: for most pages the PDF's own
coordinates, which annotations use; a page turned for display (``/Rotate``) or whose box does not start at
(0, 0) is read as shown, and :func:`to_user` maps its coordinates back.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from budget_addin.files.grid import ReadError

Box = tuple[int, float, float, float, float]  # page (1-based), x0, y0, x1, y1
RULE_THICKNESS = 3.0  # a path thinner than this (points) is a ruling line
RULE_MIN_LENGTH = 2.0

_SKIPPED = frozenset(" \t\r\n\u3000\xa0\ufeff\u200b")


class PdfError(ReadError):
    """A PDF that cannot be read as text (encrypted, damaged, or scanned without a text layer)."""


@dataclass(slots=True)
class Char:
    """One printed character and its box."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(slots=True)
class Line:
    """Characters on one baseline, left to right: the text as printed and one box per character of it."""

    page: int
    chars: list[Char]
    text: str = ""
    boxes: list[Box] = field(default_factory=list)
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def size(self) -> float:
        """The usual character height of the line (digits in another font do not change it)."""
        heights = sorted(c.y1 - c.y0 for c in self.chars)
        return heights[len(heights) // 2]

    def runs(self, gap: float | None = None) -> list[Line]:
        """The line cut where characters stand more than ``gap`` apart (default: one character height)."""
        limit = self.height if gap is None else gap
        pieces: list[list[Char]] = [[self.chars[0]]]
        for before, char in zip(self.chars, self.chars[1:], strict=False):
            if char.x0 - before.x1 > limit:
                pieces.append([])
            pieces[-1].append(char)
        return [make_line(self.page, chars) for chars in pieces]


@dataclass(slots=True)
class Rule:
    """A ruling line: horizontal (``at`` is its y, from ``start`` to ``end`` in x) or vertical (at x, y range)."""

    horizontal: bool
    at: float
    start: float
    end: float


Rect = tuple[float, float, float, float]  # x0, y0, x1, y1


class Filled(tuple):  # type: ignore[type-arg]
    """The box of a filled rectangle (a path of at most five segments)."""


@dataclass
class Page:
    """One page: its number (1-based), size, characters, ruling lines and other drawn shapes (bars, slices).

    A page the PDF turns for display (``/Rotate``), or whose box does not start at (0, 0), is read as shown:
    upright, from its lower left corner; :func:`to_user` maps such coordinates back to the PDF's own.
    """

    number: int
    width: float
    height: float
    chars: list[Char]
    rules: list[Rule]
    shapes: list[Rect] = field(default_factory=list)
    rotation: int = 0  # degrees clockwise the page is turned for display
    frame: Rect = (0.0, 0.0, 0.0, 0.0)  # the page's box in its own (user) coordinates
    fills: list[Rect] = field(default_factory=list)  # the shapes that are filled rectangles


def to_shown(rotation: int, frame: Rect, box: Rect) -> Rect:
    """A box in the PDF's own coordinates as it stands on the page shown (turned by ``rotation`` degrees, from the
    lower left corner of the page's box ``frame``)."""
    left, bottom, right, top = frame
    x0, y0, x1, y1 = box
    if rotation == 90:
        return top - y1, x0 - left, top - y0, x1 - left
    if rotation == 180:
        return right - x1, top - y1, right - x0, top - y0
    if rotation == 270:
        return y0 - bottom, right - x1, y1 - bottom, right - x0
    return x0 - left, y0 - bottom, x1 - left, y1 - bottom


def moved(rotation: int, frame: Rect) -> bool:
    """Whether a page's coordinates as shown differ from the PDF's own (turned, or not starting at 0, 0)."""
    return bool(rotation) or abs(frame[0]) > 0.01 or abs(frame[1]) > 0.01


def to_user(rotation: int, frame: Rect, box: Rect) -> Rect:
    """The inverse of :func:`to_shown`: a box on the page as shown, in the PDF's own coordinates."""
    left, bottom, right, top = frame
    x0, y0, x1, y1 = box
    if rotation == 90:
        return y0 + left, top - x1, y1 + left, top - x0
    if rotation == 180:
        return right - x1, top - y1, right - x0, top - y0
    if rotation == 270:
        return right - y1, x0 + bottom, right - y0, x1 + bottom
    return x0 + left, y0 + bottom, x1 + left, y1 + bottom


def is_cjk(char: str) -> bool:
    """A Chinese character or full-width punctuation: text that wraps and joins without spaces."""
    return char >= "\u2e80" and not ("\uff10" <= char <= "\uff19" or "\uff21" <= char <= "\uff5a")


def _spaced(before: str, after: str) -> bool:
    """Two characters standing apart are words of Latin text (or figures) that keep a space between them."""
    return before.isascii() and after.isascii() and before not in "([（" and after not in ").,;:%)）"


def make_line(page: int, chars: Sequence[Char]) -> Line:
    """A line from characters of one baseline (sorted here by x); spaces put back between Latin words.

    A character printed twice over itself (bold faked by overprinting, as some office suites do) is read once.
    """
    ordered: list[Char] = []
    for char in sorted(chars, key=lambda c: c.x0):
        last = ordered[-1] if ordered else None
        if last is None or char.text != last.text or char.x0 - last.x0 >= 0.5 * (last.x1 - last.x0):
            ordered.append(char)
    line = Line(page, ordered)
    parts: list[str] = []
    boxes: list[Box] = []
    before: Char | None = None
    for char in ordered:
        if before is not None and char.x0 - before.x1 > 0.12 * (char.y1 - char.y0) and _spaced(before.text, char.text):
            parts.append(" ")
            boxes.append((page, before.x1, char.y0, char.x0, char.y1))
        parts.append(char.text)
        boxes.append((page, char.x0, char.y0, char.x1, char.y1))
        before = char
    line.text = "".join(parts)
    line.boxes = boxes
    line.x0 = min(c.x0 for c in ordered)
    line.x1 = max(c.x1 for c in ordered)
    line.y0 = min(c.y0 for c in ordered)
    line.y1 = max(c.y1 for c in ordered)
    return line


def group_lines(page: int, chars: Sequence[Char]) -> list[Line]:
    """Characters grouped into lines, top to bottom: a character joins the line its middle falls inside."""
    lines: list[list[Char]] = []
    top = bottom = 0.0
    for char in sorted(chars, key=lambda c: -(c.y0 + c.y1)):
        middle = (char.y0 + char.y1) / 2
        if lines and bottom <= middle <= top:
            lines[-1].append(char)
        else:
            lines.append([char])
            top, bottom = char.y1, char.y0
    return [make_line(page, group) for group in lines]


# -- reading the file -------------------------------------------------------------------------------

def open_document(path: Path) -> object:
    """The pdfium document, or a :class:`PdfError` saying in Chinese why it cannot be opened."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise PdfError(f"{path.name} 已加密，无法读取文字：请提供未加密的版本") from None
        raise PdfError(f"{path.name} 不是有效的 PDF 文件或已损坏（{exc}），无法读取文字") from None
    except OSError as exc:
        raise PdfError(f"无法打开 {path.name}（{exc.strerror or exc}）") from None


def read_pages(path: Path) -> list[Page]:
    """Every page of a PDF with its characters and ruling lines; raises :class:`PdfError` with a Chinese reason."""
    import pypdfium2 as pdfium

    from budget_addin.files.limits import LimitExceeded, check_file_size, check_pdf

    try:
        check_file_size(path.stat().st_size)
    except LimitExceeded as exc:
        raise PdfError(f"{path.name}：{exc}") from None
    document = open_document(path)
    pages: list[Page] = []
    chars = 0
    try:
        check_pdf(len(document), 0)  # type: ignore[arg-type]  # before any page is read
        for index in range(len(document)):  # type: ignore[arg-type]
            pages.append(_page(document[index], index + 1))  # type: ignore[index]
            chars += len(pages[-1].chars)
            check_pdf(len(pages), chars)  # stop as soon as the text layer is past its limit
    except LimitExceeded as exc:
        raise PdfError(f"{path.name}：{exc}") from None
    except pdfium.PdfiumError as exc:
        raise PdfError(f"{path.name} 第{len(pages) + 1}页已损坏，无法读取文字（{exc}）") from None
    finally:
        document.close()  # type: ignore[attr-defined]
    if not any(char.text.isalnum() for page in pages for char in page.chars):
        raise PdfError(no_text_layer(path))
    if unmapped_share([char for page in pages for char in page.chars]) > 0.5:
        raise PdfError(f"{path.name} 的文字层无法转换为文字（字体缺少 Unicode 映射，提取出的是乱码）："
                       f"请提供 Word/文本版本，或做文字识别（OCR）")
    return pages


def unmapped_share(chars: Sequence[Char]) -> float:
    """The share of characters a font gave no Unicode for (private-use code points, U+FFFD, control codes)."""
    if not chars:
        return 0.0
    bad = sum(1 for c in chars if "\ue000" <= c.text <= "\uf8ff" or c.text == "\ufffd" or c.text < " ")
    return bad / len(chars)


def no_text_layer(path: Path) -> str:
    """The message for a PDF without text to read (a scan)."""
    return f"{path.name} 没有文字层（可能是扫描件）：请先做文字识别（OCR），或提供 Word/文本版本"


def _page(page: object, number: int) -> Page:
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()  # type: ignore[attr-defined]  # as shown (turned)
    rotation = page.get_rotation() % 360  # type: ignore[attr-defined]
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDF_GetPageBoundingBox(page.raw, box)  # type: ignore[attr-defined]
    frame = (box.left, min(box.bottom, box.top), box.right, max(box.bottom, box.top))
    try:
        chars = _chars(page, math.radians(rotation))
        paths = list(_paths(page))
    finally:
        page.close()  # type: ignore[attr-defined]
    rules = [p for p in paths if isinstance(p, Rule)]
    shapes = [p for p in paths if not isinstance(p, Rule)]
    fills = [p for p in shapes if isinstance(p, Filled)]
    if moved(rotation, frame):
        chars = [Char(c.text, *to_shown(rotation, frame, (c.x0, c.y0, c.x1, c.y1))) for c in chars]
        rules = [_turned(rotation, frame, rule) for rule in rules]
        shapes = [to_shown(rotation, frame, shape) for shape in shapes]
        fills = [to_shown(rotation, frame, shape) for shape in fills]
    return Page(number, width, height, chars, rules, shapes, rotation, frame, fills)


def _turned(rotation: int, frame: Rect, rule: Rule) -> Rule:
    box = (rule.start, rule.at, rule.end, rule.at) if rule.horizontal else (rule.at, rule.start, rule.at, rule.end)
    x0, y0, x1, y1 = to_shown(rotation, frame, box)
    return Rule(True, y0, x0, x1) if y1 - y0 < x1 - x0 else Rule(False, x0, y0, y1)


def _chars(page: object, upright: float) -> list[Char]:
    """The page's printed characters; those set at another angle than ``upright`` (radians) apart when few."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters outside the BMP: one call per character instead
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 0xFFFD) for i in range(count))
        rect = pdfium_c.FS_RECTF()
        pointer = ctypes.byref(rect)
        loose_box = pdfium_c.FPDFText_GetLooseCharBox
        angle_of = pdfium_c.FPDFText_GetCharAngle
        handle = textpage.raw
        chars = []
        turned = []
        for index, char in enumerate(text):
            if char in _SKIPPED or char < " ":
                continue
            loose_box(handle, index, pointer)
            if rect.right > rect.left:
                off = abs((angle_of(handle, index) - upright + math.pi) % math.tau - math.pi)
                (chars if off < 0.02 else turned).append(Char(char, rect.left, rect.bottom, rect.right, rect.top))
        # Text set at an angle on a page of upright text is a watermark or a stamp, not part of the text.
        return chars if len(chars) >= len(turned) else chars + turned
    finally:
        textpage.close()


def _paths(page: object) -> Iterator[Rule | Rect]:
    """Thin path objects as ruling lines (an outlined rectangle gives its four sides); other paths as shapes."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()

    def walk(count: int, get: object, owner: object, matrix: tuple[float, ...] | None) -> Iterator[Rule | Rect]:
        for index in range(count):
            item = get(owner, index)  # type: ignore[operator]
            kind = pdfium_c.FPDFPageObj_GetType(item)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = pdfium_c.FS_MATRIX()
                pdfium_c.FPDFPageObj_GetMatrix(item, inner)
                own = (inner.a, inner.b, inner.c, inner.d, inner.e, inner.f)
                yield from walk(pdfium_c.FPDFFormObj_CountObjects(item), pdfium_c.FPDFFormObj_GetObject, item,
                                own if matrix is None else _compose(own, matrix))
                continue
            if kind != pdfium_c.FPDF_PAGEOBJ_PATH or not pdfium_c.FPDFPageObj_GetBounds(item, left, bottom, right, top):
                continue
            box = (left.value, bottom.value, right.value, top.value)
            if matrix is not None:
                box = _transformed(box, matrix)
            x0, y0, x1, y1 = box
            if y1 - y0 <= RULE_THICKNESS and x1 - x0 >= RULE_MIN_LENGTH:
                yield Rule(True, (y0 + y1) / 2, x0, x1)
            elif x1 - x0 <= RULE_THICKNESS and y1 - y0 >= RULE_MIN_LENGTH:
                yield Rule(False, (x0 + x1) / 2, y0, y1)
            elif pdfium_c.FPDFPath_CountSegments(item) <= 5 and pdfium_c.FPDFPath_GetDrawMode(item, fill, stroke):
                if stroke.value and not fill.value:  # an outlined rectangle: a cell drawn on its own
                    yield from (Rule(True, y0, x0, x1), Rule(True, y1, x0, x1), Rule(False, x0, y0, y1),
                                Rule(False, x1, y0, y1))
                else:
                    yield Filled(box)  # a filled rectangle: a bar, a legend key, or a cell's shading
            else:
                yield box

    raw_page = page.raw  # type: ignore[attr-defined]
    yield from walk(pdfium_c.FPDFPage_CountObjects(raw_page), pdfium_c.FPDFPage_GetObject, raw_page, None)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 - the matrix entries as the PDF reference names them
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _transformed(box: tuple[float, float, float, float], m: tuple[float, ...]) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


NUMERIC = re.compile(r"^[-+－]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")


def is_numeric(text: str) -> bool:
    """A figure as printed in a table: ``1,234.56``, ``-3``, ``12.5%``."""
    return bool(NUMERIC.match(text))
