"""Reading a disclosure document into numbered paragraphs: .txt (any Chinese encoding), .docx, .html, .pdf.

:func:`read_paragraphs` is the one entry point; it returns
:class:`~budget_addin.narrative.paragraphs.Paragraph` objects (number, PDF page, text, heading level)
and raises :class:`DocumentError` (a :class:`~budget_addin.files.grid.ReadError`) with a Chinese
reason for anything it cannot read — including a scanned PDF without a text layer.
"""

from __future__ import annotations

import re
from pathlib import Path

from budget_addin.core.findings import Finding
from budget_addin.core.model import Book
from budget_addin.files.grid import ReadError
from budget_addin.narrative.paragraphs import Paragraph, paragraphs_of

TEXT_SUFFIXES = (".txt", ".text", ".md")
DOCUMENT_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".html", ".htm", ".pdf")


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
        if suffix == ".docx":
            lines: list[tuple[str, int | None]] = [(t, None) for t in _docx_lines(source)]
        elif suffix in (".html", ".htm"):
            lines = [(t, None) for t in _html_lines(source.read_bytes())]
        elif suffix == ".pdf":
            return _pdf_paragraphs(source)
        else:
            lines = [(t, None) for t in decode_text(source.read_bytes()).splitlines()]
    except DocumentError:
        raise
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


def _docx_lines(source: Path) -> list[str]:
    import zipfile

    import docx  # python-docx
    from docx.opc.exceptions import OpcError

    try:
        document = docx.Document(str(source))
    except (OpcError, zipfile.BadZipFile, KeyError) as exc:
        raise DocumentError(f"{source.name} 不是有效的 .docx 文件（{exc}）") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_run_text(child))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [c for c in row if c.tag.endswith("}tc")]
                    lines.append("\t".join(_run_text(c).strip() for c in cells))
    return lines


def _run_text(element: object) -> str:
    """The text of a docx element: w:t text, w:tab as a tab, w:br as a space."""
    parts = []
    for node in element.iter():  # type: ignore[attr-defined]
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag in {"br", "cr"}:
            parts.append(" ")
    return "".join(parts)


_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "section", "article", "title"}


def _html_lines(data: bytes) -> list[str]:
    """Text of an HTML page, one line per block element; table rows as tab-separated cells."""
    import lxml.html

    text = data.decode("utf-8", errors="strict") if _looks_utf8(data) else decode_text(data)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # noqa: BLE001 - lxml raises several parser errors
        raise DocumentError(f"无法解析 HTML：{exc}") from None
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
