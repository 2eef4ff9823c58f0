"""Reading a disclosure document into numbered paragraphs: .txt (any Chinese encoding), .docx, .html, .pdf.

:func:`read_paragraphs` is the one entry point; it returns
:class:`~budget_addin.narrative.paragraphs.Paragraph` objects (number, PDF page, text, heading level)
and raises :class:`DocumentError` (a :class:`~budget_addin.files.grid.ReadError`) with a Chinese
reason for anything it cannot read — including a scanned PDF without a text layer.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from budget_addin.core.findings import Finding
from budget_addin.core.model import Book
from budget_addin.files.grid import ReadError
from budget_addin.files.limits import LimitExceeded, check_file_size, check_text
from budget_addin.narrative.paragraphs import Paragraph, paragraphs_of

TEXT_SUFFIXES = (".txt", ".text", ".md")
DOCUMENT_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".html", ".htm", ".pdf")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class DocumentError(ReadError):
    """A document that cannot be read as text (the message is Chinese)."""


def is_document(path: str | Path) -> bool:
    """True for the file kinds :func:`read_paragraphs` reads."""
    return Path(path).suffix.lower() in DOCUMENT_SUFFIXES


def read_paragraphs(path: str | Path) -> list[Paragraph]:
    """The paragraphs of a document, numbered from 1, with page numbers for a PDF."""
    source = Path(path)
    if not source.is_file():
        raise DocumentError(f"找不到文件 {source}")
    suffix = source.suffix.lower()
    try:
        check_file_size(source.stat().st_size)
        if suffix == ".docx":
            lines: list[tuple[str, int | None]] = [(t, None) for t in _docx_lines(source)]
        elif suffix in (".html", ".htm"):
            lines = [(t, None) for t in _html_lines(source.read_bytes(), source.name)]
        elif suffix == ".pdf":
            return _pdf_paragraphs(source)  # bounded by the PDF reader
        else:
            data = source.read_bytes()
            check_text(len(data) // 4)  # a character takes at most 4 bytes: refused before decoding
            lines = [(t, None) for t in decode_text(data).splitlines()]
        check_text(sum(len(t) for t, _ in lines))
    except DocumentError:
        raise
    except LimitExceeded as exc:
        raise DocumentError(f"{source.name}：{exc}") from None
    except (OSError, ValueError, KeyError) as exc:
        if isinstance(exc, (FileNotFoundError, PermissionError)):
            raise
        raise DocumentError(f"无法读取文档 {source.name}：{exc}") from None
    paragraphs = paragraphs_of(lines)
    if not paragraphs:
        raise DocumentError(f"{source.name} 中没有文字")
    return paragraphs


def decode_text(data: bytes) -> str:
    """Bytes of a plain-text file as text: UTF-8 (with or without BOM), else the detected encoding (GBK, GB18030…)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("无法识别文本编码（应为 UTF-8、GBK 或 GB18030）")
    encoding = best.encoding.lower()
    if encoding in {"gb2312", "gbk", "hz"}:  # GB18030 is a superset that reads them all
        encoding = "gb18030"
    return data.decode(encoding, errors="replace")


def word_blocks(source: Path) -> Iterator[etree._Element]:
    """The paragraphs and tables of a .docx body in order, streamed, each dropped once used.

    The package is measured against the limits from its zip directory first (as a workbook is);
    every XML part is refused if it declares a DOCTYPE (entities are never expanded), and the main
    part is parsed as a stream by the workbook reader's secure parser, so memory follows the largest
    table, not the document.
    """
    from budget_addin.files.grid import WORD_PART, open_package, parse_stream, refuse_doctypes

    body, paragraph, table = f"{W}body", f"{W}p", f"{W}tbl"
    try:
        archive = open_package(source, expect=WORD_PART)
    except ReadError as exc:
        raise DocumentError(str(exc)) from None
    with archive:
        try:
            refuse_doctypes(archive, "Word")
        except ReadError as exc:
            raise DocumentError(f"{source.name}：{exc}") from None
        try:
            with archive.open(WORD_PART) as handle:
                for element in parse_stream(handle, WORD_PART, (paragraph, table)):
                    parent = element.getparent()
                    if parent is None or parent.tag != body:
                        continue  # a paragraph inside a table comes with its table
                    yield element
                    element.clear()
                    while element.getprevious() is not None:
                        del parent[0]
        except etree.XMLSyntaxError as exc:
            raise DocumentError(
                f"{source.name} 的部件 {WORD_PART} 不是有效的 XML（第 {exc.lineno} 行附近），文件已损坏"
            ) from None
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise DocumentError(f"{source.name} 已损坏（部件缺失、截断或校验失败）") from None


def _docx_lines(source: Path) -> list[str]:
    lines: list[str] = []
    for child in word_blocks(source):
        if child.tag == f"{W}p":
            lines.append(_run_text(child))
        else:
            for row in child.iter(f"{W}tr"):
                cells = [c for c in row if c.tag == f"{W}tc"]
                lines.append("\t".join(_run_text(c).strip() for c in cells))
    return lines


def _run_text(element: object) -> str:
    """The text of a docx element: w:t text, w:tab as a tab, w:br as a space."""
    parts = []
    for node in element.iter():  # type: ignore[attr-defined]
        if not isinstance(node.tag, str):  # a comment or processing instruction
            continue
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag in {"br", "cr"}:
            parts.append(" ")
    return "".join(parts)


_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "section", "article", "title"}


