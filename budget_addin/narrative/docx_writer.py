"""The generated 情况说明 as a Word document (python-docx), ready for publication.

Chinese text needs its font on the East Asian slot of the run properties (``w:eastAsia``) and
the document's East Asian language set to zh-CN. Word uses 宋体/黑体 there; where they are not
installed (Linux) LibreOffice falls back to an installed CJK face (Noto Serif/Sans CJK), so the
text renders and converts to PDF intact on either.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from budget_addin.narrative.generate import ROUNDING_POLICY, Paragraph

BODY_FONT = "宋体"  # SimSun; LibreOffice falls back to Noto Serif CJK SC
HEADING_FONT = "黑体"  # SimHei; falls back to Noto Sans CJK SC
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(12)  # 小四
SIZES = {"title": Pt(18), 1: Pt(14), 2: Pt(12)}


def _fonts(rpr: etree._Element, east_asia: str) -> None:
    """Set the Latin and East Asian fonts of run properties (``w:rPr``), dropping theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(document: Document, name: str, east_asia: str, size: Pt, bold: bool) -> None:
    style = document.styles[name]
    style.font.size = size
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(style.element.get_or_add_rPr(), east_asia)


# The CJK fonts of the font table: English name (w:altName, as Word writes it) and family.
FONT_TABLE = {BODY_FONT: ("SimSun", "roman"), HEADING_FONT: ("SimHei", "swiss")}


def _declare_fonts(document: Document) -> None:
    """Declare 宋体/黑体 in the font table with the GB2312 charset, so a viewer substitutes a Chinese face."""
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name, (english, family) in FONT_TABLE.items():
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        for tag, value in (("w:altName", english), ("w:charset", "86"), ("w:family", family),
                           ("w:pitch", "variable")):
            etree.SubElement(font, qn(tag), {qn("w:val"): value})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _drop_styles_with_effects(document: Document) -> None:
    """Remove python-docx's template ``stylesWithEffects.xml``.

    It is a Word 2010 copy of the style definitions (Word 2013 and later no longer
    write it); left as the template has it, it disagrees with the styles set here
    (fonts, docDefaults, header/footer styles), which Word treats as content to repair.
    Without the part Word reads ``styles.xml`` alone.
    """
    rels = document.part.rels
    for rel_id in [rid for rid, rel in rels.items() if rel.reltype == STYLES_WITH_EFFECTS]:
        rels.pop(rel_id)


def write_docx(paragraphs: Iterable[Paragraph], path: str | Path) -> Path:
    """Write the paragraphs as a .docx: title centred, headings bold, body indented two characters."""
    target = Path(path)
    target.write_bytes(docx_bytes(paragraphs))
    return target


def docx_bytes(paragraphs: Iterable[Paragraph]) -> bytes:
    """The .docx of :func:`write_docx` as bytes (made in memory; the caller writes it atomically)."""
    import io

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin = section.bottom_margin = Cm(2.5)
    _declare_fonts(document)
    _drop_styles_with_effects(document)
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if defaults is not None:
        _fonts(defaults, BODY_FONT)
    _style(document, "Normal", BODY_FONT, BODY_SIZE, bold=False)
    _style(document, "Heading 1", HEADING_FONT, SIZES[1], bold=True)
    _style(document, "Heading 2", HEADING_FONT, SIZES[2], bold=True)
    for item in paragraphs:
        if item.kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(12)
            run = paragraph.add_run(item.text)
            run.font.size, run.font.bold = SIZES["title"], True
            _fonts(run._element.get_or_add_rPr(), HEADING_FONT)
            document.core_properties.title = item.text
        elif item.kind == "heading":
            paragraph = document.add_paragraph(style="Heading 1" if item.level <= 1 else "Heading 2")
            paragraph.paragraph_format.space_before = Pt(6)
            run = paragraph.add_run(item.text)
            run.font.bold = True
            _fonts(run._element.get_or_add_rPr(), HEADING_FONT)
        else:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(24)  # two characters
            paragraph.paragraph_format.line_spacing = 1.5
            run = paragraph.add_run(item.text)
            _fonts(run._element.get_or_add_rPr(), BODY_FONT)
    document.core_properties.language = "zh-CN"
    document.core_properties.comments = ROUNDING_POLICY
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
