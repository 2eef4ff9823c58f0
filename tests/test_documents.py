"""Reading a disclosure document into paragraphs (.txt in any Chinese encoding, .docx, .html, .pdf) and the reasons
given for what cannot be read — what a user sees of a document before any rule runs.

Fast on purpose (the mutation run's batch scope runs it per mutant): every document is small, invented and written
here; every expected paragraph and message is written out from the invented input.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budget_addin.files import documents
from budget_addin.files.documents import DocumentError, is_document


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", True),
        ("a.TEXT", True),
        ("a.md", True),
        ("a.docx", True),
        ("a.HTML", True),
        ("a.htm", True),
        ("a.pdf", True),
        ("a.xlsx", False),
        ("a.csv", False),
        ("a.doc", False),
        ("txt", False),
        ("a.txt.bak", False),
    ],
)
def test_which_files_are_documents(name: str, expected: bool) -> None:
    assert is_document(name) is expected and is_document(Path(name)) is expected


def test_a_document_error_is_a_read_error() -> None:
    from budget_addin.files.grid import ReadError

    assert issubclass(DocumentError, ReadError) and documents.W.endswith("main}")


# -- plain text ------------------------------------------------------------------------------------------------


def _paragraphs(path: Path) -> list[tuple[int, int | None, str, int]]:
    return [(p.no, p.page, p.text, p.heading_level) for p in documents.read_paragraphs(path)]


def _refused(path: Path | str) -> str:
    with pytest.raises(DocumentError) as caught:
        documents.read_paragraphs(path)
    return str(caught.value)


TEXT = "一、收支预算总体情况\n\n支出总计 100 万元。\n  第二句在此。  \n"
TEXT_PARAGRAPHS = [
    (1, None, "一、收支预算总体情况", 1),
    (2, None, "支出总计 100 万元。", 0),
    (3, None, "第二句在此。", 0),
]


@pytest.mark.parametrize("name", ["说明.txt", "说明.TXT", "说明.text", "说明.md"])
def test_a_text_in_utf8_is_numbered_by_paragraph(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(TEXT, encoding="utf-8")
    assert _paragraphs(tmp_path / name) == TEXT_PARAGRAPHS
    assert [p.where for p in documents.read_paragraphs(str(tmp_path / name))] == ["第1段", "第2段", "第3段"]


def test_a_text_with_a_byte_order_mark_or_in_gb18030(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert _paragraphs(tmp_path / "bom.txt") == TEXT_PARAGRAPHS
    body = "本部门二〇二一年一般公共预算支出合计一百万元，比上年增加十万元。" * 3
    (tmp_path / "gb.txt").write_bytes((TEXT + body + "\n").encode("gb18030"))
    assert _paragraphs(tmp_path / "gb.txt") == [*TEXT_PARAGRAPHS, (4, None, body, 0)]


def test_decoding_bytes() -> None:
    assert documents.decode_text(b"\xef\xbb\xbf\xe9\x83\xa8") == "部"
    assert documents.decode_text("部门𠀀".encode()) == "部门𠀀"
    long = "本部门二〇二一年一般公共预算支出合计一百万元，比上年增加十万元。" * 3 + "𠀀"
    assert documents.decode_text(long.encode("gb18030")) == long
    with pytest.raises(DocumentError, match="^无法识别文本编码（应为 UTF-8、GBK 或 GB18030）$"):
        documents.decode_text(bytes(range(256)) * 4)


@pytest.mark.parametrize("detected", ["GBK", "gb2312", "HZ"])
def test_a_text_detected_as_gbk_is_read_as_gb18030_which_holds_every_character(
    monkeypatch: pytest.MonkeyPatch, detected: str
) -> None:
    import charset_normalizer

    class Best:
        encoding = detected

    class Found:
        def best(self) -> Best:
            return Best()

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data: Found())
    # 镕 is in GBK, not GB2312; 𠀀 only in GB18030 (four bytes): read right only as GB18030
    assert documents.decode_text("镕𠀀。".encode("gb18030")) == "镕𠀀。"


def test_a_text_in_an_encoding_read_with_replacements(monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    class Best:
        encoding = "ascii"

    class Found:
        def best(self) -> Best:
            return Best()

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data: Found())
    assert documents.decode_text(b"ab\xffc") == "ab\ufffdc"


def test_what_cannot_be_read_is_refused_with_its_reason(tmp_path: Path) -> None:
    assert _refused(tmp_path / "无.txt") == f"找不到文件 {tmp_path / '无.txt'}"
    assert _refused(str(tmp_path)) == f"找不到文件 {tmp_path}"  # a folder is no file
    (tmp_path / "空.txt").write_text(" \n\u3000\n\n", encoding="utf-8")
    assert _refused(tmp_path / "空.txt") == "空.txt 中没有文字"
    (tmp_path / "坏.txt").write_bytes(b"\xef\xbb\xbf\xff\xfe")
    assert _refused(tmp_path / "坏.txt") == (
        "无法读取文档 坏.txt：'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
    )


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUDGET_ADDIN_MAX_FILE_MB", "1")
    for name in ("大.txt", "大.html", "大.docx"):
        (tmp_path / name).write_bytes(b"x" * (1024 * 1024 + 1))
        assert _refused(tmp_path / name) == (
            f"{name}：文件过大（1 MB），超过文件大小上限 1 MB（可用环境变量 BUDGET_ADDIN_MAX_FILE_MB 调整）"
        )
    (tmp_path / "正好.txt").write_bytes("一句。".encode() + b" " * (1024 * 1024 - 9))
    assert _paragraphs(tmp_path / "正好.txt") == [(1, None, "一句。", 0)]


def test_a_locked_file_is_not_called_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "锁.txt").write_text(TEXT, encoding="utf-8")

    def fail(error: OSError):  # noqa: ANN202
        def read_bytes(self: Path) -> bytes:
            raise error

        return read_bytes

    monkeypatch.setattr(Path, "read_bytes", fail(PermissionError(13, "拒绝访问")))
    with pytest.raises(PermissionError):
        documents.read_paragraphs(tmp_path / "锁.txt")
    monkeypatch.setattr(Path, "read_bytes", fail(FileNotFoundError(2, "刚被删除")))
    with pytest.raises(FileNotFoundError):
        documents.read_paragraphs(tmp_path / "锁.txt")
    monkeypatch.setattr(Path, "read_bytes", fail(OSError(5, "设备错误")))
    assert _refused(tmp_path / "锁.txt") == "无法读取文档 锁.txt：[Errno 5] 设备错误"
    monkeypatch.setattr(Path, "read_bytes", fail(KeyError("part")))
    assert _refused(tmp_path / "锁.txt") == "无法读取文档 锁.txt：'part'"


# -- Word ------------------------------------------------------------------------------------------------------

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _t(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _cell(*paragraphs: str) -> str:
    return "<w:tc>" + "".join(_t(p) for p in paragraphs) + "</w:tc>"


BODY = (
    _t("一、收支总体情况") + "<w:p><w:r><w:t>支出</w:t></w:r><w:r><w:tab/><w:t>100</w:t><w:br/><w:t>万元</w:t><w:cr/>"
    '<w:t xml:space="preserve"> 。</w:t></w:r><!-- 批注 --><?pi x?><w:r><w:t/></w:r><w:r><w:t>尾</w:t></w:r>'
    "<w:r><plain>无命名空间</plain></w:r></w:p>"
    + "<w:tbl><w:tr>"
    + _cell(" 项目 ")
    + _cell("金额", "（万元）")
    + "</w:tr>"
    + "<w:tr>"
    + _cell("基本支出")
    + _cell("60")
    + "</w:tr></w:tbl>"
    + _t("完。")
    + "<w:sectPr/>"
)


def _docx(path: Path, body: str = BODY, document: str | None = None) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", TYPES)
        package.writestr(
            "word/document.xml",
            document
            if document is not None
            else f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>',
        )
    return path


def test_a_word_document_paragraphs_and_table_rows_in_order(tmp_path: Path) -> None:
    assert _paragraphs(_docx(tmp_path / "说明.docx")) == [
        (1, None, "一、收支总体情况", 1),
        (2, None, "支出\t100 万元  。尾", 0),
        (3, None, "项目\t金额（万元）", 0),
        (4, None, "基本支出\t60", 0),
        (5, None, "完。", 0),
    ]


def test_the_lines_of_a_word_document_as_read(tmp_path: Path) -> None:
    assert documents._docx_lines(_docx(tmp_path / "说明.docx")) == [
        "一、收支总体情况",
        "支出\t100 万元  。尾",
        "项目\t金额（万元）",
        "基本支出\t60",
        "完。",
    ]


def test_word_blocks_stream_the_body_only(tmp_path: Path) -> None:
    blocks = list(documents.word_blocks(_docx(tmp_path / "说明.docx")))
    assert [b.tag.rsplit("}", 1)[1] for b in blocks] == ["p", "p", "tbl", "p"]


def test_a_long_word_document_keeps_every_paragraph_and_holds_two_at_a_time(tmp_path: Path) -> None:
    texts = [f"第{n}句。" for n in range(1, 301)]
    path = _docx(tmp_path / "长.docx", "".join(_t(t) for t in texts))
    assert [p.text for p in documents.read_paragraphs(path)] == texts
    held = []
    for block in documents.word_blocks(path):
        before = block.getprevious()
        held.append((block.getparent().index(block), 0 if before is None else len(before)))
    # each block, when it comes, has before it only the one before, already emptied
    assert held[0] == (0, 0) and set(held[1:]) == {(1, 0)}


def test_a_word_document_that_cannot_be_read(tmp_path: Path) -> None:
    import zipfile

    assert _refused(_docx(tmp_path / "空.docx", "<w:p/>")) == "空.docx 中没有文字"
    doctype = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]><w:document {NS}><w:body>{_t("&e;")}</w:body></w:document>'
    )
    assert _refused(_docx(tmp_path / "实体.docx", document=doctype)) == (
        "实体.docx：部件 word/document.xml 含有 DOCTYPE 声明（Word 不会写入，可能是恶意文件），已拒绝"
    )
    (tmp_path / "旧.docx").write_bytes(b"not a zip at all")
    assert _refused(tmp_path / "旧.docx") == (
        f"不是有效的 .docx 文件（应为 zip 格式；旧版 .doc 请另存为 .docx）：{tmp_path / '旧.docx'}"
    )
    with zipfile.ZipFile(tmp_path / "缺.docx", "w") as package:
        package.writestr("[Content_Types].xml", TYPES)
    assert _refused(tmp_path / "缺.docx") == f"不是 Word 文档（缺少 word/document.xml）：{tmp_path / '缺.docx'}"


def test_a_broken_main_part_the_first_check_did_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts past what the DOCTYPE check reads (8 MB) are checked as they are parsed."""
    from budget_addin.files import grid

    monkeypatch.setattr(grid, "refuse_doctypes", lambda archive, program: None)
    doctype = f'<?xml version="1.0"?><!DOCTYPE x><w:document {NS}><w:body>{_t("一")}</w:body></w:document>'
    from budget_addin.files.grid import ReadError

    with pytest.raises(ReadError, match="^部件 word/document.xml 含有 DOCTYPE 声明"):
        documents.read_paragraphs(_docx(tmp_path / "实体.docx", document=doctype))
    half = _docx(tmp_path / "半.docx", document=f"<w:document {NS}>\n<w:body>{_t('一')}<w:p>")
    assert _refused(half) == "半.docx 的部件 word/document.xml 不是有效的 XML（第 2 行附近），文件已损坏"
    damaged = _docx(tmp_path / "坏.docx", _t("一" * 5000))
    data = bytearray(damaged.read_bytes())
    at = data.find(b"word/document.xml") + len("word/document.xml") + 40  # inside the compressed part
    data[at] ^= 0xFF
    damaged.write_bytes(bytes(data))
    assert _refused(damaged) == "坏.docx 已损坏（部件缺失、截断或校验失败）"


