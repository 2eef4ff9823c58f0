"""Checking many workbooks at once: every core, results streamed in input order, a progress bar.

``budget-addin check FOLDER…`` lands here. Each workbook is checked by
:func:`check_one` — in this process (``--jobs 1``, or a single workbook) or in a
pool of worker processes, fed in chunks. Results come back in the order of the
input whatever the number of jobs, and each is written out as soon as its turn
comes: one JSON line per workbook (``--format jsonl``), one text report, a JSON
array element, or the rows of the xlsx (written by XlsxWriter in constant-memory
mode). The process keeps only one short line per workbook for the closing
summary, so memory does not grow with the number of workbooks.

A worker returns its result already rendered (text, JSON, rows), so the main
process only writes. A workbook that cannot be read is reported and the batch
goes on; a crash of the checker on one workbook (or of a worker process) is an
internal error (exit 4), never a finding.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # the checker is imported when a workbook is checked, not for --help
    from budget_addin.core.findings import Report
    from budget_addin.core.model import Book
    from budget_addin.files.published.document import PublishedDocument
    from budget_addin.narrative.identity import Identity
    from budget_addin.rules.across_years import Disclosure

from budget_addin.core.findings import LEDGER_NAMES, SEVERITY_NAMES
from budget_addin.exit_codes import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_UNREADABLE,
    internal_error,
    log_path,
    worst,
)

FORMATS = ("text", "json", "jsonl", "xlsx")
FINDING_COLUMNS = ("工作簿", "规则", "级别", "范围", "单元格", "说明", "应为", "实为")
LEDGER_COLUMNS = ("工作簿", "规则", "结果", "原因")


# -- one workbook --------------------------------------------------------------------------------

NOTHING_TO_CHECK = "没有可校验的内容：工作簿中没有填写任何数字，或没有可以相互核对的数字 / nothing to check"


def check_workbook(path: Path, text: Path | None = None) -> Report:
    """Read a workbook and run every rule (raises ReadError when it cannot be opened).

    With ``text``, that document is also checked on its own and against the workbook's tables.
    """
    return check_workbook_book(path, text)[0]


class ForeignWorkbook(Exception):  # noqa: N818 - reads as what it is
    """A spreadsheet without any input sheet of the template: a disclosure's tables, checked as published."""


@cache
def input_sheets() -> frozenset[str]:
    """The template's input sheet names (made once, on first use: ``--help`` imports no schema)."""
    from budget_addin.core.schema import TABLES

    return frozenset(t.sheet for t in TABLES)


def check_workbook_book(path: Path, text: Path | None = None) -> tuple[Report, Book]:
    """:func:`check_workbook`, and the workbook's model as read."""
    from budget_addin.files.grid import no_gc
    from budget_addin.files.reader import read_sheets
    from budget_addin.files.summarize import read_all, stale_findings
    from budget_addin.rules import run_rules

    grid = read_all(path)
    if not any(name in grid for name in input_sheets()):
        raise ForeignWorkbook(path)
    result = read_sheets(grid, str(path))
    with no_gc():  # millions of live cells would make every full collection during the rules a scan of them all
        report = run_rules(result.book)
        report.findings.extend(stale_findings(path, grid, result.book.data))  # summary sheets made from other inputs
    result.attach(report)
    if text is not None:
        from budget_addin.files.documents import text_against_book

        report.findings.extend(text_against_book(result.book, text))
    return report, result.book


def check_document(path: Path) -> Report:
    """Read a published .txt/.docx/.html/.pdf and check it: its text's own arithmetic, its tables as printed and
    its text against its tables (raises ReadError when it cannot be read)."""
    return check_published_document(path)[0]


def check_published_document(path: Path) -> tuple[Report, PublishedDocument]:
    """:func:`check_document`, and the document as read (a PDF's page model draws the findings on it)."""
    from budget_addin.files.published.document import read_document
    from budget_addin.narrative import text_check
    from budget_addin.rules.published import check_published

    document = read_document(path)
    report = text_check.check_document(document.paragraphs, str(path))
    return check_published(document.paragraphs, document.tables, str(path), report), document


