"""An annotated copy of a published PDF: highlights over the figures, the finding as the note, nothing else changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from published_samples import jiangsu_2021, to_docx, to_pdf

from budget_addin.batch import check_published_document
from budget_addin.cli import main
from budget_addin.core.findings import Finding, TextSpot
from budget_addin.exit_codes import EXIT_FINDINGS, EXIT_UNREADABLE
from budget_addin.files.published.annotate import (
    COLOURS,
    AnnotateError,
    Mark,
    annotate,
    marks_of,
    read_annotations,
    union,
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The invented 江苏-style disclosure as a PDF, and the same PDF encrypted against changes."""
    folder = tmp_path_factory.mktemp("annotate")
    source = to_docx(jiangsu_2021(), folder / "disclosure.docx")
    locked_dir = folder / "locked"
    locked_dir.mkdir()
    return to_pdf(source), to_pdf(source, locked_dir, no_changes=True)


def _boxes_of(path: Path, page: int, text: str) -> tuple[tuple[float, float, float, float], ...]:
    """The character boxes of the first occurrence of ``text`` on a page (as the page model gives them)."""
    document = pdfium.PdfDocument(str(path))
    textpage = document[page - 1].get_textpage()
    start = textpage.get_text_range().index(text)
    boxes = tuple(textpage.get_charbox(i) for i in range(start, start + len(text)))
    document.close()
    return (union(boxes),)


def _page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    document.close()
    return texts


def test_each_error_and_warning_is_a_highlight_with_its_note(rendered: tuple[Path, Path], tmp_path: Path) -> None:
    pdf, _locked = rendered
    before = pdf.read_bytes()
    error = Mark(
        1, _boxes_of(pdf, 1, "600.61"), "error", "BG-003 收入总计 600.61 ≠ 支出总计 600.00（差 0.61）", "BG-003"
    )
    warning = Mark(1, _boxes_of(pdf, 1, "12.39%"), "warning", "TX-RATE 增长 12.39%：仅在截尾取整时成立", "TX-RATE")
    info = Mark(1, _boxes_of(pdf, 1, "20.00"), "info", "未能对应")
    out = tmp_path / "批注版.pdf"
    assert annotate(pdf, out, [error, warning, info]) == 2
    drawn = read_annotations(out)
    assert [(a.page, a.note, a.colour) for a in drawn] == [
        (1, error.note, COLOURS["error"][:3]), (1, warning.note, COLOURS["warning"][:3])]
    for annotation, mark in zip(drawn, (error, warning), strict=True):
        for got, wanted in zip(annotation.boxes, mark.boxes, strict=True):
            assert got == pytest.approx(wanted, abs=0.01)
    assert pdf.read_bytes() == before  # the input is only read
    assert _page_texts(out) == _page_texts(pdf)  # pages and text unchanged


def test_the_highlight_is_drawn_in_a_viewer(rendered: tuple[Path, Path], tmp_path: Path) -> None:
    """Rendered with its annotations (as a viewer does), the figure is tinted red; without them it is not."""
    pdf, _locked = rendered
    (box,) = _boxes_of(pdf, 1, "600.61")
    out = tmp_path / "a.pdf"
    annotate(pdf, out, [Mark(1, (box,), "error", "x")])
    document = pdfium.PdfDocument(str(out))
    page = document[0]
    x, y = int((box[0] + box[2]) / 2), int(page.get_height() - (box[1] + box[3]) / 2)
    shown = page.render(draw_annots=True).to_pil().convert("RGB").getpixel((x, y))
    plain = page.render(draw_annots=False).to_pil().convert("RGB").getpixel((x, y))
    document.close()
    assert shown[0] > shown[1] + 20 and shown[0] > shown[2] + 20
    assert abs(plain[0] - plain[1]) < 10


def test_a_finding_about_several_figures_highlights_each(rendered: tuple[Path, Path], tmp_path: Path) -> None:
    pdf, _locked = rendered
    boxes = _boxes_of(pdf, 1, "390.71") + _boxes_of(pdf, 1, "209.90")
    out = tmp_path / "b.pdf"
    annotate(pdf, out, [Mark(1, boxes, "error", "基本 + 项目 ≠ 合计")])
    (annotation,) = read_annotations(out)
    assert len(annotation.boxes) == 2