# -- web pages -------------------------------------------------------------------------------------------------

PAGE = (
    '<html><head><title>标题不读</title><style>p{color:red}</style></head><body><script>var x="脚本";</script>'
    "<h1>一、收支总体情况</h1><div>支出总计<b>100</b>万元。<br>第二行。</div><!-- 注释 -->"
    "<table><tr><th> 项目 </th><th>金额<p>（万元）</p></th></tr><tr><td>\u3000基本支出\xa0</td><td>60</td></tr></table>"
    "<p>\u3000\u3000完。\xa0</p><span>内联</span>文字</body></html>"
)
PAGE_PARAGRAPHS = [
    (1, None, "一、收支总体情况", 1),
    (2, None, "支出总计100万元。", 0),
    (3, None, "第二行。", 0),
    (4, None, "项目\t金额（万元）", 0),
    (5, None, "基本支出\t60", 0),
    (6, None, "完。", 0),
    (7, None, "内联文字", 0),
]


@pytest.mark.parametrize(("name", "encoding"), [("页.html", "utf-8"), ("页.HTM", "utf-8"), ("页.htm", "gb18030")])
def test_a_web_page_one_paragraph_per_block_and_table_row(tmp_path: Path, name: str, encoding: str) -> None:
    body = "本部门二〇二一年一般公共预算支出合计一百万元，比上年增加十万元。" * 3
    (tmp_path / name).write_bytes((PAGE.replace("文字</body>", f"文字<p>{body}</p></body>")).encode(encoding))
    assert _paragraphs(tmp_path / name) == [*PAGE_PARAGRAPHS, (8, None, body, 0)]


