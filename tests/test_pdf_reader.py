"""The PDF reader end to end: invented disclosures rendered to PDF by LibreOffice, read back as tables and prose.

Every PDF is rendered once per module (one LibreOffice run for all of them). Tables are compared cell by
cell with the sample they were rendered from; prose with the paragraphs written.
"""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import published_samples as ps
import pypdfium2 as pdfium
import pytest
from conftest import ROOT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from budget_addin.batch import check_document
from budget_addin.core.model import Book
from budget_addin.files.documents import DocumentError, read_paragraphs
from budget_addin.files.published.pdf import PdfError, PdfPages, PdfTable, pdf_grids, read_pdf
from budget_addin.files.published.pdf_page import Char, Line, make_line, unmapped_share
from budget_addin.files.published.pdf_tables import FoundTable, TableCell, join_continued
from budget_addin.files.published.pdf_text import _PAGE_NUMBER, _breaks, _joined, _Margins
from budget_addin.narrative.docx_writer import write_docx
from budget_addin.narrative.generate import generate

HEADER = "青山县文化广电和旅游局2021年部门预算公开"
SPLIT_FIGURE = ("四、检察监督支出（项）1,895", "万元，与上年相比减少12.00万元，主要原因是办案业务经费压减。")
ACROSS_PAGES = ("五、群众文化（项）2,046", "万元，比上年增加128.30万元，增长6.69%，主要原因是新增文化惠民演出场次。")


def _long_paragraphs() -> list[str]:
    """Invented body text, long enough that paragraphs run over page breaks."""
    items = [
        "行政运行",
        "一般行政管理事务",
        "群众文化",
        "文化创作与保护",
        "机关事业单位基本养老保险缴费支出",
        "行政单位医疗",
        "住房公积金",
        "其他文化和旅游支出",
    ]
    paragraphs = []
    for i, item in enumerate(items):
        amount, change = Decimal(312 + 37 * i) + Decimal("0.45"), Decimal(11 + 3 * i) + Decimal("0.35")
        paragraphs.append(
            f"{item}（项）{amount}万元，比上年增加{change}万元，增长{change / (amount - change) * 100:.2f}%，主要原因是"
            + "根据年度重点工作安排，统筹保障机关正常运转、人员经费和各项业务活动开展所需资金，" * 3
            + f"并按照厉行节约的要求压减一般性支出{i + 2}.00万元，确保资金使用规范高效。")
    return paragraphs


def _report_text() -> list[str]:
    """The report's paragraphs as written (the breaks inside the last two taken out)."""
    return ["2021年部门预算情况说明", "一、收入支出预算总体情况", *_long_paragraphs(), "".join(SPLIT_FIGURE),
            "".join(ACROSS_PAGES)]


