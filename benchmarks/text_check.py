"""Checking a disclosure text on its own (issue #12: under 0.3 s per text).

Run: python benchmarks/text_check.py [TEXT ...]   (default: the seed's published text, as .txt and .docx)
Prints, per text: paragraphs, figures read, how many were bound to an item, findings by severity, and
the best-of-N time of reading + checking.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from budget_addin.cli import check_document
from budget_addin.files.documents import read_paragraphs
from budget_addin.narrative.figures import read_figures

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "budget_addin" / "data" / "source" / "changjiang2020_disclosure.txt"
LIMIT = 0.3


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _seed_docx(folder: Path) -> Path:
    import docx

    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    target = folder / "seed.docx"
    document.save(str(target))
    return target


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(p) for p in sys.argv[1:]] or [SEED, _seed_docx(Path(folder))]
        check_document(paths[0])  # warm imports
        slow = 0
        print(f"{'text':<36} {'段':>5} {'数字':>5} {'已对应':>6} {'错误':>4} {'警告':>4} {'提示':>4} {'耗时 ms':>8}")
        for path in paths:
            paragraphs = read_paragraphs(path)
            figures = read_figures(paragraphs).figures
            bound = sum(1 for f in figures if f.named)
            report = check_document(path)
            counts = report.counts()
            seconds = best_of(lambda p=path: check_document(p))
            slow += seconds >= LIMIT
            print(f"{path.name:<36} {len(paragraphs):>5} {len(figures):>5} {bound:>6} {counts['error']:>4} "
                  f"{counts['warning']:>4} {counts['info']:>4} {seconds * 1000:>8.1f}")
        print(f"limit {LIMIT * 1000:.0f} ms per text: {'met' if not slow else f'{slow} text(s) over'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