def test_a_page_refused_is_named_as_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_ADDIN_MAX_ELEMENTS", "1")
    with pytest.raises(DocumentError, match="^网页：网页有约 2 个元素"):
        documents._html_lines(b"<p>a</p><p>b</p>")


def test_the_lines_of_a_page_as_read() -> None:
    assert documents._html_lines(b"<p>a</p>") == ["", "a"]
    assert documents._html_lines(b"<p>a<br>b</p>") == ["", "a", "b"]
    assert documents._html_lines(
        "<table><tr><td>a</td> <td>b  c</td></tr></table><p>X甲X</p><p>\u2002乙\u2002</p>".encode()
    ) == ["", "a\tb c", "", "X甲X", "", "\u2002乙\u2002"]

    assert documents._html_lines(b"<table><tr><td> a </td><td>b\xc2\xa0</td></tr></table>") == ["", "a\tb"]
    assert documents._html_lines("<p>甲\u3000</p>\u3000<p>乙</p>".encode()) == ["", "甲", "", "乙"]


@pytest.mark.parametrize(
    ("page", "depth"),
    [
        (b"", 0),
        (b"text", 0),
        (b"<div>x</div>", 1),
        (b"<div><p><span>x</span></p></div><br/><img src=x><section/>", 2),
        (b"<DIV><Span><a>x</a></Span></DIV>", 3),
        (b"</div></div><div>", 1),
        (b"<a><b></b><c><d>", 3),
        (b"<p><li><td><tr><br><hr><html><body><head>x", 0),
        (b"<x-y><z:w>1</z:w></x-y>", 2),
    ],
)
def test_how_deep_a_page_nests(page: bytes, depth: int) -> None:
    assert documents._nesting(page, 100) == depth