def _furniture_docx(path: Path) -> None:
    """A portrait report with a running header, a 第 N 页 footer, indented paragraphs, a figure cut from its unit
    by a line break and another by a page break."""
    import docx

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.add_run("第 ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    footer.add_run(" 页")
    for line in _report_text()[:2]:
        document.add_paragraph(line)
    for text in _long_paragraphs():
        document.add_paragraph(text).paragraph_format.first_line_indent = Pt(24)
    for (head, tail), page_break in ((SPLIT_FIGURE, False), (ACROSS_PAGES, True)):
        paragraph = document.add_paragraph()
        paragraph.add_run(head).add_break(docx.enum.text.WD_BREAK.PAGE if page_break else docx.enum.text.WD_BREAK.LINE)
        paragraph.add_run(tail)
    document.save(str(path))


def _unruled_docx(path: Path) -> None:
    """The 江苏-style set with its tables' borders taken away (tables laid out by columns only)."""
    import docx

    document = docx.Document(str(ps.to_docx(ps.jiangsu_2021(), path)))
    for table in document.tables:
        table.style = document.styles["Normal Table"]
    document.save(str(path))


def _repeated_header_docx(path: Path) -> None:
    """The 江苏-style set with each table's first row marked to repeat on every page it runs over."""
    import docx

    document = docx.Document(str(ps.to_docx(ps.jiangsu_2021(), path)))
    for table in document.tables:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    document.save(str(path))


def _open_sides_docx(path: Path) -> None:
    """The 江苏-style set with tables open at the sides (no outer vertical rules) and an underlined sentence."""
    import docx

    document = docx.Document(str(ps.to_docx(ps.jiangsu_2021(), path)))
    for table in document.tables:
        borders = OxmlElement("w:tblBorders")
        for side in ("left", "right"):
            border = OxmlElement(f"w:{side}")
            border.set(qn("w:val"), "nil")
            borders.append(border)
        table._tbl.tblPr.append(borders)
    for run in document.paragraphs[2].runs:
        run.underline = True
    document.save(str(path))


def _table_per_page_docx(path: Path) -> None:
    """The 江苏-style set with each table on a page of its own (its title and unit line at the same place on each)."""
    import docx

    document = docx.Document(str(ps.to_docx(ps.jiangsu_2021(), path)))
    document.sections[0].top_margin = Cm(0.5)  # title and unit line inside the page's top tenth, on every page
    titles = {table.title for table in ps.jiangsu_2021().tables}
    for paragraph in document.paragraphs:
        if paragraph.text in titles:
            paragraph.paragraph_format.page_break_before = True
    document.save(str(path))


def _shaded_html(path: Path) -> Path:
    """The 江苏-style set as a web page whose tables have no borders, only shaded cells."""
    page = ps.to_html(ps.jiangsu_2021(), path)
    text = page.read_text(encoding="utf-8").replace("<table border='1'>", "<table border='0' cellspacing='0'>")
    page.write_text(text.replace("<th ", "<th bgcolor='#DDDDDD' ").replace("<td>", "<td bgcolor='#F4F4F4'>"),
                    encoding="utf-8")
    return page


CHART_TEXT = ("支出预算中，基本支出390.71万元，占65.05%；项目支出209.90万元，占34.95%。",
              "2021年“三公”经费预算9.00万元，比上年减少1.50万元。")
TOC = ["一、部门主要职责……………………………………1", "二、收支预算总体情况…………………………2"]  # a contents page's entries
BARS = [("390.71", "Basic"), ("209.90", "Project"), ("20.00", "Other")]


def _chart_docx(path: Path) -> None:
    """Two paragraphs with room between them, where :func:`_draw_chart` puts a bar chart; contents entries above."""
    import docx

    document = docx.Document()
    for entry in TOC:
        document.add_paragraph(entry)
    document.add_paragraph(CHART_TEXT[0])
    for _ in range(14):
        document.add_paragraph("")
    document.add_paragraph(CHART_TEXT[1])
    document.save(str(path))


def _draw_chart(pdf: Path) -> Path:
    """A bar chart drawn as a report's charts are: filled bars, a figure above each, names below (pdfium)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(str(pdf))
    page = document[0]

    def label(text: str, x: float, y: float) -> None:
        item = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", ctypes.c_float(9))
        buffer = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(item, ctypes.cast(buffer, pdfium_c.FPDF_WIDESTRING))
        pdfium_c.FPDFPageObj_Transform(item, 1, 0, 0, 1, x, y)
        pdfium_c.FPDFPage_InsertObject(page.raw, item)

    for i, (value, name) in enumerate(BARS):
        x, height = 150 + i * 90, float(value) / 4
        bar = pdfium_c.FPDFPageObj_CreateNewRect(x, 520, 50, height)
        pdfium_c.FPDFPageObj_SetFillColor(bar, 60 + 60 * i, 90, 160, 255)
        pdfium_c.FPDFPath_SetDrawMode(bar, pdfium_c.FPDF_FILLMODE_WINDING, False)
        pdfium_c.FPDFPage_InsertObject(page.raw, bar)
        label(value, x + 8, 524 + height)
        label(name, x + 8, 508)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    target = pdf.with_name("chart_drawn.pdf")
    document.save(str(target))
    return target


def _watermark(pdf: Path) -> Path:
    """The PDF with a diagonal stamp across its first page (pdfium: text turned by 30 degrees)."""
    import ctypes
    import math

    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    item = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", ctypes.c_float(40))
    buffer = ctypes.create_string_buffer("DRAFT 2021 COPY\0".encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(item, ctypes.cast(buffer, pdfium_c.FPDF_WIDESTRING))
    turn = math.radians(30)
    pdfium_c.FPDFPageObj_Transform(item, math.cos(turn), math.sin(turn), -math.sin(turn), math.cos(turn), 200, 250)
    pdfium_c.FPDFPage_InsertObject(page.raw, item)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    target = pdf.with_name("watermarked.pdf")
    document.save(str(target))
    return target


def _turned_copy(pdf: Path) -> Path:
    """The PDF with every page stored sideways and turned back for display (``/Rotate`` 90 and 270 in turn),
    as some printer drivers write landscape pages."""
    source = pdfium.PdfDocument(str(pdf))
    turned = pdfium.PdfDocument.new()
    for index in range(len(source)):
        width, height = source[index].get_size()
        content = source.page_as_xobject(index, turned).as_pageobject()
        rotation = 90 if index % 2 == 0 else 270
        content.set_matrix(pdfium.PdfMatrix(0, -1, 1, 0, 0, width) if rotation == 90
                           else pdfium.PdfMatrix(0, 1, -1, 0, height, 0))
        page = turned.new_page(height, width)
        page.insert_obj(content)
        page.gen_content()
        page.set_rotation(rotation)
    target = pdf.with_name("turned.pdf")
    turned.save(str(target))
    return target


SAMPLES = {"jiangsu": ps.jiangsu_2021(), "shanghai": ps.shanghai_2024(), "final": ps.final_accounts_2022()}
# Each sample as Word renders it; the 江苏 set also as a web page printed to PDF (portrait, ragged lines, rows cut
# by page breaks), with its tables open at the sides, with each table on a page of its own, stored sideways, and
# as a web page whose tables are drawn by cell shading alone.
RENDERED = {**SAMPLES, "web": SAMPLES["jiangsu"], "open": SAMPLES["jiangsu"], "paged": SAMPLES["jiangsu"],
            "turned": SAMPLES["jiangsu"], "shaded": SAMPLES["jiangsu"]}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, seed_book: Book) -> dict[str, Path]:
    """Every PDF of this module, rendered by one LibreOffice run."""
    folder = tmp_path_factory.mktemp("pdf_reader")
    write_docx(generate(seed_book), folder / "narrative.docx")  # the seed's 情况说明: 50 paragraphs, 90 figures
    sources = [ps.to_docx(document, folder / f"{name}.docx") for name, document in SAMPLES.items()]
    sources.append(ps.to_html(SAMPLES["jiangsu"], folder / "web.html"))
    sources.append(_shaded_html(folder / "shaded.html"))
    _furniture_docx(folder / "report.docx")
    _unruled_docx(folder / "unruled.docx")
    _chart_docx(folder / "chart.docx")
    _repeated_header_docx(folder / "repeated.docx")
    _open_sides_docx(folder / "open.docx")
    _table_per_page_docx(folder / "paged.docx")
    sources += [folder / name for name in ("report.docx", "unruled.docx", "chart.docx", "repeated.docx", "open.docx",
                                           "narrative.docx", "paged.docx")]
    subprocess.run([ps.soffice(), f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), *map(str, sources)], check=True, capture_output=True, timeout=300)
    pdfs = {source.stem: source.with_suffix(".pdf") for source in sources}
    pdfs["chart"] = _draw_chart(pdfs["chart"])
    pdfs["watermarked"] = _watermark(pdfs["jiangsu"])
    pdfs["turned"] = _turned_copy(pdfs["jiangsu"])
    return pdfs


@pytest.fixture(scope="module")
def read(rendered: dict[str, Path]) -> dict[str, PdfPages]:
    return {name: read_pdf(path) for name, path in rendered.items()}


# -- tables ---------------------------------------------------------------------------------------

def _expected(table: ps.SampleTable) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The table as printed: header rows (a span's text in its first cell) and body; merged ranges 0-based."""
    placed, height = ps._grid(table)
    rows = [[""] * table.width for _ in range(height)]
    merged = []
    for r, c, head in placed:
        rows[r][c] = head.text
        if head.cols > 1 or head.rows > 1:
            merged.append((r, c, r + head.rows - 1, c + head.cols - 1))
    return rows + [list(row) for row in table.body], sorted(merged)


def _printed(table: PdfTable) -> tuple[list[str], list[list[str]], list[tuple[int, int, int, int]]]:
    """A read table as title lines, rows of cell texts and merged ranges (0-based, below the title lines)."""
    grid = table.grid
    top = grid.lines_above
    lines = [str(grid.cells[(r, 1)].value) for r in range(1, top + 1)]
    rows = [[str(grid.cells[(r, c)].value) if (r, c) in grid.cells else "" for c in range(1, grid.max_col + 1)]
            for r in range(top + 1, grid.max_row + 1)]
    merged = sorted((r1 - top - 1, c1 - 1, r2 - top - 1, c2 - 1) for r1, c1, r2, c2 in grid.merged)
    return lines, rows, merged


@pytest.mark.parametrize("name", RENDERED)
def test_every_table_comes_out_cell_for_cell_with_its_title_unit_and_merged_header(
        name: str, rendered: dict[str, Path], read: dict[str, PdfPages]) -> None:
    document = RENDERED[name]
    tables = read[name].tables
    assert len(tables) == len(document.tables)
    for sample, table in zip(document.tables, tables, strict=True):
        lines, rows, merged = _printed(table)
        expected_rows, expected_merged = _expected(sample)
        assert lines == [sample.title, sample.unit_line]
        assert rows == expected_rows, sample.title
        assert merged == expected_merged, sample.title
        assert table.ruled
    grids = pdf_grids(rendered[name])
    assert [(g.file, g.sheet, g.table_no, g.cells, g.merged) for g in grids] == [
        (f"{name}.pdf", f"表格{i}", i, t.grid.cells, t.grid.merged) for i, t in enumerate(tables, start=1)]


@pytest.mark.parametrize("name", RENDERED)
def test_every_printed_figure_is_found_in_its_row_and_column(name: str, read: dict[str, PdfPages]) -> None:
    document = RENDERED[name]
    found = total = 0
    for sample, table in zip(document.tables, read[name].tables, strict=True):
        first_body = table.grid.lines_above + len(sample.header) + 1
        for i, row in enumerate(sample.body):
            for j, value in enumerate(row):
                if (sample.title, value) in set(ps.figures_of(ps.SampleDocument("", [], [sample]))):
                    total += 1
                    cell = table.grid.get(first_body + i, j + 1)
                    found += cell is not None and cell.value == value
    assert total == sum(1 for _ in ps.figures_of(document)) > 0
    assert found / total == 1.0, f"{found} of {total} figures in their place"


def test_the_function_table_continued_over_two_pages_is_one_table(read: dict[str, PdfPages]) -> None:
    tables = read["jiangsu"].tables
    function = next(t for t in tables if "一般公共预算支出预算表" in str(t.grid.cells[(1, 1)].value))
    body_pages = [function.grid.row_pages[r] for r in range(function.grid.lines_above + 1, function.grid.max_row + 1)]
    assert function.pages == [2, 3] and body_pages == sorted(body_pages)
    assert function.page == 2 and function.grid.page == 2
    grid = function.grid
    assert [grid.get(r, 1).value for r in range(1, grid.max_row + 1) if grid.get(r, 1) and r > 3][:3] == [
        "207", "20701", "2070101"]
    assert grid.get(grid.max_row, 2).value == "住房公积金" and grid.row_pages[grid.max_row] == 3


def test_a_header_repeated_on_the_next_page_is_read_once(rendered: dict[str, Path],
                                                          read: dict[str, PdfPages]) -> None:
    overleaf = pdfium.PdfDocument(str(rendered["repeated"]))[2].get_textpage().get_text_bounded()
    assert overleaf.count("科目编码") == 2  # page 3 repeats the header of the table from page 2 (and has its own)
    tables = read["repeated"].tables
    assert len(tables) == len(SAMPLES["jiangsu"].tables)
    for sample, table in zip(SAMPLES["jiangsu"].tables, tables, strict=True):
        assert _printed(table)[1] == _expected(sample)[0], sample.title
    assert tables[3].pages == [2, 3]


def _piece(page: int, rows: list[list[str]]) -> FoundTable:
    table = FoundTable(page, [50.0, 200.0, 300.0], 700.0, 100.0, row_pages=[page] * len(rows), last_page=page)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cells[(r, c)] = TableCell(
                text, (page, 50.0 + 150 * c, 600.0 - 20 * r, 200.0 + 100 * c, 620.0 - 20 * r)
            )
    return table


@pytest.mark.parametrize(("overleaf", "joined"), [([], True), (["一般公共预算支出表（续）", "单位：万元"], True),
                                                  (["续表"], True), (["一般公共预算支出表"], False),
                                                  (["单位：万元"], False)])
def test_a_table_goes_on_overleaf_untitled_or_titled_as_continued(overleaf: list[str], joined: bool) -> None:
    first = _piece(1, [["项目", "金额"], ["行政运行", "312.45"]])
    second = _piece(2, [["项目", "金额"], ["住房公积金", "24.18"]])
    titles = [
        [_line("一般公共预算支出表", 50, 720)],
        [_line(text, 50, 740 - 15 * i, page=2) for i, text in enumerate(overleaf)],
    ]
    tables, kept_titles = join_continued([first, second], titles, [[first], [second]])
    assert len(tables) == (1 if joined else 2) and len(kept_titles) == len(tables)
    if joined:
        assert [tables[0].row_texts(r) for r in range(tables[0].rows)] == [
            ["项目", "金额"], ["行政运行", "312.45"], ["住房公积金", "24.18"]]
        assert tables[0].row_pages == [1, 1, 2] and tables[0].last_page == 2


def test_text_wrapped_inside_a_cell_is_joined_without_a_space(read: dict[str, PdfPages]) -> None:
    summary = read["jiangsu"].tables[0].grid
    texts = {str(cell.value) for cell in summary.cells.values()}
    assert {"一、一般公共预算拨款", "一、文化旅游体育与传媒支出", "三、单位预留机动经费"} <= texts
    functions = read["jiangsu"].tables[3].grid
    assert "机关事业单位基本养老保险缴费支出" in {str(cell.value) for cell in functions.cells.values()}


def test_a_title_at_the_foot_of_a_page_goes_with_the_table_on_the_next(read: dict[str, PdfPages]) -> None:
    three_public = read["shanghai"].tables[1]
    assert three_public.boxes[(1, 1)][0] == 1 and three_public.page == 2  # title on page 1, table on page 2
    assert [p.text for p in read["shanghai"].paragraphs] == [ps.shanghai_2024().title]


@pytest.mark.parametrize("name", ["jiangsu", "turned"])
def test_each_cell_box_holds_the_cell_text(name: str, rendered: dict[str, Path], read: dict[str, PdfPages]) -> None:
    document = pdfium.PdfDocument(str(rendered[name]))
    checked = 0
    for table in read[name].tables:
        for (row, col), cell in table.grid.cells.items():
            page, x0, y0, x1, y1 = table.boxes[(row, col)]
            inside = document[page - 1].get_textpage().get_text_bounded(x0, y0, x1, y1)
            inside = re.sub(r"\s", "", inside)  # pdfium orders a turned page's text its own way: compare the characters
            assert (sorted(inside) == sorted(str(cell.value))) if name == "turned" else inside == cell.value, (row, col)
            checked += 1
    assert checked > 200


# -- prose ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["jiangsu", "open", "watermarked", "turned"])
def test_the_prose_is_the_text_as_written_and_no_table_fragment(name: str, rendered: dict[str, Path],
                                                               read: dict[str, PdfPages]) -> None:
    document = SAMPLES["jiangsu"]
    paragraphs = read[name].paragraphs
    if name == "watermarked":  # the stamp is in the text layer, across the first page's text
        stamp = pdfium.PdfDocument(str(rendered[name]))[0].get_textpage().get_text_bounded()
        assert "DRAFT 2021 COPY" in stamp.replace("\r\n", "")
        assert [t.grid.cells for t in read[name].tables] == [t.grid.cells for t in read["jiangsu"].tables]
    assert [p.text for p in paragraphs] == [document.title, *document.paragraphs]
    assert [p.no for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert [p.heading_level for p in paragraphs][:3] == [1, 2, 0] and {p.page for p in paragraphs} == {1}


@pytest.mark.parametrize("name", ["web", "shaded"])
def test_a_web_page_printed_to_pdf_reads_as_written(name: str, read: dict[str, PdfPages]) -> None:
    web = read[name]
    assert web.pages >= 4 and [p.text for p in web.paragraphs][-len(SAMPLES["jiangsu"].paragraphs):] == (
        SAMPLES["jiangsu"].paragraphs)
    income = web.tables[1]  # its first rows on one page, the rest (after the cut row's empty rest) on the next
    assert len(income.pages) == 2


def test_a_long_text_reads_as_its_word_file_and_checks_alike(rendered: dict[str, Path]) -> None:
    """The seed's generated 情况说明 (ragged lines, no indents, no paragraph spacing) from PDF and from Word."""
    word = read_paragraphs(rendered["narrative"].with_suffix(".docx"))
    pdf = read_paragraphs(rendered["narrative"])
    flat = {p.no: p.text.replace(" ", "") for p in word}
    assert "".join(p.text for p in pdf) == "".join(flat.values())
    assert [p.text for p in pdf if p.heading_level] == [flat[p.no] for p in word if p.heading_level]
    assert [p.heading_level for p in pdf if p.heading_level] == [p.heading_level for p in word if p.heading_level]
    # Without indents or spacing to go by, a full line ending a sentence may end a paragraph: only ever at a
    # sentence's end, never inside one.
    for paragraph in pdf:
        text = next(t for t in flat.values() if paragraph.text in t)
        at = text.index(paragraph.text)
        assert at == 0 or text[at - 1] == "。", paragraph.text
        assert at + len(paragraph.text) == len(text) or paragraph.text[-1] == "。", paragraph.text
    assert len(word) <= len(pdf) <= len(word) + 2

    def findings(path: Path) -> tuple[list[tuple[str, str]], dict[str, str]]:
        report = check_document(path)
        return sorted((f.rule, f.message.replace(" ", "")) for f in report.findings), report.ledger

    from_pdf, from_word = findings(rendered["narrative"]), findings(rendered["narrative"].with_suffix(".docx"))
    assert from_pdf == from_word
    # something to compare: the text rules that read figures ran on both (the generated text has no finding)
    assert sum(state == "passed" for rule, state in from_pdf[1].items() if rule.startswith("TX-")) >= 5


def test_running_header_page_numbers_and_breaks_inside_sentences(rendered: dict[str, Path],
                                                                read: dict[str, PdfPages]) -> None:
    report = read["report"]
    assert report.pages >= 3
    assert [p.text for p in report.paragraphs] == _report_text()
    across = [p for p in report.paragraphs if len({box[0] for box in report.char_boxes[p.no - 1]}) > 1]
    assert len(across) >= 2  # a sentence runs over a page break (and the page number between is gone)
    assert report.paragraphs[-1].text == "".join(ACROSS_PAGES) and report.paragraphs[-1].page == report.pages - 1
    assert [p.heading_level for p in report.paragraphs][:3] == [1, 2, 0]
    assert read_paragraphs(rendered["report"]) == report.paragraphs


def test_a_page_box_not_starting_at_the_origin_reads_the_same(rendered: dict[str, Path], read: dict[str, PdfPages],
                                                               tmp_path: Path) -> None:
    """Pages drawn on a larger sheet and cropped to their trim box (as tools with bleed write them): the same
    text, tables and furniture; the boxes in the PDF's own coordinates, shifted with the content."""
    source = pdfium.PdfDocument(str(rendered["report"]))
    shifted = pdfium.PdfDocument.new()
    for index in range(len(source)):
        width, height = source[index].get_size()
        content = source.page_as_xobject(index, shifted).as_pageobject()
        content.set_matrix(pdfium.PdfMatrix(1, 0, 0, 1, 100, 80))
        page = shifted.new_page(width + 200, height + 160)
        page.insert_obj(content)
        page.gen_content()
        page.set_cropbox(100, 80, width + 100, height + 80)
    shifted.save(str(tmp_path / "shifted.pdf"))
    moved, report = read_pdf(tmp_path / "shifted.pdf"), read["report"]
    assert pdfium.PdfDocument(str(tmp_path / "shifted.pdf"))[0].get_size() == (width, height)
    assert moved.paragraphs == report.paragraphs
    assert [[(b[0], round(b[1] - 100, 2), round(b[2] - 80, 2)) for b in boxes] for boxes in moved.char_boxes] == [
        [(b[0], round(b[1], 2), round(b[2], 2)) for b in boxes] for boxes in report.char_boxes]


def test_a_span_of_a_paragraph_has_the_boxes_of_its_characters(rendered: dict[str, Path],
                                                               read: dict[str, PdfPages]) -> None:
    report = read["report"]
    document = pdfium.PdfDocument(str(rendered["report"]))
    for paragraph in report.paragraphs:
        assert len(report.char_boxes[paragraph.no - 1]) == len(paragraph.text)
    last = report.paragraphs[-1]
    start = last.text.index("2,046")
    head, tail = report.span_boxes(last, start, start + len("2,046万元"))  # the figure, then its unit overleaf
    assert (head[0], tail[0]) == (last.page, last.page + 1)
    assert document[head[0] - 1].get_textpage().get_text_bounded(*head[1:]).strip() == "2,046"
    assert document[tail[0] - 1].get_textpage().get_text_bounded(*tail[1:]).strip() == "万元"
    lines = report.span_boxes(report.paragraphs[2])
    assert len(lines) >= 3 and len({(b[0], round(b[2])) for b in lines}) == len(lines)  # one box per line
    upright, turned = read["jiangsu"], read["turned"]  # a page stored sideways: one box per line as well
    assert [len(upright.span_boxes(p)) for p in upright.paragraphs] == [
        len(turned.span_boxes(p)) for p in turned.paragraphs] == [1, 1, 2, 1, 1, 1, 1]


def test_chart_labels_and_contents_entries_stay_out_of_the_prose(
    rendered: dict[str, Path], read: dict[str, PdfPages]
) -> None:
    printed = pdfium.PdfDocument(str(rendered["chart"]))[0].get_textpage().get_text_bounded()
    assert all(value in printed and name in printed for value, name in BARS)  # the labels are in the text layer
    assert "部门主要职责" in printed
    assert [p.text for p in read["chart"].paragraphs] == list(CHART_TEXT)
    assert read["chart"].tables == []


@pytest.mark.parametrize("text", ["7", "- 7 -", "—12—", "第 7 页", "第7页 共9页", "7/9", "Page 3 of 9"])
def test_page_number_shapes(text: str) -> None:
    assert _PAGE_NUMBER.match(text)


@pytest.mark.parametrize("text", ["7月", "第7页说明", "2021年预算", "7.5"])
def test_what_is_not_a_page_number(text: str) -> None:
    assert not _PAGE_NUMBER.match(text)


def _line(text: str, x0: float, y0: float, page: int = 1, size: float = 10.0) -> Line:
    return make_line(page, [Char(c, x0 + i * size, y0, x0 + (i + 1) * size, y0 + size) for i, c in enumerate(text)])


def test_a_character_printed_twice_over_itself_is_read_once() -> None:
    once = _line("预算总表", 50, 700)
    twice = make_line(1, [*once.chars, *(Char(c.text, c.x0 + 0.4, c.y0, c.x1 + 0.4, c.y1) for c in once.chars)])
    assert twice.text == "预算总表" and len(twice.boxes) == 4
    assert make_line(1, [Char("1", 50, 700, 55, 710), Char("1", 55, 700, 60, 710)]).text == "11"


def test_where_a_paragraph_ends_between_two_lines() -> None:
    margins = _Margins(left=50, right=550, gap=4)
    full = _line("一" * 49 + "，", 50, 700)
    assert not _breaks(full, _line("继续写下去。", 50, 686), margins)  # a full line wraps
    assert _breaks(_line("一" * 20 + "。", 50, 700), _line("下一段", 50, 686), margins)  # ends a sentence
    assert _breaks(_line("一" * 30, 50, 700), _line("下一段", 50, 686), margins)  # stops short of the margin
    assert _breaks(full, _line("（二）下一节", 50, 686), margins)  # a numbered line
    assert _breaks(_line("一" * 49 + "。", 50, 700), _line("下一段", 70, 686), margins)  # indented after a sentence
    assert not _breaks(full, _line("接着写", 70, 686), margins)  # a list item's hanging indent
    assert _breaks(full, _line("下一段", 50, 650), margins)  # a wider gap than a paragraph's lines have
    assert not _breaks(_line("支出（项）1,895", 50, 700), _line("万元，与上年", 50, 686), margins)  # figure | unit
    assert not _breaks(_line("一" * 48 + "增长", 50, 80), _line("12.39%。", 50, 740, page=2), margins)  # overleaf
    assert _breaks(_line("一" * 40 + "增长", 50, 700), _line("12.39%。", 50, 686), margins)  # 12.39% would fit
    assert _breaks(full, _line("●下一项", 50, 686), margins)  # a bulleted line


@pytest.mark.parametrize(("before", "after", "joined"), [
    ("收入预算总计", "600.61万元", "收入预算总计600.61万元"), ("增加1,895", "万元", "增加1,895万元"),
    ("the GNU Free", "Documentation", "the GNU Free Documentation"), ("the library.", "ASN.1 definitions",
                                                                        "the library. ASN.1 definitions"),
    ("Version 1.3 or", "later", "Version 1.3 or later"), ("up-to-", "date", "up-to-date")])
def test_two_lines_of_a_paragraph_join_as_their_script_does(before: str, after: str, joined: str) -> None:
    first, second = _line(before, 50, 700), _line(after, 50, 686)
    text, boxes = _joined(first.text, list(first.boxes), second)
    assert text == joined and len(boxes) == len(text)


# -- unruled tables, bad input ------------------------------------------------------------------------

def test_unruled_tables_are_found_only_where_figures_align(read: dict[str, PdfPages]) -> None:
    tables = read["unruled"].tables
    assert all(not t.ruled for t in tables) and len(tables) >= 2
    functions = next(t for t in tables if "一般公共预算支出预算表" in str(t.grid.cells[(1, 1)].value))
    sample = SAMPLES["jiangsu"].tables[3]
    figures = [[v for v in row if v and v[0].isdigit() and "." in v] for row in sample.body]
    _lines, rows, _merged = _printed(functions)
    assert [[v for v in row if "." in v] for row in rows if any("." in v for v in row)] == figures
    assert functions.pages == [3, 4]
    prose = [p.text for p in read["unruled"].paragraphs]
    assert prose[:len(SAMPLES["jiangsu"].paragraphs) + 1] == [SAMPLES["jiangsu"].title, *SAMPLES["jiangsu"].paragraphs]
    for table in tables:  # no sentence is ever taken for a table row
        assert not any("。" in str(cell.value) for cell in table.grid.cells.values())
    assert not [text for text in prose if re.fullmatch(r"[\d.,% ]+", text)]  # a row of figures alone is a table
    three_public = next(t for t in tables if "三公" in str(t.grid.cells[(1, 1)].value))
    _lines, rows, _merged = _printed(three_public)
    assert [v for v in rows[-1] if v] == SAMPLES["jiangsu"].tables[5].body[0] and rows[0][:2] == [
        "合计",
        "因公出国（境）",
    ]


def test_a_scanned_pdf_says_it_has_no_text_layer(rendered: dict[str, Path], tmp_path: Path) -> None:
    source = pdfium.PdfDocument(str(rendered["jiangsu"]))
    bitmap = source[0].render(scale=1).to_pil()
    scanned = pdfium.PdfDocument.new()
    page = scanned.new_page(*source[0].get_size())
    image = pdfium.PdfImage.new(scanned)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(bitmap))
    image.set_matrix(pdfium.PdfMatrix().scale(*source[0].get_size()))
    page.insert_obj(image)
    page.gen_content()
    scanned.save(str(tmp_path / "scan.pdf"))
    with pytest.raises(PdfError, match=r"scan\.pdf 没有文字层（可能是扫描件）"):
        read_pdf(tmp_path / "scan.pdf")
    with pytest.raises(DocumentError, match="没有文字层（可能是扫描件）"):
        read_paragraphs(tmp_path / "scan.pdf")
    # A scan with its page number set as text at the foot has nothing else to read either.
    import ctypes

    import pypdfium2.raw as pdfium_c

    number = pdfium_c.FPDFPageObj_NewTextObj(scanned.raw, b"Helvetica", ctypes.c_float(10))
    buffer = ctypes.create_string_buffer("- 1 -\0".encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(number, ctypes.cast(buffer, pdfium_c.FPDF_WIDESTRING))
    pdfium_c.FPDFPageObj_Transform(number, 1, 0, 0, 1, 380, 20)
    pdfium_c.FPDFPage_InsertObject(page.raw, number)
    page.gen_content()
    scanned.save(str(tmp_path / "numbered.pdf"))
    assert "- 1 -" in pdfium.PdfDocument(str(tmp_path / "numbered.pdf"))[0].get_textpage().get_text_bounded()
    with pytest.raises(DocumentError, match=r"numbered\.pdf 没有文字层（可能是扫描件）"):
        read_paragraphs(tmp_path / "numbered.pdf")


def test_a_text_layer_of_unmapped_glyphs_is_named_as_such() -> None:
    mapped = _line("一般公共预算拨款560.61万元", 50, 700).chars
    unmapped = [Char(chr(0xE000 + i), c.x0, c.y0, c.x1, c.y1) for i, c in enumerate(mapped)]
    assert unmapped_share(mapped) == 0 and unmapped_share(unmapped) == 1
    assert unmapped_share(mapped + unmapped[:3]) < 0.5 and unmapped_share([]) == 0


def test_a_damaged_or_encrypted_pdf_gets_a_clear_message(rendered: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="找不到文件"):
        read_pdf(tmp_path / "absent.pdf")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(rendered["final"].read_bytes()[:400])
    with pytest.raises(PdfError, match="damaged.pdf 不是有效的 PDF 文件或已损坏"):
        read_pdf(damaged)
    options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    subprocess.run([ps.soffice(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    options, "--outdir", str(tmp_path), str(rendered["final"].with_suffix(".docx"))], check=True,
                   capture_output=True, timeout=180)
    with pytest.raises(DocumentError, match="final.pdf 已加密"):
        read_paragraphs(tmp_path / "final.pdf")


def test_the_benchmark_disclosure_repeats_the_sample_text_and_tables() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import pdf_read

    disclosure = pdf_read.disclosure(3)
    assert len(disclosure.tables) == 3 * len(SAMPLES["jiangsu"].tables)
    assert sum(1 for p in disclosure.paragraphs if p.endswith("部门预算编制说明")) == 3
    assert all(pdf_read.FILLER in p for p in disclosure.paragraphs if "万元" in p)