_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
# Tags whose end tag may be left out (HTML closes them itself), and those without content: they do not
# count when the nesting of a page is measured from its text.
_SELF_CLOSING = frozenset(b"p li td th tr thead tbody tfoot option optgroup dt dd colgroup caption rb rt rp html head "
                          b"body br hr img input meta link col area base wbr source track param embed".split())
_BLOCK_WRAPPERS = re.compile(
    rb"</?(?:div|section|article|center|main|header|footer|nav|aside|blockquote|ul|ol|li|dl|dt|dd|menu)(?=[\s/>])[^>]*>",
    re.IGNORECASE,
)  # lists too: an item's end tag may be left out, so <ul><li> nests twice as deep as the tags counted
_INLINE_WRAPPERS = re.compile(rb"</?(?:span|font|b|i|u|em|strong|a|small|big|sub|sup)(?=[\s/>])[^>]*>", re.IGNORECASE)
PARSER_DEPTH = 200  # libxml2's HTML parser keeps 256 levels (2,048 with huge_tree) and drops what lies deeper
# The tags counted leave out those whose end tag is optional, so one counted level may be four elements
# (table › tbody › tr › td): 500 counted levels stay within the 2,048 the parser keeps with huge_tree.
PARSER_MAX_DEPTH = 500


def html_root(data: bytes, name: str) -> etree._Element:
    """A web page parsed within the limits: size, elements and nesting measured before parsing.

    The parser loads no DTD, expands no entity of its own and never touches the network. A page
    nested deeper than the parser keeps (a table inside 10,000 ``div``) is read with its wrapper
    elements flattened (``div`` → paragraph breaks, inline wrappers dropped), so its text is not lost.
    """
    import lxml.html

    from budget_addin.files.limits import check_file_size, current, refuse

    limits = current()
    try:
        check_file_size(len(data), limits)
        elements = data.count(b"<") - data.count(b"</")  # tags that open an element, at most
        if elements > limits.max_elements:
            raise refuse(f"网页有约 {elements} 个元素", "max_elements", limits)
        depth = _nesting(data, limits.max_depth)
        if depth > limits.max_depth:
            raise refuse(f"网页嵌套超过 {limits.max_depth} 层", "max_depth", limits)
    except ValueError as exc:
        raise DocumentError(f"{name}：{exc}") from None
    if depth > PARSER_DEPTH:
        data = _INLINE_WRAPPERS.sub(b"", _BLOCK_WRAPPERS.sub(b"<p>", data))
        if _nesting(data, PARSER_MAX_DEPTH) > PARSER_MAX_DEPTH:  # tables nested past what the parser keeps
            raise DocumentError(f"{name}：网页嵌套超过 {PARSER_MAX_DEPTH} 层（去掉外层 div、span、列表之后仍是），"
                                f"解析器无法完整读取，已拒绝")
    text = data.decode("utf-8", errors="strict") if _looks_utf8(data) else decode_text(data)
    parser = lxml.html.HTMLParser(no_network=True, huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except Exception as exc:  # noqa: BLE001 - lxml raises several parser errors
        raise DocumentError(f"无法解析 HTML：{name}（{exc}）") from None


def _nesting(data: bytes, stop: int) -> int:
    """How deep the elements of a page nest, counted from its tags (those HTML closes itself not counted);
    counting stops past ``stop``."""
    depth = deepest = 0
    for match in _TAG.finditer(data):
        closing, tag, empty = match.groups()
        if empty or tag.lower() in _SELF_CLOSING:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    break
    return deepest


def _html_lines(data: bytes, name: str = "网页") -> list[str]:
    """Text of an HTML page, one line per block element; table rows as tab-separated cells."""
    root = html_root(data, name)
    for bad in root.xpath("//script|//style|//head"):
        bad.drop_tree()
    for cell in root.xpath("//td|//th"):  # a cell is one piece of text, whatever blocks it holds
        content = " ".join(cell.text_content().split())
        for child in list(cell):
            cell.remove(child)
        cell.text = content
        cell.tail = "\t" + (cell.tail or "")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    raw = root.text_content()
    return [re.sub(r"[ \u3000\xa0]*\t[ \t\u3000\xa0]*", "\t", line).strip(" \t\u3000\xa0") for line in raw.splitlines()]


def _looks_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _pdf_paragraphs(source: Path) -> list[Paragraph]:
    """The prose of a PDF read as positioned text: lines rejoined, page furniture and tables left out."""
    from budget_addin.files.published.pdf_page import PdfError
    from budget_addin.files.published.pdf_text import read_layout

    try:
        paragraphs = read_layout(source).paragraphs
    except PdfError as exc:
        raise DocumentError(str(exc)) from None
    if not paragraphs:
        raise DocumentError(f"{source.name} 中没有正文段落（只有表格）")
    return paragraphs


def text_against_book(book: Book, path: str | Path) -> list[Finding]:
    """A document checked on its own and against the workbook's tables: findings naming ``FILE 第n段``."""
    from budget_addin.narrative import claims
    from budget_addin.narrative import text_check as tx

    paragraphs = read_paragraphs(path)
    name = Path(path).name

    def locate(index: int) -> str:
        return f"{name} {paragraphs[index].where}"

    judged = claims.link_and_judge(book, claims.extract(tx.claim_paragraphs(paragraphs)), locate)
    found = tx.to_findings(tx.not_reported(tx.check_paragraphs(paragraphs), judged), locate)
    for item in judged:
        for check in item.checks:
            if check.severity != "ok":
                found.append(Finding(check.rule, check.severity, "说明", check.cells, check.message, check.expected,
                                     check.actual))
    return found