def test_counting_the_nesting_stops_past_the_limit() -> None:
    assert documents._nesting(b"<div>" * 10, 3) == 4
    assert documents._nesting(b"<div>" * 3, 3) == 3


def test_a_page_past_the_limits_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    page = b"<div><div><div><p>x</p></div></div></div><i>y</i>"
    monkeypatch.setenv("BUDGET_ADDIN_MAX_ELEMENTS", "4")  # 10 tags open, 5 of them close: about 5 elements
    with pytest.raises(DocumentError) as caught:
        documents.html_root(page, "页X")
    assert (
        str(caught.value)
        == "页X：网页有约 5 个元素，超过网页元素数量上限 4 个（可用环境变量 BUDGET_ADDIN_MAX_ELEMENTS 调整）"
    )
    monkeypatch.setenv("BUDGET_ADDIN_MAX_ELEMENTS", "5")
    monkeypatch.setenv("BUDGET_ADDIN_MAX_DEPTH", "2")
    with pytest.raises(DocumentError) as caught:
        documents.html_root(page, "页X")
    assert (
        str(caught.value)
        == "页X：网页嵌套超过 2 层，超过网页嵌套层数上限 2 层（可用环境变量 BUDGET_ADDIN_MAX_DEPTH 调整）"
    )
    monkeypatch.setenv("BUDGET_ADDIN_MAX_DEPTH", "3")
    assert documents.html_root(page, "页X").text_content() == "xy"
    monkeypatch.setenv("BUDGET_ADDIN_MAX_FILE_MB", "1")
    with pytest.raises(DocumentError, match="^页X：文件过大（1 MB），超过文件大小上限 1 MB"):
        documents.html_root(b" " * (1024 * 1024 + 1), "页X")


