"""Hostile and careless input to every reader besides the workbook's (issue 26): Word, web pages, CSV,
.xls, PDF and plain text; and every write whole or not at all.

Every hostile file is generated here, small: a limit is set low through its environment variable
instead of building a file of hundreds of megabytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from budget_addin.cli import main
from budget_addin.exit_codes import EXIT_OK, EXIT_UNREADABLE
from budget_addin.files.documents import read_paragraphs
from budget_addin.files.grid import ReadError
from budget_addin.files.importer.sources import docx_grids, html_grids, read_grids
from budget_addin.files.limits import LimitExceeded, check_pdf
from budget_addin.files.reader import read_workbook
from budget_addin.narrative.paragraphs import paragraphs_of
from budget_addin.narrative.text_check import check_document

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "Changjiang2020.xlsm"
SEED_TEXT = ROOT / "budget_addin" / "data" / "source" / "changjiang2020_disclosure.txt"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args: str, env: dict[str, str] | None = None, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a child process; ``fsize``: no file it writes may grow past this many bytes (a full disk)."""
    code = "import sys; from budget_addin.cli import main; sys.exit(main(sys.argv[1:]))"
    if fsize is not None:
        code = ("import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
                f"resource.setrlimit(resource.RLIMIT_FSIZE, ({fsize}, resource.getrlimit(resource.RLIMIT_FSIZE)[1])); "
                + code)
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def one_clean_line(stderr: str) -> None:
    """What a refusal or failure shows: a message, never a traceback or an ignored exception."""
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert stderr.strip(), "a refusal says why"


