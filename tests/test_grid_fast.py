"""The grid reader's three ways of reading a sheet give one answer (differential tests).

A sheet laid out as Excel writes it is read row by row, parsed whole when small
(``WHOLE_PART_BYTES``) or streamed when big; anything else is read element by element by
``_read_any``, the reference. Here every sheet is read all three ways (threshold huge, threshold
0, row-by-row reading switched off) and the results must be identical: cells, merged ranges,
max_row, issues, and the Chinese error when the workbook is refused.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from budget_addin.files import grid
from budget_addin.files.grid import ReadError, read_grid
from budget_addin.files.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "workbook" / "Changjiang2020.xlsm"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OPEN = f'<worksheet xmlns="{MAIN}">'
STRINGS = ["项目", "金额", "单位"]


def _deep(levels: int) -> str:
    """Elements nested ``levels`` deep (lxml refuses a document deeper than 255 without huge_tree)."""
    return "<a>" * levels + "</a>" * levels


def _package(path: Path, sheet: str | bytes, strings: str | bytes | None = None) -> Path:
    """A one-sheet workbook (sheet 表1) with the given sheet part, three shared strings and four styles."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    if strings is None:
        strings = f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{s}</t></si>" for s in STRINGS) + "</sst>"
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="164" formatCode="0.000"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="4"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs></styleSheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{rel}"><sheets>'
                                            '<sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>'))
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", strings)
        archive.writestr("xl/styles.xml", styles)
    return path


def _outcome(path: Path, **kwargs: object) -> tuple:
    """What reading a workbook gives, comparable across ways of reading: every sheet's content, or the error."""
    try:
        sheets = read_grid(path, **kwargs)
    except ReadError as exc:
        return ("refused", str(exc))
    return ("read", list(sheets.names), {
        name: (sheet.cells, sheet.merged, sheet.max_row, sheet.issues) for name, sheet in sheets.items()})