def render_text(report: Report) -> str:
    """A readable Chinese report grouped by severity."""
    from budget_addin.core.findings import RULES_VERSION

    counts = report.counts()
    ledger: dict[str, int] = {}
    for status in report.ledger.values():
        ledger[status] = ledger.get(status, 0) + 1
    lines = [
        f"审核报告：{report.workbook}（规则版本 {RULES_VERSION}）",
        f"错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项；"
        f"规则 {len(report.ledger)} 条：" + "，".join(f"{LEDGER_NAMES[k]} {v}" for k, v in sorted(ledger.items())),
    ]
    from budget_addin.files.reader import NOTHING_TO_CHECK as NO_FIGURES  # the read issue of a blank workbook

    if report.nothing_checked and NO_FIGURES not in report.read_issues:
        lines.append(NOTHING_TO_CHECK)
    for severity in ("error", "warning", "info"):
        found = [f for f in report.findings if f.severity == severity]
        if not found:
            continue
        lines.append("")
        lines.append(f"【{SEVERITY_NAMES[severity]}】")
        for number, finding in enumerate(found, start=1):
            lines.append(f"{number:>3}. [{finding.rule} {finding.scope}] {'、'.join(finding.cells)}")
            lines.append(f"     {finding.message}")
    skipped = {k: v for k, v in report.ledger.items() if v in {"missing_data", "not_applicable", "crashed"}}
    if skipped:
        lines.append("")
        lines.append("【未运行的规则】（未运行不算通过）")
        for rule_id, status in sorted(skipped.items()):
            lines.append(f"  {rule_id} {LEDGER_NAMES[status]}：{report.notes.get(rule_id, '')}")
    if report.read_issues:
        lines.append("")
        lines.append("【读取问题】（这些单元格按空值处理，其余内容照常校验）")
        lines.extend(f"  {issue}" for issue in report.read_issues)
    return "\n".join(lines)


def printable(text: str) -> str:
    """A path as text any file can hold (undecodable bytes of a file name shown as escapes)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def finding_rows(report: Report) -> list[tuple[Any, ...]]:
    """The findings of a report as rows of the 审核结果 sheet (columns ``FINDING_COLUMNS``)."""
    return [(printable(report.workbook), f.rule, SEVERITY_NAMES[f.severity], f.scope, "、".join(f.cells), f.message,
             _figure_cell(f.expected), _figure_cell(f.actual))
            for f in report.findings]


def _figure_cell(value: object) -> object:
    """应为/实为 as a number (17.900 and 17.9 alike, as in the JSON report), other values as text."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    from decimal import Decimal

    if isinstance(value, Decimal) and value.is_finite():
        return float(value)
    return str(value)


def ledger_rows(report: Report) -> list[tuple[Any, ...]]:
    """The ledger of a report as rows of the 规则执行情况 sheet (columns ``LEDGER_COLUMNS``)."""
    return [(printable(report.workbook), k, LEDGER_NAMES[v], report.notes.get(k, ""))
            for k, v in sorted(report.ledger.items())]


@dataclass(frozen=True)
class Outcome:
    """What checking one workbook gave, already rendered for the output format (small, picklable)."""

    workbook: str
    counts: tuple[int, int, int] = (0, 0, 0)  # errors, warnings, infos
    payload: Any = None  # text, JSON text, or (finding rows, ledger rows) for xlsx
    unreadable: str | None = None  # why the file could not be read
    crashed: str | None = None  # the checker failed on this file (an internal error, not a finding)
    nothing_checked: bool = False  # no rule had anything to check (a blank workbook)
    rule_crashed: bool = False  # a rule raised (isolated, ledger 出错): an internal error, though the rest ran
    identity: Identity | None = None  # whose disclosure of which year: pairs a department's years (跨年)
    note: str | None = None  # what else was done for it (an annotated copy written, or why not)

    @property
    def errors(self) -> int:
        return self.counts[0]