def test_a_pdf_locked_against_changes_is_refused_with_a_message(rendered: tuple[Path, Path], tmp_path: Path) -> None:
    _pdf, locked = rendered
    with pytest.raises(AnnotateError, match="禁止添加批注"):
        annotate(locked, tmp_path / "c.pdf", [Mark(1, ((10, 10, 20, 20),), "error", "x")])
    assert not (tmp_path / "c.pdf").exists()


def test_a_damaged_pdf_is_refused_with_a_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    with pytest.raises(AnnotateError, match="无法打开"):
        annotate(broken, tmp_path / "d.pdf", [])


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 江苏-style disclosure with a table total 0.18 off and a text figure that is not its table's."""
    document = jiangsu_2021(plant={("一般公共预算支出预算表", "207", 2): "482.53"})
    document.paragraphs[4] = document.paragraphs[4].replace("住房公积金（项）24.18", "住房公积金（项）24.81")
    return to_pdf(to_docx(document, tmp_path_factory.mktemp("planted") / "planted.docx"))


def test_every_error_of_a_check_is_drawn_over_its_figures(planted: Path, tmp_path: Path) -> None:
    report, document = check_published_document(planted)
    drawn = [f for f in report.findings if f.severity in ("error", "warning")]
    assert {f.rule for f in drawn} >= {"BG-001", "BG-101"}
    out = tmp_path / "批注版.pdf"
    annotate(planted, out, marks_of(report.findings, document))
    annotations = read_annotations(out)
    pdf = pdfium.PdfDocument(str(out))
    try:
        under = {}  # note → the text under each of its highlights
        for annotation in annotations:
            textpage = pdf[annotation.page - 1].get_textpage()
            under.setdefault(annotation.note, []).extend(
                textpage.get_text_bounded(*box).replace(" ", "") for box in annotation.boxes)
    finally:
        pdf.close()
    for finding in drawn:
        texts = next(t for note, t in under.items() if note.endswith(finding.message))
        assert all(text for text in texts), finding.message  # each highlight lies over printed text
    text = next(t for note, t in under.items() if "24.81" in note)
    assert "24.81万元" in text and "24.18" in text  # the stated figure and the table cell it contradicts
    total = next(t for note, t in under.items() if "各款之和" in note)
    assert total == ["482.53", "482.35"]


def test_infos_and_findings_without_a_place_are_not_drawn(planted: Path) -> None:
    report, document = check_published_document(planted)
    info = Finding("TX-UNBOUND", "info", "文本", ("第1页第2段",), "未能对应", spots=(TextSpot(1, 0, 4),))
    placeless = Finding("BG-001", "error", "表格", ("x",), "no spot")
    assert marks_of([info, placeless], document) == []
    assert marks_of(report.findings, replace(document, pages=None)) == []  # not a PDF: nothing to draw on


def test_check_annotate_writes_one_copy_per_pdf_and_never_onto_the_input(planted: Path, tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = planted.read_bytes()
    assert main(["check", str(planted), "--annotate", str(tmp_path / "批注")]) == EXIT_FINDINGS
    copy = tmp_path / "批注" / "planted.批注.pdf"
    assert "已写入批注版" in capsys.readouterr().err and len(read_annotations(copy)) >= 4
    assert main(["check", str(planted), "--annotate", str(tmp_path / "one.pdf")]) == EXIT_FINDINGS
    assert read_annotations(tmp_path / "one.pdf") == read_annotations(copy)
    assert main(["check", str(planted), "--annotate", str(planted)]) == EXIT_UNREADABLE
    assert "输出文件就是输入文件" in capsys.readouterr().err
    assert planted.read_bytes() == before


def test_a_document_that_is_no_pdf_is_checked_and_said_to_have_no_copy(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "说明.txt"
    text.write_text("支出总计 100 万元，其中基本支出 60 万元、项目支出 50 万元。", encoding="utf-8")
    assert main(["check", str(text), "--annotate", str(tmp_path / "out")]) == EXIT_FINDINGS
    assert "不是 PDF，未生成批注版" in capsys.readouterr().err


def test_a_folder_of_published_files_is_a_batch_with_one_copy_per_pdf(planted: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The folder holds the disclosure as Word and as PDF: both are checked alike, the PDF gets its copy."""
    assert main(["check", str(planted.parent), "--annotate", str(tmp_path), "--jobs", "1"]) == EXIT_FINDINGS
    captured = capsys.readouterr()
    assert "planted.docx" in captured.out and "planted.pdf" in captured.out
    assert "planted.docx 不是 PDF，未生成批注版" in captured.err
    assert [p.name for p in tmp_path.iterdir()] == ["planted.批注.pdf"]