def docx(path: Path, body: str, extra: dict[str, bytes] | None = None) -> Path:
    """A minimal Word document whose body is ``body`` (WordprocessingML)."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document.encode("utf-8"))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def row(*cells: str, span: str | None = None) -> str:
    first = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span is not None else ""
    tcs = [f"<w:tc>{first if i == 0 else ''}{para(text)}</w:tc>" for i, text in enumerate(cells)]
    return "<w:tr>" + "".join(tcs) + "</w:tr>"


THREE_PUBLIC = [para("一般公共预算“三公”经费支出表"), para("单位：万元")]


def three_public_table(span: str | None = None) -> str:
    return "".join(THREE_PUBLIC) + "<w:tbl>" + row("项目", "本年预算数", "上年预算数", span=span) + \
        row("合计", "10.00", "12.00") + row("公务接待费", "4.00", "4.00") + "</w:tbl>"


# -- Word: DOCTYPE and entities, limits, spans ----------------------------------------------------------------

BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
                  f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "docProps/core.xml"])
def test_a_word_part_declaring_a_doctype_is_refused_like_a_workbooks(tmp_path: Path, part: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "说明.docx"
    if part == "word/document.xml":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES)
            archive.writestr(part, BILLION_LAUGHS)
    else:
        external = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
        docx(path, para("本部门2021年收入预算 10 万元。"), {part: external.encode()})
    assert main(["check", str(path)]) == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert f"部件 {part} 含有 DOCTYPE 声明" in err and "已拒绝" in err
    assert main(["import", str(path), "-o", str(tmp_path / "out.xlsm")]) == EXIT_UNREADABLE
    assert "DOCTYPE" in capsys.readouterr().err
    assert main(["claims", str(COMMITTED), "--text", str(path)]) == EXIT_UNREADABLE
    assert "说明.docx：部件" in capsys.readouterr().err


def test_a_word_document_past_the_part_limit_is_refused_from_its_zip_directory(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = docx(tmp_path / "大.docx", para("本部门收入预算 10 万元。") * 60_000)  # 2.4 MB unpacked, highly compressible
    monkeypatch.setenv("BUDGET_ADDIN_MAX_PART_MB", "1")
    started = time.perf_counter()
    with pytest.raises(ReadError, match="BUDGET_ADDIN_MAX_PART_MB"):
        read_paragraphs(path)
    with pytest.raises(ReadError, match="BUDGET_ADDIN_MAX_PART_MB"):
        docx_grids(path)
    assert time.perf_counter() - started < 1.0  # refused before anything is unpacked
    monkeypatch.setenv("BUDGET_ADDIN_MAX_FILE_MB", "1")
    monkeypatch.setenv("BUDGET_ADDIN_MAX_PART_MB", "256")
    big = tmp_path / "更大.docx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b" " * (2 * 1024 * 1024))
    with pytest.raises(ReadError, match="BUDGET_ADDIN_MAX_FILE_MB"):
        read_paragraphs(big)


def test_a_word_table_with_a_text_grid_span_is_read_and_a_huge_one_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sloppy = docx(tmp_path / "文字跨度.docx", three_public_table(span="two"))
    grids = docx_grids(sloppy)
    assert grids[0].get(4, 2).value == "10.00"  # "two" reads as a span of 1: the figure stays in its column
    out = tmp_path / "out.xlsm"
    assert main(["import", str(sloppy), "-o", str(out), "--name", "样例局", "--code", "901", "--year", "2021"]) == 0
    assert read_workbook(out).book.data["gp_three_public_table"]["total"]["amount"] == Decimal("10.00")
    huge = docx(tmp_path / "巨大跨度.docx", three_public_table(span="100000000"))
    started = time.perf_counter()
    assert main(["import", str(huge), "-o", str(tmp_path / "out2.xlsm")]) == EXIT_UNREADABLE
    assert time.perf_counter() - started < 5
    assert "BUDGET_ADDIN_MAX_SPAN" in capsys.readouterr().err


def test_a_word_table_whose_spans_cover_past_the_cell_limit_is_refused(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    wide = "".join(row(*["1"] * 10, span="500") for _ in range(10))  # each row covers 509 columns
    path = docx(tmp_path / "宽.docx", "".join(THREE_PUBLIC) + "<w:tbl>" + wide + "</w:tbl>")
    assert docx_grids(path)[0].max_col == 509
    monkeypatch.setenv("BUDGET_ADDIN_MAX_CELLS", "1000")
    with pytest.raises(ReadError, match="BUDGET_ADDIN_MAX_CELLS"):
        docx_grids(path)


def test_a_file_that_is_not_a_word_document_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "空.docx"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="空的"):
        read_paragraphs(empty)
    old = tmp_path / "旧.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(ReadError, match=r"\.doc"):
        read_paragraphs(old)


# -- web pages ------------------------------------------------------------------------------------------------

PAGE_TABLE = (
    "<p>一般公共预算“三公”经费支出表</p><p>单位：万元</p><table><tr><td>项目</td><td>本年预算数</td>"
    "<td>上年预算数</td></tr><tr><td>合计</td><td>10.00</td><td>12.00</td></tr>"
    "<tr><td>公务接待费</td><td>4.00</td><td>4.00</td></tr></table><p>本部门2021年“三公”经费预算 10 万元。</p>"
)


def test_a_table_ten_thousand_elements_deep_is_read_not_reported_empty(tmp_path: Path) -> None:
    page = tmp_path / "深.html"
    page.write_text("<html><body>" + "<div>" * 10_000 + PAGE_TABLE + "</div>" * 10_000 + "</body></html>",
                    encoding="utf-8")
    started = time.perf_counter()
    texts = [p.text for p in read_paragraphs(page)]
    assert "本部门2021年“三公”经费预算 10 万元。" in texts
    grids = html_grids(page)
    assert time.perf_counter() - started < 10
    assert [grids[0].get(r, 2).value for r in (4, 5)] == ["10.00", "4.00"]


def test_lists_nested_deeper_than_the_parser_keeps_are_read_not_lost(tmp_path: Path) -> None:
    page = tmp_path / "深列表.html"
    page.write_text("<html><body>" + "<ul>" * 3000 + "<p>本部门收入 10 万元。</p>" + "</ul>" * 3000 + "</body></html>",
                    encoding="utf-8")
    assert [p.text for p in read_paragraphs(page)] == ["本部门收入 10 万元。"]
    tables = tmp_path / "深表格.html"  # tables are not flattened: their cells would run together
    tables.write_text("<table><tr><td>" * 2001 + "本部门收入 10 万元。" + "</td></tr></table>" * 2001, encoding="utf-8")
    with pytest.raises(ReadError, match="网页嵌套超过 2000 层"):
        read_paragraphs(tables)


def test_a_rowspan_bomb_is_refused_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "炸弹.html"
    page.write_text(
        "<table>" + '<tr><td rowspan="1000" colspan="1000">x</td></tr>' * 200 + "</table>", encoding="utf-8"
    )
    started = time.perf_counter()
    with pytest.raises(ReadError, match="BUDGET_ADDIN_MAX_CELLS"):
        html_grids(page)
    assert time.perf_counter() - started < 2
    page.write_text('<table><tr><td rowspan="999999999">x</td></tr></table>', encoding="utf-8")
    with pytest.raises(ReadError, match="BUDGET_ADDIN_MAX_SPAN"):
        html_grids(page)


@pytest.mark.parametrize(("variable", "value", "page"), [
    ("BUDGET_ADDIN_MAX_ELEMENTS", "100", "<p>本部门收入预算 10 万元。</p>" * 200),
    ("BUDGET_ADDIN_MAX_DEPTH", "50", "<div>" * 100 + "<p>本部门收入预算 10 万元。</p>" + "</div>" * 100),
    ("BUDGET_ADDIN_MAX_FILE_MB", "1", "<p>本部门收入预算 10 万元。</p>" * 60_000),
])
def test_a_web_page_past_a_limit_is_refused_naming_it(tmp_path: Path, variable: str, value: str, page: str,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "页.html"
    path.write_text(f"<html><body>{page}</body></html>", encoding="utf-8")
    monkeypatch.setenv(variable, value)
    assert main(["check", str(path)]) == EXIT_UNREADABLE
    assert variable in capsys.readouterr().err
    assert main(["import", str(path), "-o", str(tmp_path / "out.xlsm")]) == EXIT_UNREADABLE
    assert variable in capsys.readouterr().err


def test_a_web_page_never_reaches_for_an_entity_or_the_network(tmp_path: Path) -> None:
    page = tmp_path / "实体.html"
    page.write_text('<!DOCTYPE html [<!ENTITY e SYSTEM "file:///etc/passwd">]><html><body><p>收入 10 万元。&e;</p>'
                    '</body></html>', encoding="utf-8")
    texts = " ".join(p.text for p in read_paragraphs(page))
    assert "收入 10 万元。" in texts and "root:" not in texts


# -- CSV ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("variable", "value", "content"), [
    ("BUDGET_ADDIN_MAX_FIELD_KB", "4", "项目,金额\n合计," + "9" * 20_000 + "\n"),
    ("BUDGET_ADDIN_MAX_ROWS", "100", "项目,金额\n" + "合计,1.00\n" * 200),
    ("BUDGET_ADDIN_MAX_CELLS", "100", "项目,金额\n" + "合计,1.00\n" * 200),
    ("BUDGET_ADDIN_MAX_FILE_MB", "1", "项目,金额\n" + "合计,1.00\n" * 200_000),
])
def test_a_csv_past_a_limit_is_refused_naming_it(tmp_path: Path, variable: str, value: str, content: str,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "表.csv"
    path.write_text(content, encoding="utf-8")
    monkeypatch.setenv(variable, value)
    assert main(["import", str(path), "-o", str(tmp_path / "out.xlsm")]) == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert variable in err and "表.csv" in err


def test_a_csv_with_a_field_past_the_standard_librarys_own_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "长字段.csv"
    path.write_text("项目,说明\n合计," + "长" * 200_000 + "\n", encoding="utf-8")  # csv's default limit is 128 KB
    assert len(read_grids(path)[0].get(2, 2).value) == 200_000


def test_an_empty_csv_is_unreadable_not_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for content in ("", " , ,\n\n"):
        path = tmp_path / "空.csv"
        path.write_text(content, encoding="utf-8")
        assert main(["import", str(path), "-o", str(tmp_path / "out.xlsm")]) == EXIT_UNREADABLE
        assert "CSV 文件中没有任何内容" in capsys.readouterr().err


def test_reading_a_csv_is_linear_in_its_rows(tmp_path: Path) -> None:
    def seconds(rows: int) -> float:
        path = tmp_path / f"{rows}.csv"
        path.write_text("一般公共预算支出表\n单位：万元\n科目编码,科目名称,合计\n"
                        + "".join(f"2010{i:05d},项目{i},{i}.50\n" for i in range(rows)), encoding="utf-8")
        best = float("inf")
        for _ in range(2):  # CPU seconds, best of two: other processes on the machine do not count
            started = time.process_time()
            grid = read_grids(path)[0]
            grid.row(3)
            assert grid.max_row == rows + 3
            best = min(best, time.process_time() - started)
        return best

    small, large = seconds(10_000), seconds(100_000)
    assert large < 10  # 100,000 rows read in seconds
    assert large < 25 * max(small, 0.01)  # ten times the rows, not a hundred times the time


# -- .xls -----------------------------------------------------------------------------------------------------

def test_a_damaged_xls_is_an_unreadable_file_not_a_dead_process(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    damaged = tmp_path / "旧表.xls"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4096))
    assert main(["import", str(damaged), "-o", str(tmp_path / "out.xlsm")]) == EXIT_UNREADABLE
    assert "无法读取 .xls 文件" in capsys.readouterr().err


def test_a_native_abort_while_reading_an_xls_becomes_a_message(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine can panic and abort the process on a damaged file: the reader runs in a child, so an
    abort there (simulated: the child calls ``os.abort``) is one unreadable file."""
    path = tmp_path / "崩溃.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 512)
    real_run = subprocess.run

    def aborting(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        return real_run([args[0], "-c", "import os; os.abort()"], **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess, "run", aborting)
    with pytest.raises(ReadError, match="读取程序异常退出"):
        read_grids(path)


# -- PDF ------------------------------------------------------------------------------------------------------

def test_a_pdf_past_the_page_limit_is_refused_before_its_pages_are_read(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(3):
        document.new_page(595, 842)
    document.save(tmp_path / "长.pdf")
    monkeypatch.setenv("BUDGET_ADDIN_MAX_PDF_PAGES", "2")
    assert main(["check", str(tmp_path / "长.pdf")]) == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert "PDF 共 3 页" in err and "BUDGET_ADDIN_MAX_PDF_PAGES" in err


def test_the_pdf_limits_name_their_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    check_pdf(2000, 2_000_000)  # the defaults themselves pass
    with pytest.raises(LimitExceeded, match="PDF 文字数量上限 2000000 字"):
        check_pdf(1, 2_000_001)
    with pytest.raises(LimitExceeded, match="BUDGET_ADDIN_MAX_PDF_PAGES"):
        check_pdf(2001, 0)
    monkeypatch.setenv("BUDGET_ADDIN_MAX_PDF_CHARS", "1000")
    with pytest.raises(LimitExceeded, match="BUDGET_ADDIN_MAX_PDF_CHARS"):
        check_pdf(1, 1001)


# -- careless text --------------------------------------------------------------------------------------------

def _found(lines: list[str]) -> list[tuple[str, str]]:
    return sorted((f.rule, f.message) for f in check_document(paragraphs_of(lines), "t").findings)


@pytest.mark.parametrize("glue", ["", " "])
def test_a_text_whose_line_breaks_were_lost_gives_the_same_findings(glue: str) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    with_breaks = _found(text.splitlines())
    assert len(with_breaks) == 8
    assert _found([glue.join(text.splitlines())]) == with_breaks


def test_the_seed_text_as_one_line_through_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_line = tmp_path / "一行.txt"
    one_line.write_text(SEED_TEXT.read_text(encoding="utf-8").replace("\n", ""), encoding="utf-8")
    assert main(["check", str(one_line), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert len(report["findings"]) == 8
    assert report["ledger"]["rules"]["TX-SHARE"] == "failed"


def test_one_long_line_without_a_full_stop_is_checked_in_seconds(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A run-on line without 。 is cut after its commas, and never glued back into one paragraph."""
    text = tmp_path / "长行.txt"
    text.write_text("收入 10 万元，" * 100_000, encoding="utf-8")  # 800,000 characters, 100,000 figures
    started = time.process_time()  # CPU seconds of this process: other work on the machine does not count
    assert main(["check", str(text), "--format", "json"]) == EXIT_OK
    assert main(["claims", str(COMMITTED), "--text", str(text), "--format", "json"]) == EXIT_OK
    assert time.process_time() - started < 30
    rules = json.loads(capsys.readouterr().out.split("\n{", 1)[0])["ledger"]["rules"]
    assert rules["TX-UNBOUND"] == "passed"  # its figures were read and bound to 收入: not 不适用
    assert max(len(p.text) for p in paragraphs_of([text.read_text(encoding="utf-8")])) <= 3000


def test_a_text_rule_with_nothing_to_read_is_not_applicable_never_passed() -> None:
    report = check_document(paragraphs_of(["本部门负责本辖区的社会事务管理。"]), "t")
    assert report.ledger["TX-RATE"] == "not_applicable" and report.ledger["TX-SUM"] == "not_applicable"
    assert report.notes["TX-TARGET"] == "文中没有绩效指标"
    assert report.ledger["TX-TEMPLATE"] == "passed"  # it had a sentence to read
    with_rate = check_document(paragraphs_of(["本部门2021年收入 110 万元，比上年增加 10 万元，增长 10%。"]), "t")
    assert with_rate.ledger["TX-RATE"] == "passed"


# -- writes: whole or not at all ------------------------------------------------------------------------------

@pytest.mark.parametrize(("command", "name"), [
    (("narrative", "{w}", "-o", "{out}"), "情况说明.docx"),
    (("check", "{w}", "--format", "xlsx", "-o", "{out}"), "审核.xlsx"),
    (("check", "{w}", "--format", "json", "-o", "{out}"), "审核.json"),
    (("publish", "{w}", "-o", "{out}"), "发布.xlsx"),
])
def test_a_full_disk_never_costs_the_earlier_file(tmp_path: Path, command: tuple[str, ...], name: str) -> None:
    out = tmp_path / name
    args = [a.format(w=COMMITTED, out=out) for a in command]
    assert cli(*args).returncode in (0, 1)
    before = digest(out)
    done = cli(*args, fsize=4096)  # every file written stops at 4 KB: the disk is full
    assert done.returncode == EXIT_UNREADABLE
    one_clean_line(done.stderr)
    assert f"文件读写失败：{out}" in done.stderr
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing half-written left beside it


def test_a_report_folder_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    folder = tmp_path / "报告"
    assert cli("report", str(COMMITTED), "-o", str(folder)).returncode == 1
    before = {p.name: digest(p) for p in folder.iterdir()}
    done = cli("report", str(COMMITTED), "-o", str(folder), fsize=20_000)
    assert done.returncode == EXIT_UNREADABLE
    one_clean_line(done.stderr)
    assert {p.name: digest(p) for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告"]
    fresh = tmp_path / "新报告"
    assert cli("report", str(COMMITTED), "-o", str(fresh), fsize=20_000).returncode == EXIT_UNREADABLE
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告"]


def test_a_failed_write_in_process_leaves_the_earlier_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from budget_addin.files import atomic

    out = tmp_path / "说明.txt"
    out.write_text("上一次的结果\n", encoding="utf-8")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    assert main(["narrative", str(COMMITTED), "-o", str(out)]) == EXIT_UNREADABLE
    assert f"文件读写失败：{out}（磁盘空间不足）" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "上一次的结果\n"
    assert [p.name for p in tmp_path.iterdir()] == ["说明.txt"]


def test_a_245_character_file_name_can_be_written(tmp_path: Path) -> None:
    for stem in ("a" * 240, "报" * 80):  # 245 bytes; 245 bytes in UTF-8 (80 characters of 3 bytes)
        out = tmp_path / f"{stem}.xlsx"
        assert main(["publish", str(COMMITTED), "-o", str(out)]) == EXIT_OK
        assert zipfile.is_zipfile(out)


def test_a_read_only_target_is_refused_not_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = tmp_path / "只读.xlsm"
    shutil.copy(COMMITTED, workbook)
    workbook.chmod(0o444)
    before = digest(workbook)
    assert main(["summarize", str(workbook)]) == EXIT_UNREADABLE
    assert "输出文件是只读的" in capsys.readouterr().err
    assert digest(workbook) == before
    report = tmp_path / "审核.json"
    report.write_text("{}", encoding="utf-8")
    report.chmod(0o444)
    assert main(["check", str(COMMITTED), "--format", "json", "-o", str(report)]) == EXIT_UNREADABLE
    assert report.read_text(encoding="utf-8") == "{}"
    out = tmp_path / "导入.xlsm"
    out.write_bytes(b"earlier")
    out.chmod(0o444)
    source = tmp_path / "表.csv"
    source.write_text("项目,金额\n合计,1.00\n", encoding="utf-8")
    assert main(["import", str(source), "-o", str(out)]) == EXIT_UNREADABLE
    assert out.read_bytes() == b"earlier"


# -- batches, links, names ------------------------------------------------------------------------------------

def test_a_batch_lists_every_entry_it_could_not_read_with_the_reason(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "批量"
    folder.mkdir()
    shutil.copy(COMMITTED, folder / "好.xlsm")
    (folder / "环1.xlsx").symlink_to("环2.xlsx")
    (folder / "环2.xlsx").symlink_to("环1.xlsx")
    (folder / "断链.xlsx").symlink_to("不存在.xlsx")
    (folder / "空.xlsx").write_bytes(b"")
    os.mkfifo(folder / "管道.xlsx")
    (folder / "文件夹.xlsx").mkdir()
    started = time.perf_counter()
    code = main(["check", str(folder), "--format", "jsonl", "--jobs", "1"])
    assert time.perf_counter() - started < 30  # a pipe is never opened (it would wait forever)
    assert code == EXIT_UNREADABLE
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    reasons = {Path(line["workbook"]).name: line.get("reason") for line in lines}
    assert reasons.pop("好.xlsm") is None
    assert "循环" in reasons["环1.xlsx"] and "循环" in reasons["环2.xlsx"]
    assert "指向的文件不存在" in reasons["断链.xlsx"]
    assert "空的" in reasons["空.xlsx"]
    assert "不是普通文件" in reasons["管道.xlsx"]
    assert "文件夹" in reasons["文件夹.xlsx"]


def test_import_and_new_from_refuse_a_hard_link_of_their_input(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "上年.xlsm"
    shutil.copy(COMMITTED, source)
    link = tmp_path / "链接.xlsm"
    os.link(source, link)
    before = digest(source)
    assert main(["import", str(source), "-o", str(link)]) == EXIT_UNREADABLE
    assert main(["new", "--from", str(source), "--year", "2021", str(link)]) == EXIT_UNREADABLE
    assert "不能" in capsys.readouterr().err
    assert digest(source) == before


def test_a_source_whose_name_is_not_utf8_is_imported_under_its_chinese_name(tmp_path: Path) -> None:
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/" + "三公".encode("gbk") + b".csv")
    Path(name).write_text("一般公共预算“三公”经费支出表\n单位：万元\n项目,本年预算数,上年预算数\n合计,10.00,12.00\n",
                          encoding="utf-8")
    out = tmp_path / "out.xlsm"
    assert main(["import", name, "-o", str(out), "--name", "样例局", "--code", "901", "--year", "2021"]) == 0
    sources = [s["source"] for s in read_workbook(out).book.data["sources"] if s.get("cell")]
    assert sources and all(s.startswith("三公.csv › ") for s in sources)


# -- the prose of any document ------------------------------------------------------------------------

def test_a_text_past_the_character_limit_is_refused_before_any_check(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """2,000,001 characters of dense figures would take a check about 10 s and 250 MB: refused at once."""
    text = tmp_path / "太长.txt"
    line = "本年收入 12.5 万元，比上年增加 1 万元，增长 8.7%。"
    lines = 2_000_000 // len(line) + 1  # one line more than the limit holds
    text.write_text("\n".join([line] * lines), encoding="utf-8")
    started = time.process_time()
    assert main(["check", str(text)]) == EXIT_UNREADABLE
    assert time.process_time() - started < 5
    err = capsys.readouterr().err
    assert f"文档文字超过 {lines * len(line)} 字" in err
    assert "文档文字数量上限 2000000 字" in err and "BUDGET_ADDIN_MAX_TEXT_CHARS" in err
    text.write_text("\n".join([line] * (lines - 1)), encoding="utf-8")  # within the limit: read
    assert len(read_paragraphs(text)) == lines - 1


def test_the_character_limit_bounds_every_kind_of_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_ADDIN_MAX_TEXT_CHARS", "100")
    word = docx(tmp_path / "长.docx", "".join(para("本年支出预算 12.50 万元，主要用于机关运转。") for _ in range(5)))
    page = tmp_path / "长.html"
    page.write_text("<html><body>" + "<p>本年支出预算 12.50 万元，主要用于机关运转。</p>" * 5 + "</body></html>",
                    encoding="utf-8")
    for path in (word, page):
        with pytest.raises(ReadError, match="超过文档文字数量上限 100 字"):
            read_paragraphs(path)
    # a plain text of more than 4 bytes for each character allowed is refused without being decoded
    undecodable = tmp_path / "乱码.txt"
    undecodable.write_bytes(b"\xff\xfe\x00" * 200)
    with pytest.raises(ReadError, match="文档文字超过 150 字"):
        read_paragraphs(undecodable)
    monkeypatch.setenv("BUDGET_ADDIN_MAX_TEXT_CHARS", "200")
    assert len(read_paragraphs(word)) == 5  # 5 × 22 characters: within


@pytest.mark.parametrize("closed", [True, False])
def test_a_list_nested_past_the_parsers_depth_keeps_its_text(tmp_path: Path, closed: bool) -> None:
    """<ul><li> 1,100 deep is 2,200 elements (the parser keeps 2,048); an item's end tag may be left out, so
    the tags counted say 1,100. Its text was lost without a word; the lists are flattened like div."""
    depth = 1100
    page = tmp_path / "深列表.html"
    page.write_text("<html><body>" + "<ul><li>" * depth + "<p>本年支出预算 12.50 万元。</p>"
                    + ("</li></ul>" if closed else "</ul>") * depth + "<p>结尾。</p></body></html>", encoding="utf-8")
    assert [p.text for p in read_paragraphs(page)] == ["本年支出预算 12.50 万元。", "结尾。"]