def check_one(path: Path, fmt: str, text: Path | None = None, annotate: Path | None = None) -> Outcome:
    """Check one workbook (or published disclosure) and render its report for ``fmt``; never raises for one bad
    file. ``annotate``: where to write an annotated copy of a PDF (a file, or a folder for a batch)."""
    from budget_addin.files.documents import is_document
    from budget_addin.files.grid import ReadError

    note = None
    try:
        if is_document(path) or path.suffix.lower() in (".xls", ".csv"):
            report, document = check_published_document(path)
            identity = _document_identity(document)
            if annotate is not None:
                note = annotated_copy(path, report, document, annotate)
        else:
            try:
                report, book = check_workbook_book(path, text)
                identity = _book_identity(book)
            except ForeignWorkbook:  # a disclosure's tables as a spreadsheet: checked as published
                report, document = check_published_document(path)
                identity = _document_identity(document)
    except ReadError as exc:
        return Outcome(str(path), unreadable=str(exc))
    except PermissionError:
        return Outcome(str(path), unreadable=f"没有权限或文件被占用：{path}（如已在 Excel/WPS 中打开，请先关闭）")
    except Exception as exc:  # noqa: BLE001 - one workbook must not stop a batch; reported as an internal error
        return Outcome(str(path), crashed=internal_error(exc))
    counts = report.counts()
    return Outcome(str(path), (counts["error"], counts["warning"], counts["info"]), render_payload(report, fmt),
                   nothing_checked=report.nothing_checked,
                   rule_crashed=any(status == "crashed" for status in report.ledger.values()), identity=identity,
                   note=note)


def _book_identity(book: Book) -> Identity | None:
    from budget_addin.rules.across_years import book_identity

    return book_identity(book)


def _document_identity(document: PublishedDocument) -> Identity | None:
    from budget_addin.narrative.identity import identify

    return identify([p.text for p in document.paragraphs]) or identify(t.title for t in document.tables)


def annotated_copy(path: Path, report: Report, document: PublishedDocument, target: Path) -> str:
    """Write the annotated copy of a checked PDF (``target``, or ``target/<name>.批注.pdf`` for a folder) and say so;
    a file that is no PDF, or a PDF that cannot be annotated, is said why (the check's report stands)."""
    from budget_addin.files.guards import Refused, output
    from budget_addin.files.published.annotate import AnnotateError, annotate, marks_of

    if document.pages is None:
        return f"{path.name} 不是 PDF，未生成批注版（批注版只为 PDF 生成）"
    out = target / f"{path.stem}.批注.pdf" if target.is_dir() else target
    try:
        output(out, "pdf", [path])
        drawn = annotate(path, out, marks_of(report.findings, document))
    except (AnnotateError, Refused, OSError) as exc:
        return f"{path.name} 未生成批注版：{exc}"
    return f"已写入批注版 {out}：标注 {drawn} 处"