def test_a_page_nested_deeper_than_the_parser_keeps_is_read_with_its_wrappers_flattened(tmp_path: Path) -> None:
    deep = "<div><span>" * 1500 + "<p>深处的文字。</p>" + "</span></div>" * 1500  # 3,000 levels: libxml2 keeps 2,048
    (tmp_path / "深.html").write_text(deep, encoding="utf-8")
    assert _paragraphs(tmp_path / "深.html") == [(1, None, "深处的文字。", 0)]
    lists = "<ul>" * 2001 + "深" + "</ul>" * 2001  # lists are flattened too
    (tmp_path / "列表.html").write_text(lists, encoding="utf-8")
    assert [p.text for p in documents.read_paragraphs(tmp_path / "列表.html")] == ["深"]
    tables = "<table><tr><td>" * 501 + "深" + "</td></tr></table>" * 501  # tables are not
    (tmp_path / "表格.html").write_text(tables, encoding="utf-8")
    assert _refused(tmp_path / "表格.html") == (
        "表格.html：网页嵌套超过 500 层（去掉外层 div、span、列表之后仍是），解析器无法完整读取，已拒绝"
    )
    just = "<div>" * 10 + "<ul>" * 2000 + "深" + "</ul>" * 2000 + "</div>" * 10  # 2,000 lists: the parser keeps them
    (tmp_path / "正好.html").write_text(just, encoding="utf-8")
    assert [p.text for p in documents.read_paragraphs(tmp_path / "正好.html")] == ["深"]


def test_a_page_under_the_parser_depth_is_not_flattened() -> None:
    page = ("<div>" * 199 + "<b>粗</b>" + "</div>" * 199).encode()  # 200 levels
    root = documents.html_root(page, "页")
    assert [e.tag for e in root.iter("b")] == ["b"] and len(list(root.iter("div"))) == 199
    page = ("<div>" * 200 + "<b>粗</b><span>细</span>" + "</div>" * 200).encode()  # 201 levels: flattened
    root = documents.html_root(page, "页")
    assert [e.tag for e in root.iter("b", "span", "div")] == [] and root.text_content() == "粗细"
    assert len(list(root.iter("p"))) == 400  # each div's start and end tag a paragraph break


def test_a_page_in_gb18030_and_one_that_is_no_page() -> None:
    body = "本部门二〇二一年一般公共预算支出合计一百万元，比上年增加十万元。镕𠀀" * 3
    assert documents.html_root(f"<p>{body}</p>".encode("gb18030"), "页").text_content() == body
    assert documents._looks_utf8("部".encode()) and not documents._looks_utf8("部".encode("gb18030"))
    with pytest.raises(DocumentError, match="^无法解析 HTML：空页（"):
        documents.html_root(b"", "空页")