def _three_ways(path: Path, monkeypatch: pytest.MonkeyPatch, **kwargs: object) -> tuple:
    """The outcome read whole, streamed and element by element, asserted identical."""
    with monkeypatch.context() as patch:
        patch.setattr(grid, "WHOLE_PART_BYTES", 1 << 40)
        whole = _outcome(path, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(grid, "WHOLE_PART_BYTES", 0)
        streamed = _outcome(path, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(grid, "_read_regular", lambda *args: None)
        patch.setattr(grid, "_whole_strings", lambda *args: None)
        reference = _outcome(path, **kwargs)
    assert whole == reference
    assert streamed == reference
    return reference


def test_seed_workbook_read_alike_every_way(monkeypatch: pytest.MonkeyPatch) -> None:
    outcome = _three_ways(SEED, monkeypatch)
    assert outcome[0] == "read" and len(outcome[2]) == 31
    assert sum(len(cells) for cells, *_ in outcome[2].values()) > 2000
    assert any(merged for _cells, merged, *_ in outcome[2].values())


def test_seed_workbook_head_reads_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    names = grid.sheet_names(SEED)
    outcome = _three_ways(SEED, monkeypatch, heads=set(names[::3]))
    assert all(max_row <= grid.HEAD_ROWS for name, (_c, _m, max_row, _i) in outcome[2].items() if name in names[::3])


def test_row_by_row_reading_is_used_for_regular_sheets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The fast ways are really taken for the seed and the procurement layout (not silently the reference)."""
    calls: list[str] = []
    original = grid._read_any
    monkeypatch.setattr(grid, "_read_any", lambda name, *args: calls.append(name) or original(name, *args))
    read_grid(SEED)
    assert calls == []
    monkeypatch.setattr(grid, "WHOLE_PART_BYTES", 0)
    read_grid(SEED)
    assert calls == []
    read_grid(_package(tmp_path / "stray.xlsx", OPEN + '<sheetData><c r="A1"><v>1</v></c></sheetData></worksheet>'))
    assert calls == ["表1"]


def test_seed_shared_strings_are_read_whole_and_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed's strings take the parse-whole way, and it gives what the streamed reader gives."""
    with zipfile.ZipFile(SEED) as archive:
        whole = grid._whole_strings(archive, "xl/sharedStrings.xml", Limits())
        monkeypatch.setattr(grid, "_whole_strings", lambda *args: None)
        streamed = grid._shared_strings(archive, "xl/sharedStrings.xml", Limits())
    assert whole is not None and len(whole) > 500
    assert whole == streamed


# -- generated sheets ------------------------------------------------------------------------------

CELLS = [
    '<c r="{c}{r}" t="s"><v>0</v></c>', '<c r="{c}{r}" t="s"><v>2</v></c>', '<c r="{c}{r}" t="s"><v>99</v></c>',
    '<c r="{c}{r}" t="s"><v>x</v></c>', '<c r="{c}{r}" t="s"><f>A1</f><v>7</v></c>',
    '<c r="{c}{r}" t="inlineStr"><is><t>行内</t></is></c>',
    '<c r="{c}{r}" t="inlineStr"><is><r><t>富</t></r><r><rPr/><t>文本</t></r><rPh><t>ふ</t></rPh></is></c>',
    '<c r="{c}{r}" t="s"><is><t>错型</t></is></c>', '<c r="{c}{r}"><is><t>无型</t></is></c>',
    '<c r="{lc}{r}"><v>5</v></c>', '<c><v>6</v></c>', '<c s="1"><v>6.5</v></c>', '<c/>',
    '<c r="{c}{r}"><f>SUM(A1:A3)</f><v>8</v></c>',
    '<c r="{c}{r}"><f t="shared" ref="G1:G3" si="0">A1*2</f><v>2</v></c>',
    '<c r="{c}{r}"><f t="shared" si="0"/><v>4</v></c>', '<c r="{c}{r}" t="str"><f>YS_CHECK(A1)</f></c>',
    '<c r="{c}{r}" t="b"><v>1</v></c>', '<c r="{c}{r}" t="e"><v>#DIV/0!</v></c>',
    '<c r="{c}{r}" t="d"><v>2020-01-01</v></c>',
    '<c r="{c}{r}" t="zz"><v>3</v></c>', '<c r="{c}{r}" s="2"><v>1.5</v></c>', '<c r="{c}{r}" s="3"><v>0.25</v></c>',
    '<c r="{c}{r}" s="999"><v>9</v></c>', '<c r="{c}{r}" s="x"><v>9</v></c>', '<c r="{c}{r}" s="0002"><v>9</v></c>',
    '<c r="{c}{r}" s="1"/>', '<c r="{c}{r}"><v></v></c>', '<c r="{c}{r}"><v>1</v><v>2</v></c>',
    '<c r="{c}{r}"><!-- note --><v>12</v></c>', '<c r="{c}{r}"><v>13</v><extLst><ext/></extLst></c>',
    '<c r="1A"><v>1</v></c>', '<c r="{c}0"><v>1</v></c>', '<c r="{c}0{r}"><v>2</v></c>', '<c r=" {c}{r}"><v>3</v></c>',
    '<c r="{c}{r}1"><v>4</v></c>', '<c r="{c}１"><v>5</v></c>', '<c r="AAAA{r}"><v>6</v></c>', '<c r=""><v>7</v></c>',
    '<c r="{c}{r}"><v>1&lt;2</v></c>', '<c r="{c}{r}"><v><![CDATA[cd]]></v></c>',
]
ROW_OPENINGS = ['<row r="{r}">', '<row r="{r}" spans="1:9">', "<row>", '<row r="0{r}">', '<row r=" {r}">',
                '<row r="x">', '<row r="{r2}">']
IRREGULAR = [
    '<c r="Z{r}"><v>1</v></c>',  # a cell straight in sheetData
    '<row r="{r}"><c r="A{r}"><v>1</v><c r="B{r}"><v>2</v></c></c></row>',  # a cell in a cell
    '<row r="{r}"><c r="A{r}"><v>1<c r="C{r}"><v>3</v></c></v></c></row>',  # a cell in a value
    '<row r="{r}"><c r="A{r}"><v>4</v><row r="9"/></c></row>',  # a row in a cell
    '<row r="{r}"><c r="A{r}"><v>1</v></c><mergeCell ref="A1:B2"/></row>',  # a merge in a row
    '<row r="{r}"><row r="{r2}"><c r="D{r2}"><v>5</v></c></row><c><v>6</v></c></row>',  # a row in a row
    '<row r="{r}"><x><c r="E{r}"><v>7</v></c></x></row>',  # a cell in an unknown element of a row
    '<row r="{r}"><c t="inlineStr"><is><t>a</t><c r="F{r}"><v>8</v></c></is></c></row>',  # a cell in a string
    '<row r="{r}"><c t="inlineStr"><is><t>a<c r="G{r}"><v>9</v></c></t></is></c></row>',  # a cell in a text
    '<row r="{r}"><c r="H{r}"><c r="H{r2}"/></c></row>',  # an empty cell in a cell
    '<row r="{r}"><c r="A{r}" s="1"/><row r="{r2}"/></row>',  # an empty row in a row, after a blank
    '<row r="{r}"><c r="A{r}" s="1"/><mergeCell ref="A1:B2"/><c r="B{r}"><v>1</v></c></row>',  # a merge among cells
]
MERGES = ['<mergeCell ref="A1:B2"/>', '<mergeCell ref="c3:d4"/>', '<mergeCell ref="E5"/>', '<mergeCell ref="B9:A8"/>',
          '<mergeCell ref="bad"/>', '<mergeCell/>']


def _random_sheet(rng: random.Random, irregular: bool) -> str:
    rows = []
    number = 0
    for _ in range(rng.randint(0, 8)):
        number += rng.choice((1, 1, 2, 0))
        cells = []
        for column in rng.sample(range(1, 12), rng.randint(0, 6)):
            letter = grid.col_letter(column)
            cells.append(rng.choice(CELLS).format(c=letter, lc=letter.lower(), r=number))
        opening = rng.choice(ROW_OPENINGS).format(r=number, r2=number + 3)
        rows.append(opening + "".join(cells) + "</row>")
        if irregular and rng.random() < 0.3:
            rows.append(rng.choice(IRREGULAR).format(r=number + 1, r2=number + 2))
    merges = "".join(rng.sample(MERGES, rng.randint(0, 3)))
    merge_part = f"<mergeCells>{merges}</mergeCells>" if merges else ""
    before = rng.random() < 0.2  # merges may stand before the cells
    head = '<sheetPr><c r="A1"><v>0</v></c></sheetPr>' if irregular and rng.random() < 0.2 else "<sheetPr/>"
    tail = '<c r="Q1"><v>1</v></c>' if irregular and rng.random() < 0.2 else "<!-- end -->"
    body = "<sheetData>" + "".join(rows) + "</sheetData>"
    return OPEN + head + (merge_part + body if before else body + merge_part) + tail + "</worksheet>"


@pytest.mark.parametrize("case", range(120))
def test_generated_sheets_read_alike_every_way(case: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rng = random.Random(case)
    sheet = _random_sheet(rng, irregular=case % 2 == 1)
    path = _package(tmp_path / f"case{case}.xlsx", sheet)
    limits = Limits(max_cells=rng.choice((5_000_000, 12, 4)), max_rows=rng.choice((1_048_576, 5)))
    _three_ways(path, monkeypatch, limits=limits)
    _three_ways(path, monkeypatch, limits=limits, heads={"表1"})


@pytest.mark.parametrize("irregular", IRREGULAR)
def test_each_irregular_layout_read_alike(irregular: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c><v>2</v></c></row>' + irregular.format(r=2, r2=3)
    after = '<row r="7"><c><v>3</v></c><c r="c7"><v>4</v></c></row>'
    sheet = (
        OPEN
        + "<sheetData>"
        + rows
        + after
        + '</sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>'
    )
    outcome = _three_ways(_package(tmp_path / "irregular.xlsx", sheet), monkeypatch)
    assert outcome[0] == "read"


@pytest.mark.parametrize("sheet", [
    OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2000000"><v>1</v></c></row>'
           '</sheetData></worksheet>',
    OPEN + '<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>',
    OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFE1" s="1"/></row>'
           '</sheetData></worksheet>',  # a blank past XFD
    OPEN + '<sheetData><row r="1"><c r="B1" s="1"/><c><v>2</v></c><c r="A2000000" s="2"/></row>'
           '</sheetData></worksheet>',
    OPEN + '<sheetPr><c r="A3000000"/></sheetPr><sheetData><row r="1"><c r="A2000000"><v>1</v></c></row>'
           '</sheetData></worksheet>',
    OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><c r="A3000000"/>'
           '<row r="2"><c r="A2000000"><v>1</v></c></row></sheetData></worksheet>',
    '<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>' + OPEN
    + '<sheetData><row r="1"><c r="A1"><v>&a;</v></c></row></sheetData></worksheet>',
    '<!DOCTYPE worksheet>' + OPEN + "<sheetData/></worksheet>",  # a DOCTYPE and no cell: read as before (empty)
    OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c>',  # truncated
    OPEN + '<sheetData><row r="1"><c r="A2000000"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c>',  # both
    OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet><extra/>',  # junk after the root
    "not xml at all",
    b'\xff\xfe'
    + (OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>').encode("utf-16-le"),
    '<c r="A1" xmlns="' + MAIN + '"><v>1</v></c>',  # a cell as the whole part
    '<row r="1" xmlns="' + MAIN + '"><c r="A1"><v>1</v></c></row>',  # a row as the whole part
    OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
           '<mergeCells><mergeCell ref="A1:A1048576"/></mergeCells></worksheet>',
    # what the standard library's parser (small parts) and lxml (the reference) could take differently
    OPEN + _deep(300) + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',  # lxml: too deep
    OPEN + _deep(230) + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',  # deep, allowed
    OPEN + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r>' + _deep(300) + '<t>深</t></r></is></c></row>'
           '</sheetData></worksheet>',
    OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v>' + _deep(240) + '</c></row></sheetData></worksheet>',
    b'<?xml version="1.0" encoding="ISO-8859-1"?>' + (OPEN + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                                                            'caf\xe9</t></is></c></row></sheetData></worksheet>').encode("latin-1"),
    b'<?xml version="1.0" encoding="GBK"?>' + (OPEN + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                                                     '合计</t></is></c></row></sheetData></worksheet>').encode("gbk"),
    b'\xef\xbb\xbf' + (OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>').encode(),
    # an entity nobody declared
    OPEN + '<sheetData><row r="1"><c r="A1"><v>&nbsp;1</v></c></row></sheetData></worksheet>',
    ('<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>' + OPEN
     + '<sheetData><row r="1"><c r="A1"><v>&a;</v></c></row></sheetData>'
     '</worksheet>').encode("utf-16-le"),  # UTF-16 without a byte-order mark: its DOCTYPE is not ASCII bytes
    b'<?xml version="1.0" encoding="cp500"?>'
    + ('<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>' + OPEN + '<sheetData><row r="1">'
       '<c r="A1"><v>&a;</v></c></row></sheetData></worksheet>').encode("cp500"),
    b"<?xml version='1.0' encoding = 'ISO-8859-1'?>" + (OPEN + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                                                       '\xc3\xa9</t></is></c></row></sheetData></worksheet>').encode("latin-1"),
    OPEN + '<!-- <!DOCTYPE x> --><sheetData><?pi x?><row r="1"><!-- c --><c r="A1"><v>1&amp;&#50;</v></c></row>'
           '</sheetData></worksheet>',
    '<?xml version="1.1"?>' + OPEN + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
    OPEN.replace("<worksheet ", "<x:worksheet ") + '<sheetData/></x:worksheet>',  # an undeclared prefix
])
def test_refused_and_odd_parts_alike(sheet: str | bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _three_ways(_package(tmp_path / "odd.xlsx", sheet), monkeypatch)
    _three_ways(_package(tmp_path / "odd.xlsx", sheet), monkeypatch, limits=Limits(max_cells=1))


def _one_cell(cell: str) -> str:
    return OPEN + '<sheetData><row r="1">' + cell + "</row></sheetData></worksheet>"


# Where the standard library's parser (small parts) and lxml (the reference) could read bytes differently.
BYTES_AND_ESCAPES = [
    b'<?xml version="1.0" encoding="latin-1"?>' + _one_cell('<c r="A1" t="inlineStr"><is><t>合</t></is></c>').encode(),
    b'<?xml version="1.0" encoding="x-nope"?>' + _one_cell('<c r="A1"><v>1</v></c>').encode(),
    b'<?xml version="1.0" encoding="us-ascii"?>' + _one_cell('<c r="A1" t="inlineStr"><is><t>合</t></is></c>').encode(),
    b"\xef\xbb\xbf" + b'<?xml version="1.0" encoding="UTF-16"?>' + _one_cell('<c r="A1"><v>1</v></c>').encode(),
    b"\xef\xbb\xbf" + b'<?xml version="1.0" encoding="utf-8"?>' + _one_cell('<c r="A1"><v>1</v></c>').encode(),
    _one_cell('<c r="A1" t="inlineStr"><is><t>X</t></is></c>').encode().replace(b"X", b"\xff\xfe"),  # not UTF-8
    _one_cell('<c r="A1"><v>&#0;</v></c>'), _one_cell('<c r="A1"><v>&#xFFFE;</v></c>'),
    _one_cell('<c r="A1"><v>&#xD800;</v></c>'), _one_cell('<c r="A1" t="inlineStr"><is><t>\uffff</t></is></c>'),
    _one_cell('<c r="A1" t="inlineStr"><is><t>a&#13;b\r\nc</t></is></c>'),
    _one_cell('<c r="A1" t="inlineStr"><is><t><![CDATA[<b>&amp;</b>]]></t></is></c>'),
    '<?xml version="1.1"?>' + _one_cell('<c r="A1" t="inlineStr"><is><t>&#1;</t></is></c>'),
    ' <?xml version="1.0"?>' + _one_cell('<c r="A1"><v>1</v></c>'),  # space before the declaration
    '<?foo bar?><!-- x -->' + _one_cell('<c r="A1"><v>1</v></c>'),
    _one_cell('<c r="A1" r="B1"><v>1</v></c>'), _one_cell('<c r="A\t1"><v>1</v></c>'),
    _one_cell('<c r="A&#49;"><v>1</v></c>'),
    _one_cell('<c r="A1" s="1>"><v>1</v></c>'), _one_cell('<c r="A1" s="1\n"><v>1</v></c>'),
    _one_cell('<c xmlns:x="urn:x" x:r="A1"><v>1</v></c>'), _one_cell('<c r="A1" xmlns="urn:other"><v>1</v></c>'),
]


@pytest.mark.parametrize("sheet", BYTES_AND_ESCAPES)
def test_encodings_and_escapes_read_alike(sheet: str | bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _three_ways(_package(tmp_path / "bytes.xlsx", sheet), monkeypatch)


@pytest.mark.parametrize("strings", [
    f'<sst xmlns="{MAIN}"><si><t>甲</t></si><si><r><t>乙</t></r><r><t>丙</t></r><rPh><t>ひ</t></rPh></si>'
    '<si><t>丁<t>嵌</t></t></si><si/><si><!-- c --><t>戊</t></si></sst>',
    f'<sst xmlns="{MAIN}"><si><t>甲</t><si><t>嵌</t></si></si><si><t>乙</t></si></sst>',  # a string in a string
    f'<sst xmlns="{MAIN}"><x><si><t>甲</t></si></x><si><t>乙</t></si></sst>',  # a string below the root's children
    f'<sst xmlns="{MAIN}"><si><t>甲</t></si>',  # truncated
    f'<!DOCTYPE sst><sst xmlns="{MAIN}"><si><t>甲</t></si></sst>',
    f'<!DOCTYPE sst><sst xmlns="{MAIN}"/>',
    f'<si xmlns="{MAIN}"><t>甲</t></si>',
    f'<sst xmlns="{MAIN}"><si><r>' + _deep(300) + '<t>深</t></r></si><si><t>乙</t></si></sst>',
    f'<sst xmlns="{MAIN}"><si><r><t>甲</t>' + _deep(230) + '</r><t>乙</t></si><si><t>丙</t></si></sst>',
    f'<sst xmlns="{MAIN}"><si><r><x><r><t>甲</t></r></x><t>乙</t></r><t>丙</t></si></sst>',  # runs below other elements
    b'<?xml version="1.0" encoding="GBK"?>' + f'<sst xmlns="{MAIN}"><si><t>合计</t></si></sst>'.encode("gbk"),
    b'<?xml version="1.0" encoding="latin-1"?>' + f'<sst xmlns="{MAIN}"><si><t>合计</t></si></sst>'.encode(),
    f'<sst xmlns="{MAIN}"><si><t>甲</t></si></sst>'.encode("utf-16-le"),  # no byte-order mark
])
def test_shared_strings_read_alike(strings: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cells = "".join(f'<c r="{grid.col_letter(i + 1)}1" t="s"><v>{i}</v></c>' for i in range(6))
    sheet = OPEN + f'<sheetData><row r="1">{cells}</row></sheetData></worksheet>'
    path = _package(tmp_path / "strings.xlsx", sheet, strings)
    _three_ways(path, monkeypatch)
    _three_ways(path, monkeypatch, limits=Limits(max_cells=2))


def test_streamed_rows_are_dropped_once_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Memory stays bounded when streaming: each row is cleared and removed from the tree once read."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="s"><v>1</v></c></row>' for r in range(1, 3001)
    )
    path = _package(tmp_path / "long.xlsx", OPEN + f"<sheetData>{rows}</sheetData></worksheet>")
    seen: list[bool] = []
    original = grid._take

    def watch(sheet, elements, *args):  # noqa: ANN001, ANN202
        def rows_left():  # noqa: ANN202
            for element in elements:
                seen.append(element.getprevious() is None)
                yield element
        return original(sheet, rows_left(), *args)

    monkeypatch.setattr(grid, "WHOLE_PART_BYTES", 0)
    monkeypatch.setattr(grid, "_take", watch)
    sheet = read_grid(path)["表1"]
    assert len(sheet.cells) == 6000 and sheet.get(3000, 1).value == "3000" and sheet.get(3000, 2).value == "金额"
    assert len(seen) == 3000 and all(seen)


def test_reference_table_full_or_given_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table of known references only saves work: full, or no longer consulted, the cells are the same."""
    expected = _outcome(SEED)
    monkeypatch.setattr(grid, "_POSITIONS", {})
    monkeypatch.setattr(grid, "MAX_POSITIONS", 10)
    monkeypatch.setattr(grid, "MAX_UNKNOWN", 5)
    assert _three_ways(SEED, monkeypatch) == expected
    assert len(grid._POSITIONS) == 10


# -- unpacking parts straight from the file's bytes -------------------------------------------------

def _tampered(info: zipfile.ZipInfo, how: str) -> None:
    if how == "size 0":
        info.file_size = 0
    elif how == "size short":
        info.file_size -= 1
    elif how == "size long":
        info.file_size += 7
    elif how == "crc":
        info.CRC ^= 1
    elif how == "offset":
        info.header_offset += 3
    elif how == "offset past end":
        info.header_offset = 1 << 30
    elif how == "compressed short":
        info.compress_size -= 5
    elif how == "name":
        info.orig_filename = info.filename = info.filename.upper()
    elif how == "stored claimed":
        info.compress_type = zipfile.ZIP_STORED


@pytest.mark.parametrize("how", ["as is", "size 0", "size short", "size long", "crc", "offset", "offset past end",
                                 "compressed short", "name", "stored claimed"])
def test_parts_unpacked_from_bytes_as_zipfile_does(how: str) -> None:
    """The direct unpacking gives zipfile's bytes, or leaves the part to zipfile (which raises as it always did)."""
    def outcome(archive: zipfile.ZipFile, part: str) -> tuple:
        info = archive.getinfo(part)
        _tampered(info, how)
        try:
            return ("read", archive.read(info))
        except Exception as exc:  # noqa: BLE001 - whatever zipfile raises is the answer to match
            return ("raised", type(exc).__name__)

    with zipfile.ZipFile(SEED) as plain, grid._Package(SEED) as direct:
        for part in ("xl/worksheets/sheet6.xml", "xl/sharedStrings.xml", "[Content_Types].xml"):
            expected = outcome(plain, part)
            assert outcome(direct, part) == expected
            if how == "as is":
                assert expected[0] == "read"


def test_a_part_whose_directory_says_size_0_is_not_inflated(tmp_path: Path) -> None:
    """zlib reads a limit of 0 as none: a directory entry claiming 0 bytes must not unpack a bomb behind it."""
    import tracemalloc

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/bomb.xml", bytes(64 * 1024 * 1024))
    with grid._Package(path) as package:
        info = package.getinfo("xl/bomb.xml")
        info.file_size = 0
        tracemalloc.start()
        try:
            with pytest.raises(zipfile.BadZipFile):
                package.read(info)  # zipfile reads 0 bytes and finds the CRC wrong
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 8 * 1024 * 1024


def test_seed_parts_are_unpacked_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    original = zipfile.ZipFile.read
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, *args: calls.append(args[0]) or original(self, *args))
    assert len(read_grid(SEED)) == 31
    assert calls == []  # not one part went through zipfile's own read
