"""Reading a published PDF: this project's reader against pdfplumber, side by side in one run (issue 21).

Run: python benchmarks/pdf_read.py [PDF ...]
Without arguments it renders a disclosure of about 60 pages with LibreOffice (the 江苏-style sample's
text and tables of tests/published_samples.py repeated, with long paragraphs that run over pages).
For each PDF it prints the best-of-N seconds of:

- ``read_pdf``: this reader, text and tables (characters, rules, furniture, paragraphs, grids);
- ``read_pdf + 文本审核``: the same followed by the text's own checks;
- ``budget-addin check X.pdf``: the command as a reviewer runs it, start-up included (a new process);
- pdfplumber: ``extract_text`` and ``extract_tables`` of every page (the well-known alternative);
- pypdfium2 ``get_text_bounded`` of every page: the floor, plain text with no layout.

Targets: the command at most 0.5× pdfplumber, and a 60-page disclosure under 3 s.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import published_samples as ps  # noqa: E402

from budget_addin.files.published.pdf import read_pdf  # noqa: E402
from budget_addin.files.published.pdf_page import is_numeric  # noqa: E402
from budget_addin.narrative import text_check  # noqa: E402

CLI = "import sys; from budget_addin.cli import main; sys.exit(main(sys.argv[1:]))"
PAGES = 60
LIMIT_SECONDS = 3.0
LIMIT_RATIO = 0.5
FILLER = ("，根据年度重点工作安排，统筹保障机关正常运转、人员经费和各项业务活动开展所需资金，并按照厉行节约的要求压减"
          "一般性支出，确保资金使用规范高效")


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def disclosure(copies: int) -> ps.SampleDocument:
    """The 江苏-style set repeated: its text with each paragraph lengthened, then its seven tables, ``copies`` times."""
    sample = ps.jiangsu_2021()
    paragraphs: list[str] = []
    for copy in range(copies):
        paragraphs.append(f"{'一二三四五六七八九十'[copy % 10]}、第{copy + 1}部分 部门预算编制说明")
        paragraphs += [
            text.rstrip("。") + FILLER * 8 + "。" if "万元" in text else text for text in sample.paragraphs[1:]
        ]
    return ps.SampleDocument(
        sample.title, paragraphs, [table for _ in range(copies) for table in ps.jiangsu_2021().tables]
    )


def render(folder: Path) -> Path:
    """A disclosure of about :data:`PAGES` pages rendered by LibreOffice."""
    import pypdfium2 as pdfium

    copies = 8
    while True:
        pdf = ps.to_pdf(ps.to_docx(disclosure(copies), folder / "disclosure.docx"))
        pages = len(pdfium.PdfDocument(str(pdf)))
        if pages >= PAGES or copies > 40:
            return pdf
        copies = copies * PAGES // pages + 1


def plumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def pdfium_text(path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    for page in document:
        page.get_textpage().get_text_bounded()
    document.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(p) for p in sys.argv[1:]] or [render(Path(folder))]
        failed = 0
        for path in paths:
            pages = read_pdf(path)
            figures = sum(1 for t in pages.tables for c in t.grid.cells.values() if is_numeric(str(c.value)))
            ours = best_of(lambda p=path: read_pdf(p))
            checked = best_of(lambda p=path: text_check.check_document(read_pdf(p).paragraphs, p.name))
            plain = best_of(lambda p=path: pdfium_text(p))
            command = best_of(lambda p=path: subprocess.run([sys.executable, "-c", CLI, "check", str(p)],
                                                            capture_output=True, check=False))
            try:
                theirs = best_of(lambda p=path: plumber(p), repeat=1 if pages.pages > 20 else 3)
            except ImportError:
                theirs = None
            print(f"{path.name}: {pages.pages} 页, {len(pages.paragraphs)} 段, {len(pages.tables)} 个表格, "
                  f"{figures} 个表中数字")
            print(f"  read_pdf（文字+表格）          {ours:7.3f} s  ({ours / pages.pages * 1000:.1f} ms/页)")
            print(f"  read_pdf + 文本审核            {checked:7.3f} s")
            print(f"  budget-addin check（新进程）   {command:7.3f} s")
            print(f"  pypdfium2 get_text_bounded     {plain:7.3f} s")
            if theirs is None:
                print("  pdfplumber: not installed (pip install -e '.[test]')")
                continue
            print(f"  pdfplumber text + tables       {theirs:7.3f} s")
            ratio = command / theirs
            print(f"  ratio check / pdfplumber = {ratio:.3f}, read_pdf / pdfplumber = {ours / theirs:.3f} "
                  f"(target ≤ {LIMIT_RATIO}); read_pdf / pypdfium2 text = {ours / plain:.1f}×")
            failed += ratio > LIMIT_RATIO or (pages.pages >= PAGES and command > LIMIT_SECONDS)
        shutil.rmtree(folder, ignore_errors=True)
    print("targets met" if not failed else f"{failed} PDF(s) over target")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