# -- PDF -------------------------------------------------------------------------------------------------------


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (ASCII, Helvetica), one under the other."""
    content = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({t}) Tj 0 -20 Td" for t in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def test_a_pdf_paragraphs_with_their_page(tmp_path: Path) -> None:
    (tmp_path / "a.PDF").write_bytes(pdf_bytes(["Budget of 2021.", "Spending is 100."]))
    assert _paragraphs(tmp_path / "a.PDF") == [(1, 1, "Budget of 2021.", 0), (2, 1, "Spending is 100.", 0)]
    assert [p.where for p in documents.read_paragraphs(tmp_path / "a.PDF")] == ["第1页第1段", "第1页第2段"]


def test_a_pdf_that_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "扫描.pdf").write_bytes(pdf_bytes([]))
    assert _refused(tmp_path / "扫描.pdf") == (
        "扫描.pdf 没有文字层（可能是扫描件）：请先做文字识别（OCR），或提供 Word/文本版本"
    )
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.4 garbage")
    assert _refused(tmp_path / "坏.pdf").startswith("坏.pdf 不是有效的 PDF 文件或已损坏")
    from budget_addin.files.published import pdf_text

    class TablesOnly:
        paragraphs: list = []

    monkeypatch.setattr(pdf_text, "read_layout", lambda path: TablesOnly())
    assert _refused(tmp_path / "坏.pdf") == "坏.pdf 中没有正文段落（只有表格）"


# -- a document against a workbook -----------------------------------------------------------------------------


def test_a_text_against_the_workbook_names_the_file_and_paragraph(seed_book: object, tmp_path: Path) -> None:
    from decimal import Decimal as D

    (tmp_path / "说明.txt").write_text(
        "一、收支预算总体情况\n支出总计 3805.77 万元。基本支出 1300.00 万元。\n"
        "会议费 50 万元，比上年 40 万元减少 10 万元。\n",
        encoding="utf-8",
    )
    found = documents.text_against_book(seed_book, tmp_path / "说明.txt")  # type: ignore[arg-type]
    # 基本支出: the seed's 收入支出!B19 is 1304.85; 支出总计 3805.77 agrees; 50 against 40 is no 减少
    assert [(f.rule, f.severity, f.scope, f.cells, f.expected, f.actual) for f in found if f.rule != "SM-UNLINKED"] == [
        ("TX-CHANGE", "error", "文本", ("说明.txt 第3段",), D("10"), D("-10")),
        ("SM-AMOUNT", "error", "说明", ("说明.txt 第2段", "收入支出!B19"), D("1304.85"), D("1300.00")),
    ]
    assert "表中为 1304.85 万元（收入支出!B19），相差 4.85 万元" in found[-1].message or any(
        "相差 4.85 万元" in f.message for f in found
    )
    unlinked = [(f.severity, f.cells) for f in found if f.rule == "SM-UNLINKED"]
    assert unlinked and set(unlinked) == {("info", ("说明.txt 第3段",))}


@pytest.mark.parametrize("depth", [300, 500])
def test_tables_nested_deep_are_read_whole_by_the_parser(tmp_path: Path, depth: int) -> None:
    """Up to 500 tables deep (2,000 elements with the implied tbody) the parser keeps every level (huge_tree)."""
    page = tmp_path / "表中表.html"
    page.write_text("<p>开头。</p>" + "<table><tr><td>" * depth + "深处的文字。" + "</td></tr></table>" * depth
                    + "<p>结尾。</p>", encoding="utf-8")
    assert [text for _no, _page, text, _level in _paragraphs(page)] == ["开头。", "深处的文字。", "结尾。"]


def test_a_text_is_measured_before_it_is_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At most 4 bytes a character: 600 bytes hold at least 150 characters, past a limit of 100, unread."""
    monkeypatch.setenv("BUDGET_ADDIN_MAX_TEXT_CHARS", "100")
    (tmp_path / "乱码.txt").write_bytes(b"\xff\xfe\x00" * 200)
    assert _refused(tmp_path / "乱码.txt") == (
        "乱码.txt：文档文字超过 150 字，超过文档文字数量上限 100 字（可用环境变量 BUDGET_ADDIN_MAX_TEXT_CHARS 调整）"
    )
    (tmp_path / "正好.txt").write_text("字" * 100, encoding="utf-8")  # 300 bytes, 100 characters: read
    assert [text for _no, _page, text, _level in _paragraphs(tmp_path / "正好.txt")] == ["字" * 100]


def test_a_pdfs_prose_is_bounded_by_the_reader_for_every_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The prose limit is checked where a PDF's paragraphs are made: read_paragraphs and read_document alike."""
    from budget_addin.files.grid import ReadError
    from budget_addin.files.published.document import read_document

    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_bytes(["Budget of 2021.", "Spending is 100."]))  # 31 characters of prose
    monkeypatch.setenv("BUDGET_ADDIN_MAX_TEXT_CHARS", "30")
    for read in (documents.read_paragraphs, read_document):
        with pytest.raises(ReadError, match="文档文字超过 31 字，超过文档文字数量上限 30 字"):
            read(path)
    monkeypatch.setenv("BUDGET_ADDIN_MAX_TEXT_CHARS", "31")
    assert [p.text for p in documents.read_paragraphs(path)] == ["Budget of 2021.", "Spending is 100."]