def across_years(seen: Sequence[tuple[str, Identity]], fmt: str) -> Iterator[Outcome]:
    """One outcome per pair of a department's consecutive years among the checked files (跨年): each later year's
    prior-year figures against the earlier year's published figures. Nothing when no two files pair."""
    from budget_addin.core.findings import Report
    from budget_addin.files.grid import ReadError
    from budget_addin.rules.across_years import PRIOR_MATCH, compare, consecutive

    for (earlier, a), (later, b) in consecutive([(item, item[1]) for item in seen]):
        name = f"跨年比对：{b.department} {a.year}→{b.year}（{Path(earlier).name} → {Path(later).name}）"
        try:
            findings = compare(disclosure_of(Path(earlier)), disclosure_of(Path(later)))
        except ReadError as exc:
            yield Outcome(name, unreadable=str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - a comparison must not stop the batch's report
            yield Outcome(name, crashed=internal_error(exc))
            continue
        report = Report(workbook=name, findings=findings, ledger={PRIOR_MATCH: "failed" if findings else "passed"})
        counts = report.counts()
        yield Outcome(name, (counts["error"], counts["warning"], counts["info"]), render_payload(report, fmt))


def disclosure_of(path: Path) -> Disclosure:
    """What a checked file states of its own year and of the year before, for the 跨年 comparison."""
    from budget_addin.files.documents import is_document
    from budget_addin.files.published.document import read_document
    from budget_addin.rules import across_years as years

    if not is_document(path) and path.suffix.lower() not in (".xls", ".csv"):
        from budget_addin.files.reader import read_sheets
        from budget_addin.files.summarize import read_all

        grid = read_all(path)
        if any(name in grid for name in input_sheets()):
            return years.book_disclosure(read_sheets(grid, str(path)).book, path.name)
    document = read_document(path)  # a published file, or a spreadsheet of a disclosure's tables
    return years.tables_disclosure(document.tables, document.paragraphs, path.name)


def _and_across_years(stream: Iterable[Outcome], fmt: str) -> Iterator[Outcome]:
    """The outcomes as they come, then those of the 跨年 comparison of the files that pair."""
    seen: list[tuple[str, Identity]] = []
    for outcome in stream:
        if outcome.identity is not None:
            seen.append((outcome.workbook, outcome.identity))
        yield outcome
    yield from across_years(seen, fmt)


def render_payload(report: Report, fmt: str) -> Any:
    """The report as the output format needs it."""
    if fmt == "text":
        return render_text(report)
    if fmt == "jsonl":
        return json.dumps(report.as_json(), ensure_ascii=False)
    if fmt == "json":
        return json.dumps(report.as_json(), ensure_ascii=False, indent=2)
    return finding_rows(report), ledger_rows(report)


def _check_chunk(paths: Sequence[Path], fmt: str, text: Path | None = None,
                 annotate: Path | None = None) -> list[Outcome]:
    """Check a few files with the cycle collector paused, and collect once at the end.

    A checked workbook leaves no reference cycles (its objects go as soon as it is done), so the
    collector's passes during a check only scanned live cells; one pass per chunk keeps memory
    bounded should some odd file leave cycles after all.
    """
    from budget_addin.files.grid import no_gc

    with no_gc():
        done = [check_one(path, fmt, text, annotate) for path in paths]
    gc.collect()
    return done


# -- many workbooks ------------------------------------------------------------------------------

def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def warm() -> None:
    """Import the checker and register the rule catalogue once per process (before forking workers)."""
    from budget_addin.files import reader, summarize  # noqa: F401
    from budget_addin.rules import load_catalogue

    load_catalogue()
    gc.freeze()  # what the imports made lives as long as the process: no collection need scan it again


MAX_CHUNK = 16  # files handed to a worker at a time, at most


def chunks(paths: Sequence[Path], jobs: int) -> list[Sequence[Path]]:
    """The files in the pieces handed to workers, in order: each about an eighth of what is left per worker,
    at most :data:`MAX_CHUNK` (few hand-overs), shrinking to single files at the end so no core waits long."""
    pieces: list[Sequence[Path]] = []
    start = 0
    while start < len(paths):
        size = max(1, min(MAX_CHUNK, (len(paths) - start) // (jobs * 8)))
        pieces.append(paths[start:start + size])
        start += size
    return pieces


def outcomes(paths: Sequence[Path], fmt: str, jobs: int, text: Path | None = None,
             annotate: Path | None = None) -> Iterator[Outcome]:
    """One outcome per path, in the order of ``paths``, each as soon as it and those before it are done."""
    jobs = max(1, min(jobs, len(paths)))
    warm()  # inherited by forked workers; spawned ones run it as their initializer
    if jobs == 1:
        for piece in chunks(paths, 1):
            yield from _check_chunk(piece, fmt, text, annotate)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pieces = chunks(paths, jobs)
    done = 0
    with ProcessPoolExecutor(max_workers=jobs, initializer=warm) as pool:
        try:
            for results in pool.map(_check_chunk, pieces, [fmt] * len(pieces), [text] * len(pieces),
                                    [annotate] * len(pieces)):
                for outcome in results:
                    done += 1
                    yield outcome
        except Exception as exc:  # noqa: BLE001 - a worker died (out of memory, killed) or could not answer
            broken = isinstance(exc, BrokenProcessPool)
            why = "校验进程意外退出" if broken else f"校验进程出错（{type(exc).__name__}：{exc}）"
            for path in paths[done:]:  # the rest cannot be vouched for: internal errors, not findings
                yield Outcome(str(path), crashed=why)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# -- writing as results arrive -----------------------------------------------------------------

@contextmanager
def _destination(output: str | None, binary: bool = False) -> Iterator[IO[Any]]:
    """Standard output, or a temporary file next to ``output`` that replaces it only when complete."""
    if not output or output == "-":
        if binary:
            raise ValueError("binary output needs a file")
        safe = PipeSafe(sys.stdout)
        yield safe  # type: ignore[misc]
        safe.flush()
        return
    import io

    from budget_addin.files.atomic import atomic_file

    with atomic_file(Path(output)) as handle:
        if binary:
            yield handle
        else:
            text = io.TextIOWrapper(handle, encoding="utf-8", errors="backslashreplace", newline="\n")
            yield text
            text.flush()
            text.detach()


def silence_stdout() -> None:
    """Standard output was closed by its reader (``check … | head -1``): send the rest to the null device.

    As Python's documentation advises for SIGPIPE: the descriptor is pointed at ``os.devnull`` so no later
    write or the flush at exit raises again, and the command ends quietly with its own exit code.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class PipeSafe:
    """Standard output that a closed pipe silences instead of failing: the check goes on, its exit code holds."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.closed_by_reader = False

    def write(self, text: str) -> None:
        if self.closed_by_reader:
            return
        try:
            self.out.write(text)
        except BrokenPipeError:
            self.closed_by_reader = True
            silence_stdout()

    def flush(self) -> None:
        if self.closed_by_reader:
            return
        try:
            self.out.flush()
        except BrokenPipeError:
            self.closed_by_reader = True
            silence_stdout()


@dataclass
class Tally:
    """The streamed summary of a batch: one short line per workbook, nothing more."""

    lines: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    crashed: list[tuple[str, str]] = field(default_factory=list)
    checked: int = 0
    with_errors: int = 0
    nothing_checked: int = 0
    blank: list[str] = field(default_factory=list)  # workbooks with nothing to check
    rule_crashed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what else was done (annotated copies written)

    def add(self, outcome: Outcome) -> None:
        if outcome.note is not None:
            self.notes.append(outcome.note)
        if outcome.unreadable is not None:
            self.unreadable.append((outcome.workbook, outcome.unreadable))
            self.lines.append(f"{outcome.workbook:<40} 无法读取")
        elif outcome.crashed is not None:
            self.crashed.append((outcome.workbook, outcome.crashed))
            self.lines.append(f"{outcome.workbook:<40} 程序出错，未能校验")
        else:
            self.checked += 1
            self.with_errors += outcome.errors > 0
            self.nothing_checked += outcome.nothing_checked
            if outcome.nothing_checked:
                self.blank.append(outcome.workbook)
            if outcome.rule_crashed:
                self.rule_crashed.append(outcome.workbook)
            e, w, i = outcome.counts
            if outcome.nothing_checked:  # not the 0 0 0 of a clean workbook
                self.lines.append(f"{outcome.workbook:<40} 没有可校验的内容")
            else:
                self.lines.append(f"{outcome.workbook:<40} {e:>4}  {w:>4}  {i:>4}")

    def consolidated(self) -> str:
        return "\n".join(["汇总 / Summary", f"{'工作簿':<40} 错误  警告  提示", *self.lines])

    def exit_code(self) -> int:
        """The worst of the files' codes (4 > 2 > 1 > 3 > 0)."""
        codes = [EXIT_INTERNAL] if self.crashed or self.rule_crashed else []
        codes += [EXIT_UNREADABLE] if self.unreadable else []
        codes += [EXIT_FINDINGS] if self.with_errors else []
        codes += [EXIT_NOTHING] if self.nothing_checked else []  # a blank workbook beside clean ones: still 3
        return worst(codes)


def _write_text(stream: Iterable[Outcome], tally: Tally, out: IO[str], count: int) -> None:
    first = True
    for outcome in stream:
        tally.add(outcome)
        if outcome.payload is None:
            continue
        out.write(("" if first else "\n\n") + outcome.payload)
        first = False
    if count > 1:
        out.write(("" if first else "\n\n") + tally.consolidated())
    out.write("\n")


def _write_jsonl(stream: Iterable[Outcome], tally: Tally, out: IO[str]) -> None:
    for outcome in stream:
        tally.add(outcome)
        if outcome.payload is not None:
            out.write(outcome.payload + "\n")
        else:
            reason = outcome.unreadable if outcome.unreadable is not None else outcome.crashed
            status = "unreadable" if outcome.unreadable is not None else "crashed"
            out.write(json.dumps({"workbook": outcome.workbook, "status": status, "reason": reason},
                                 ensure_ascii=False) + "\n")
        out.flush()


def _write_json(stream: Iterable[Outcome], tally: Tally, out: IO[str], count: int) -> None:
    remaining = iter(stream)
    if count == 1:  # one workbook: its report alone (the form of a single check), unless it failed
        outcome = next(remaining)
        tally.add(outcome)
        if outcome.payload is not None:
            out.write(outcome.payload + "\n")
            return
    out.write('{\n  "reports": [')
    first = True
    for outcome in remaining:
        tally.add(outcome)
        if outcome.payload is None:
            continue
        out.write(("\n    " if first else ",\n    ") + outcome.payload.replace("\n", "\n    "))
        first = False
    out.write(("]" if first else "\n  ]") + ',\n  "unreadable": ')
    problems = [{"workbook": w, "reason": why} for w, why in tally.unreadable]
    problems += [{"workbook": w, "reason": why, "internal_error": True} for w, why in tally.crashed]
    out.write(json.dumps(problems, ensure_ascii=False, indent=2).replace("\n", "\n  ") + "\n}\n")


XLSX_MAX_ROWS = 1_048_576  # rows of a worksheet; a longer table continues on 审核结果（续2） …


class _SheetRows:
    """One table written row by row, continued on a new sheet when a sheet is full."""

    def __init__(self, book: Any, name: str, header: Sequence[str], bold: Any, max_rows: int = XLSX_MAX_ROWS) -> None:
        self.book, self.name, self.header, self.bold, self.max_rows = book, name, header, bold, max_rows
        self.parts = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self.parts += 1
        self.sheet = self.book.add_worksheet(self.name if self.parts == 1 else f"{self.name}（续{self.parts}）")
        self.sheet.write_row(0, 0, self.header, self.bold)
        self.row = 1

    def write(self, values: Sequence[Any]) -> None:
        if self.row >= self.max_rows:
            self._new_sheet()
        self.sheet.write_row(self.row, 0, values)
        self.row += 1


# Up to this many workbooks the xlsx keeps its strings shared (as Excel writes them); beyond it rows go
# to disk as they come (XlsxWriter's constant-memory mode writes inline strings, which Excel accepts
# and converts on its first save).
SHARED_STRINGS_UP_TO = 200


def _status_row(outcome: Outcome) -> tuple[Any, ...] | None:
    """The 审核结果 row of a file that was not checked (unreadable, crashed) or had nothing to check."""
    if outcome.unreadable is not None:
        level, why = "无法读取", outcome.unreadable
    elif outcome.crashed is not None:
        level, why = "程序出错，未能校验", outcome.crashed
    elif outcome.nothing_checked:
        level, why = "没有可校验的内容", NOTHING_TO_CHECK
    else:
        return None
    return (printable(outcome.workbook), "—", level, "—", "", why, None, None)


def _write_xlsx(stream: Iterable[Outcome], tally: Tally, out: IO[bytes], max_rows: int = XLSX_MAX_ROWS,
                constant_memory: bool = True) -> None:
    import io

    import xlsxwriter  # constant_memory: each row goes to disk as soon as the next one is written

    from budget_addin.files.build import keep_cached_values

    buffer = io.BytesIO()  # the package is made in memory: a full disk then fails one plain write, never a half zip
    book = xlsxwriter.Workbook(buffer, {"constant_memory": constant_memory, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    keep_cached_values(book)
    bold = book.add_format({"bold": True})
    findings = _SheetRows(book, "审核结果", FINDING_COLUMNS, bold, max_rows)
    ledger = _SheetRows(book, "规则执行情况", LEDGER_COLUMNS, bold, max_rows)
    for outcome in stream:
        tally.add(outcome)
        status = _status_row(outcome)
        if status is not None:  # a file without findings of its own still has its row: unreadable, crashed, blank
            findings.write(status)
        if outcome.payload is None:
            continue
        for row in outcome.payload[0]:
            findings.write(row)
        for row in outcome.payload[1]:
            ledger.write(row)
    try:
        book.close()
    except xlsxwriter.exceptions.FileCreateError as exc:
        # its temporary files (constant-memory rows) could not be written
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        raise OSError(cause.errno if cause else errno.EIO, cause.strerror if cause else str(exc),
                      getattr(out, "name", None)) from None
    out.write(buffer.getbuffer())


def run_check(paths: Sequence[Path], fmt: str = "text", output: str | None = None, jobs: int | None = None,
              quiet: bool = False, err: Callable[[str], None] | None = None, text: Path | None = None,
              annotate: Path | None = None) -> int:
    """Check every workbook, write the report as results arrive, return the exit code."""
    say = err or (lambda text: sys.stderr.write(text + "\n"))
    if not paths:
        say("没有找到要校验的工作簿（.xlsx/.xlsm）/ nothing to check")
        return EXIT_NOTHING
    if fmt == "xlsx" and (not output or output == "-"):
        say("--format xlsx 需要 -o 输出文件 / needs -o FILE")
        return EXIT_UNREADABLE
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    tally = Tally()
    shown = not quiet and len(paths) > 1 and sys.stderr.isatty()
    checked = outcomes(paths, fmt, jobs, text, annotate)
    stream = _and_across_years(_progress(checked, len(paths)) if shown else checked, fmt)
    with _destination(output, binary=fmt == "xlsx") as destination:
        out = _BarSafe(destination) if shown and isinstance(destination, PipeSafe) else destination
        if fmt == "jsonl":
            _write_jsonl(stream, tally, out)
        elif fmt == "json":
            _write_json(stream, tally, out, len(paths))
        elif fmt == "xlsx":
            _write_xlsx(stream, tally, out, constant_memory=len(paths) > SHARED_STRINGS_UP_TO)
        else:
            _write_text(stream, tally, out, len(paths))
    if output and output != "-":  # every format written to a file says so, as the other commands do
        say(f"已写入 {output}")
    for note in tally.notes:
        say(note)
    for workbook, why in tally.unreadable:
        say(f"无法读取 {workbook}：{why}")
    for workbook, why in tally.crashed:
        say(f"内部错误，{workbook} 未能校验（不是校验结果，请把此文件发给维护人员）：{why}")
    for workbook in tally.rule_crashed:
        say(f"{workbook}：有规则运行出错（程序缺陷），其余规则照常运行；详情已写入日志 {log_path()}")
    code = tally.exit_code()
    if len(paths) > 1:
        for workbook in tally.blank:
            say(f"{workbook}：{NOTHING_TO_CHECK}")
    elif code == EXIT_NOTHING:
        say(NOTHING_TO_CHECK)
    return code


def _progress(stream: Iterator[Outcome], total: int) -> Iterator[Outcome]:
    """A progress bar on standard error: files done, files per second, time left."""
    from tqdm import tqdm

    with tqdm(total=total, desc="校验", unit="个", file=sys.stderr, dynamic_ncols=True) as bar:
        for outcome in stream:
            bar.update(1)
            yield outcome


class _BarSafe:
    """Standard output while a progress bar is on the terminal: the bar steps aside for each write."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, text: str) -> None:
        from tqdm import tqdm

        # tqdm knows standard output by identity: the stream a PipeSafe wraps, not the wrapper
        with tqdm.external_write_mode(file=getattr(self.out, "out", self.out)):
            self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


__all__ = ["check_workbook", "check_one", "outcomes", "run_check", "render_text", "EXIT_OK", "EXIT_FINDINGS",
           "EXIT_UNREADABLE", "EXIT_NOTHING", "EXIT_INTERNAL"]
