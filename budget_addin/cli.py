"""``budget-addin``: the headless front end (Linux, WPS users, CI, reviewers).

A thin layer: parse arguments, call the core, print Chinese (with English
hints in --help). Exit codes are those of :mod:`budget_addin.exit_codes`: 0 no
error findings, 1 error findings, 2 input unreadable or refused, 3 nothing to
check, 4 internal error (logged, never a traceback on screen). Checking many workbooks
lives in :mod:`budget_addin.batch`.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from budget_addin import __version__
from budget_addin.batch import check_document, check_workbook, render_text, run_check, silence_stdout
from budget_addin.core.findings import Report
from budget_addin.core.schema import PRIOR_HEADERS
from budget_addin.exit_codes import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_UNREADABLE,
    help_text,
    internal_error,
    log_path,
    setup_log,
)
from budget_addin.files.guards import Refused, output, output_folder, refuse_read_only, same_file, text_kind

__all__ = ["EXIT_OK", "EXIT_FINDINGS", "EXIT_UNREADABLE", "EXIT_NOTHING", "EXIT_INTERNAL", "main", "parser",
           "check_workbook", "check_document", "render_text"]
WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")
DEFAULT_WORKBOOK = Path(__file__).resolve().parent.parent / "workbook" / "Changjiang2020.xlsm"
MACROS_DIR = DEFAULT_WORKBOOK.parent.parent / "macros"


def _out(text: str) -> None:
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    except BrokenPipeError:  # the reader closed the pipe (… | head): the command goes on, quietly
        silence_stdout()


def _err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


# -- check --------------------------------------------------------------------------------------

def _is_workbook_name(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES and not path.name.startswith(("~$", "."))


def _is_checked_name(path: Path) -> bool:
    """A file a folder's batch checks: a workbook, or a disclosure as published (.pdf/.docx/.html; a .txt only
    when named, as a folder's notes.txt is seldom a disclosure)."""
    return _is_workbook_name(path) or (
        path.suffix.lower() in PUBLISHED_SUFFIXES and not path.name.startswith(("~$", "."))
    )


PUBLISHED_SUFFIXES = (".pdf", ".docx", ".html", ".htm")


def expand(paths: Sequence[str], notes: list[str] | None = None) -> list[Path]:
    """Workbooks and published disclosures named on the command line; a folder stands for those in it.

    Every entry of a folder named like a workbook is kept, also one that cannot be read (a link in a
    loop or to nothing, an empty file, a pipe, a folder named ``x.xlsx``): the reader then lists it
    with its reason instead of the batch skipping it silently. A folder without workbooks adds a
    note to ``notes`` (saying so when its subfolders hold some).
    """
    result: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            try:
                found = sorted(p for p in path.iterdir() if _is_checked_name(p))
            except OSError as exc:
                from budget_addin.files.grid import ReadError

                raise ReadError(f"无法列出文件夹 {path}（{exc.strerror or '读写错误'}）") from None
            if not found and notes is not None:
                nested = _nested_workbooks(path)
                notes.append(
                    f"文件夹 {path} 中没有工作簿（.xlsx/.xlsm）或公开文件（.pdf/.docx/.html）"
                    + (f"；其子文件夹中有 {nested} 个，请直接指定子文件夹（不会自动进入子文件夹）" if nested else "")
                )
            result.extend(found)
        else:
            result.append(path)
    return result


def _nested_workbooks(folder: Path, limit: int = 10_000) -> int:
    """How many workbooks the subfolders of ``folder`` hold (counting stops after ``limit`` entries)."""
    count = 0
    try:
        for seen, path in enumerate(folder.rglob("*")):
            if seen >= limit:
                break
            count += _is_checked_name(path)
    except OSError:
        pass
    return count


def report_code(report: Report) -> int:
    """The exit code one workbook's report calls for."""
    if any(status == "crashed" for status in report.ledger.values()):
        return EXIT_INTERNAL
    if report.errors:
        return EXIT_FINDINGS
    return EXIT_NOTHING if report.nothing_checked else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    notes: list[str] = []
    paths = expand(args.paths, notes)
    named = [Path(p) for p in args.paths]
    text = Path(args.text) if args.text else None  # --text: also check this document, alone and against each workbook
    if args.output and args.output != "-":
        target = Path(args.output)
        if not any(same_file(target, p) for p in named) and _is_our_report(target):  # left by an earlier run
            kept = [p for p in paths if not same_file(target, p)]
            if len(kept) < len(paths):
                notes.append(f"已跳过输出文件本身：{target}（它在所校验的文件夹中）")
            paths = kept
        kind = {"xlsx": "xlsx", "json": "json", "jsonl": "json"}.get(args.format, "text")
        output(target, kind, [*paths, *named, *([text] if text else [])])
    annotate = _annotate_target(args.annotate, paths, named) if args.annotate else None
    for note in notes:
        _err(note)
    return run_check(paths, args.format, args.output, args.jobs, args.quiet, _err, text, annotate)


def _annotate_target(target: str, paths: list[Path], named: list[Path]) -> Path:
    """Where annotated copies go: a ``.pdf`` file for one PDF checked, else a folder (made if need be)."""
    out = Path(target)
    if out.suffix.lower() == ".pdf" and not out.is_dir():
        if len(paths) != 1:
            raise Refused(f"--annotate {out}：校验多个文件时请给出文件夹，每个 PDF 写一份批注版")
        return output(out, "pdf", [*paths, *named])
    output_folder(out, [*paths, *named])
    out.mkdir(parents=True, exist_ok=True)
    return out


REPORT_SHEETS = ["审核结果", "规则执行情况"]


def _is_our_report(path: Path) -> bool:
    """Whether ``path`` is a findings workbook written by ``check --format xlsx`` (and may be replaced)."""
    from budget_addin.files.grid import ReadError, sheet_names

    try:
        return path.is_file() and sheet_names(path) == REPORT_SHEETS
    except ReadError:
        return False


def _emit(text: str, output: str | None) -> None:
    if output and output != "-":
        from budget_addin.files.package import atomic_write

        atomic_write(Path(output), (text + "\n").encode("utf-8", "backslashreplace"))
    else:
        _out(text)


# -- build / new --------------------------------------------------------------------------------

def cmd_build(args: argparse.Namespace) -> int:
    from budget_addin.core.dataset import load_seed_data
    from budget_addin.excel.vba_wrappers import write_generated_modules
    from budget_addin.files.build import build

    output(Path(args.output), "xlsm")
    macros = Path(args.macros)
    write_generated_modules(macros)
    out = build(load_seed_data(), Path(args.output), macros)
    _out(f"已生成 {out}（由 schema + 数据文件 + macros/ 构建）")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from budget_addin.core.dataset import blank_dataset
    from budget_addin.files.build import build

    if args.source:
        return _new_from(args)
    missing = [
        flag for flag, value in (("--name", args.name), ("--code", args.code), ("--year", args.year)) if not value
    ]
    if missing:
        _err(f"缺少参数：{'、'.join(missing)}（或用 --from 上年工作簿）/ missing {' '.join(missing)}")
        return EXIT_UNREADABLE
    output(Path(args.output), "xlsm")
    comparator = args.comparator or PRIOR_HEADERS[0]
    out = build(blank_dataset(args.name, args.code, args.year, comparator), Path(args.output))
    _out(f"已生成空白工作簿 {out}：{args.name}（{args.code}）{args.year} 年，与{comparator}比较")
    return EXIT_OK


def _new_from(args: argparse.Namespace) -> int:
    """``new --from LAST.xlsm``: next year's workbook with last year's figures as 上年数."""
    from budget_addin.files.reader import read_workbook

    source = Path(args.source)
    if same_file(source, Path(args.output)):
        _err(f"输出文件不能是上年工作簿本身：{args.output}")
        return EXIT_UNREADABLE
    year = args.year
    if not year:
        department = read_workbook(source).book.data.get("department") or {}
        last = str((department.get("year") or {}).get("value") or "").strip()
        if not last.isdigit():
            _err(f"{source}：部门基本信息中没有预算年度，请用 --year 指定新年度")
            return EXIT_UNREADABLE
        year = str(int(last) + 1)
    return _run_import([source], args.output, args.name, args.code, year, args.comparator)


def cmd_import(args: argparse.Namespace) -> int:
    return _run_import([Path(p) for p in args.sources], args.output, args.name, args.code, args.year, args.comparator)


def _run_import(sources: list[Path], output: str, name: str | None, code: str | None, year: str | None,
                comparator: str | None) -> int:
    from budget_addin.files.build import build
    from budget_addin.files.importer.run import import_sources, render

    out = Path(output)
    if out.suffix.lower() != ".xlsm":
        _err(f"输出应为 .xlsm 工作簿：{out}")
        return EXIT_UNREADABLE
    clash = [s for s in sources if same_file(s, out)]
    if clash:
        _err(f"输出文件不能覆盖导入的来源文件：{clash[0]}")
        return EXIT_UNREADABLE
    refuse_read_only(out)
    result = import_sources(sources, name, code, year, comparator)
    build(result.data, out)
    _out(render(result, out))
    for path, why in result.unreadable:
        _err(f"无法读取 {path}：{why}")
    return result.status


# -- the other front-end commands -----------------------------------------------------------------

def _book(path: str):  # noqa: ANN202 - Book, imported lazily
    from budget_addin.files.reader import read_workbook

    result = read_workbook(Path(path))
    for issue in result.issues:
        _err(f"读取提示：{issue}")
    return result.book


def _text_output(args: argparse.Namespace, *inputs: str | None) -> None:
    """Refuse ``-o`` when it names an input or a file whose extension is not that of text."""
    if args.output and args.output != "-":
        output(Path(args.output), "json" if getattr(args, "format", "text") == "json" else "text",
               [Path(p) for p in inputs if p])


def cmd_indicators(args: argparse.Namespace) -> int:
    from budget_addin.rules.indicator_review import render

    _text_output(args, args.workbook)
    _emit(render(_book(args.workbook), args.format), args.output)
    return EXIT_OK


def cmd_narrative(args: argparse.Namespace) -> int:
    from budget_addin.files.atomic import atomic_write
    from budget_addin.narrative.docx_writer import docx_bytes
    from budget_addin.narrative.generate import generate, to_text

    kind = None if args.output in (None, "-") else text_kind(Path(args.output))
    if args.output not in (None, "-"):
        output(Path(args.output), kind or "docx", [Path(args.workbook)])
    paragraphs = generate(_book(args.workbook))
    if kind is None:
        _out(to_text(paragraphs))
    elif kind == "text":
        _emit(to_text(paragraphs), args.output)
        _out(f"已写入 {args.output}（文本）")
    else:
        atomic_write(Path(args.output), docx_bytes(paragraphs))
        _out(f"已写入 {args.output}")
    return EXIT_OK


def cmd_claims(args: argparse.Namespace) -> int:
    from budget_addin.narrative import claims as claims_module

    _text_output(args, args.workbook, args.text)
    book = _book(args.workbook)
    text = Path(args.text) if args.text else None
    if text is not None and not text.is_file():
        raise FileNotFoundError(2, "找不到要核对的文本", str(text))
    from docx.opc.exceptions import OpcError

    from budget_addin.files.grid import ReadError

    if text is not None:  # measured (and a .docx's DOCTYPE refused) before the claims reader opens it
        from budget_addin.files.documents import read_paragraphs
        from budget_addin.files.limits import LimitExceeded, check_file_size

        try:
            check_file_size(text.stat().st_size)
            if text.suffix.lower() == ".docx":
                read_paragraphs(text)
        except (LimitExceeded, ReadError) as exc:
            raise ReadError(f"无法读取文本 {text.name}：{exc}") from None

    try:
        rendered = claims_module.render_for(book, text, args.format)
    except (OpcError, UnicodeDecodeError, KeyError, ValueError, zipfile.BadZipFile):
        raise ReadError(f"无法读取文本 {text}（应为 UTF-8 文本或 Word .docx 文档）") from None
    _emit(rendered, args.output)
    return EXIT_OK


def cmd_summarize(args: argparse.Namespace) -> int:
    from budget_addin.files.summarize import summarize

    source = Path(args.workbook)
    if args.output:  # without -o the summary sheets go into the workbook itself (its documented purpose)
        kind = source.suffix.lower().lstrip(".")
        output(Path(args.output), kind if kind in ("xlsx", "xlsm") else "xlsm", [source])
    out = Path(args.output) if args.output else source
    notes: list[str] = []
    refuse_read_only(out)  # in place too: a write-protected workbook is not rewritten
    written = summarize(source, out, notes=notes)
    _out(f"已写入 {out}：{'、'.join(written)}")
    for note in notes:
        _out(f"  {note}")
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from budget_addin.files.publish import publish

    output(Path(args.output), "xlsx", [Path(args.workbook)])
    notes: list[str] = []
    publish(Path(args.workbook), Path(args.output), notes)
    _out(f"已导出发布版 {args.output}（公式已替换为数值，不含宏）")
    for note in notes:
        _out(f"  {note}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """The main job: check, summarise and write the narrative for one workbook into a folder."""
    source = Path(args.workbook)
    folder = output_folder(Path(args.output), [source])
    for name, kind in (("审核报告.txt", "text"), ("审核报告.json", "json"), ("情况说明（生成）.docx", "docx"),
                       (_summary_name(source), _package_kind(source))):
        output(folder / name, kind, [source])
    report = check_workbook(source)  # read before the folder is made: an unreadable input leaves nothing behind
    text = render_text(report)
    from budget_addin.files.atomic import atomic_folder

    with atomic_folder(folder) as staging:  # all or nothing: a failure leaves the folder as it was
        (staging / "审核报告.txt").write_bytes((text + "\n").encode("utf-8", "backslashreplace"))
        (staging / "审核报告.json").write_bytes(
            json.dumps(report.as_json(), ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace"))
        written = [staging / "审核报告.txt", staging / "审核报告.json"]
        for step in (_report_summaries, _report_narrative):
            written.extend(step(source, staging))
    written = [folder / p.name for p in written]
    _out(text)
    _out("\n已写入：" + "、".join(str(p) for p in written))
    code = report_code(report)
    if code == EXIT_INTERNAL:
        _err(f"有规则运行出错（程序缺陷），详情已写入日志 {log_path()}")
    elif code == EXIT_NOTHING:
        _err("工作簿中没有填写任何数字，没有可校验的内容")
    return code


def _package_kind(source: Path) -> str:
    return "xlsx" if source.suffix.lower() == ".xlsx" else "xlsm"


def _summary_name(source: Path) -> str:
    return f"{source.stem}-汇总.{_package_kind(source)}"


def _report_summaries(source: Path, folder: Path) -> list[Path]:
    from budget_addin.files.summarize import summarize

    out = folder / _summary_name(source)
    summarize(source, out)
    return [out]


def _report_narrative(source: Path, folder: Path) -> list[Path]:
    from budget_addin.narrative.docx_writer import write_docx
    from budget_addin.narrative.generate import generate

    out = folder / "情况说明（生成）.docx"
    write_docx(generate(_book(str(source))), out)
    return [out]


# -- tables ---------------------------------------------------------------------------------------

def cmd_tables(args: argparse.Namespace) -> int:
    """``tables FILE``: the tables of a published disclosure as read (text, JSON or one sheet per table)."""
    source = Path(args.file)
    if args.format == "xlsx" and (not args.output or args.output == "-"):
        _err("--format xlsx 需要 -o 输出文件 / needs -o FILE.xlsx")
        return EXIT_UNREADABLE
    if args.output and args.output != "-":
        output(Path(args.output), {"xlsx": "xlsx", "json": "json"}.get(args.format, "text"), [source])
    from budget_addin.files.published.document import as_json, read_tables, render_text, xlsx_bytes

    tables = read_tables(source)
    if not tables:
        _err(f"{source} 中没有找到表格（表格应有表头；标题含“表”字的文字行可分隔同一页上的多张表）")
        return EXIT_NOTHING
    if args.format == "xlsx":
        from budget_addin.files.package import atomic_write

        atomic_write(Path(args.output), xlsx_bytes(tables))
        _out(f"已写入 {args.output}：{len({t.number for t in tables})} 张表，{len(tables)} 个工作表")
    elif args.format == "json":
        _emit(json.dumps(as_json(tables), ensure_ascii=False, indent=2), args.output)
    else:
        _emit(render_text(tables, source.name), args.output)
    return EXIT_OK


# -- parser -------------------------------------------------------------------------------------

_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", "缺少参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", "参数 {0} 的取值 {1} 无效，可选：{2}"),
    (r"argument (\S+): expected one argument", "参数 {0} 需要一个值"),
    (r"argument (\S+): (.*)", "参数 {0} 有误：{1}"),
)


class ChineseParser(argparse.ArgumentParser):
    """argparse with its error messages in Chinese (exit 2, as for a refused command)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, chinese in _ARGPARSE_MESSAGES:
            match = re.fullmatch(pattern, message)
            if match:
                message = chinese.format(*match.groups())
                break
        else:
            message = f"参数错误：{message}"
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"{self.prog}：{message}（用 -h 查看帮助）\n")


def parser() -> argparse.ArgumentParser:
    top = ChineseParser(
        prog="budget-addin",
        description="部门预算公开工作簿：构建、校验、汇总与情况说明。\n"
                    "Department budget disclosure workbooks: build, check, summarise, narrative.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="示例 / example:  budget-addin check workbook/Changjiang2020.xlsm --format json\n\n"
               + help_text() + "\n批量校验时取各文件中最严重的退出码（4 > 2 > 1 > 3 > 0）。\n"
               "读取上限（防压缩炸弹）可用环境变量调整，如 BUDGET_ADDIN_MAX_PART_MB，见 README。",
    )
    top.add_argument("--version", action="version", version=f"budget-addin {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="命令/command", parser_class=ChineseParser)

    for add in (_reviewing_commands, _making_commands, _workbook_commands, _reading_commands):
        add(sub)
    return top


def _reviewing_commands(sub: argparse._SubParsersAction) -> None:
    """report (the main job) and check (workbooks and published disclosures)."""
    p = sub.add_parser("report", help="主任务：校验 + 汇总表 + 情况说明，写入一个文件夹 / main job")
    p.add_argument("workbook", help="工作簿 / workbook (.xlsm)；示例工作簿见 workbook/Changjiang2020.xlsm")
    p.add_argument("-o", "--output", default="out", help="输出文件夹 / output folder (默认 out)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "check",
        help="校验工作簿或公开文件（.pdf/.docx/.html/.txt，表格 .xlsx/.xls/.csv），可为文件夹 / check workbooks "
        "or published disclosures",
    )
    p.add_argument("paths", nargs="+", help="工作簿、文件夹或文本文件 / workbooks, folders or text files")
    p.add_argument("--text", help="同时核对此文本：自身算术及与工作簿表格是否一致 / also check this text, alone and "
                                  "against the workbook")
    p.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "xlsx"),
        default="text",
        help="输出格式；jsonl 每个工作簿一行，边校验边输出 / output format (jsonl: one line per workbook, streamed)",
    )
    p.add_argument("-o", "--output", help="输出文件（默认屏幕）/ output file (default stdout)")
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        help="并行进程数，默认使用全部 CPU 核，1 为单进程 / worker processes (default: every core; 1: one process)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条 / no progress bar")
    p.add_argument(
        "--annotate",
        metavar="OUT.pdf|DIR",
        help="为 PDF 写批注版：每个错误、警告高亮在其数字上，附说明（多个文件时给文件夹）/ write an annotated "
        "copy of each PDF: every error and warning highlighted over its figures, with its note",
    )
    p.set_defaults(func=cmd_check)


def _making_commands(sub: argparse._SubParsersAction) -> None:
    """build, new and import: the commands that make a workbook."""
    p = sub.add_parser(
        "build", help="由 schema + 数据文件 + macros/ 生成 workbook/Changjiang2020.xlsm / build the seed workbook"
    )
    p.add_argument("-o", "--output", default=str(DEFAULT_WORKBOOK), help="输出 .xlsm / output .xlsm")
    p.add_argument("--macros", default=str(MACROS_DIR),
                   help="VBA 源文件夹（重新生成其中的 xlwings_udfs.bas）/ folder of the .bas sources (default macros/)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("new", help="为其他部门生成同样结构的空白工作簿，或由上年工作簿开始新年度 / blank workbook, "
                                   "or next year from last year's (--from)")
    p.add_argument("--from", dest="source", help="上年工作簿：其本年预算数成为新工作簿的上年数 / last year's workbook")
    p.add_argument("--name", help="部门名称 / department name")
    p.add_argument("--code", help="部门编码 / department code")
    p.add_argument("--year", help="预算年度（--from 时默认上年 +1）/ budget year")
    p.add_argument("--comparator", choices=PRIOR_HEADERS, default=None,
                   help="与上年比较的口径（默认 上年预算数）/ prior-year comparator")
    p.add_argument("output", help="输出 .xlsm / output .xlsm")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "import",
        help="导入公开表（xlsx/xlsm/xls/csv）、情况说明（docx/txt/html/pdf）或上年工作簿 / "
        "import tables, texts, last year's workbook",
        epilog="退出码 / exit codes: 0 全部放入 all placed；1 有数字未放入或有冲突 something not placed；"
        "2 有文件无法读取 a source unreadable",
    )
    p.add_argument(
        "sources",
        nargs="+",
        help="公开表 .xlsx/.xlsm/.xls/.csv，情况说明 .docx/.txt/.html/.pdf，或本工具的工作簿 / "
        "tables, texts or workbooks of this tool",
    )
    p.add_argument("-o", "--output", required=True, help="输出 .xlsm（不能是来源文件）/ output .xlsm")
    p.add_argument("--name", help="部门名称 / department name")
    p.add_argument("--code", help="部门编码 / department code")
    p.add_argument("--year", help="预算年度；来源中较早年度的本工具工作簿按上年处理 / budget year")
    p.add_argument("--comparator", choices=PRIOR_HEADERS, default=None, help="与上年比较的口径 / prior-year comparator")
    p.set_defaults(func=cmd_import)


def _workbook_commands(sub: argparse._SubParsersAction) -> None:
    """summarize, publish, narrative and claims: the commands on one workbook."""
    p = sub.add_parser("summarize", help="写入汇总表（同比、结构、三公、采购、资产、绩效、审核）/ write summary sheets")
    p.add_argument("workbook")
    p.add_argument("-o", "--output", help="输出 .xlsm（默认原地更新）/ output .xlsm (default: in place)")
    p.set_defaults(func=cmd_summarize)

    p = sub.add_parser("publish", help="导出发布版：公式替换为数值、不含宏 / values-only copy without macros")
    p.add_argument("workbook")
    p.add_argument("-o", "--output", required=True, help="输出 .xlsx")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("narrative", help="由表格生成情况说明 / generate the 情况说明")
    p.add_argument("workbook")
    p.add_argument("-o", "--output", help="输出 .docx，或 - 输出到屏幕 / .docx, or - for stdout")
    p.set_defaults(func=cmd_narrative)

    p = sub.add_parser("claims", help="列出并核对情况说明中的数字表述 / list and judge the numeric claims of a text")
    p.add_argument("workbook")
    p.add_argument("--text", help="要核对的文本（.txt 或 .docx），默认工作簿的“情况说明”表 / text to check")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-o", "--output")
    p.set_defaults(func=cmd_claims)


def _reading_commands(sub: argparse._SubParsersAction) -> None:
    """tables (a published disclosure's tables) and indicators (a workbook's performance indicators)."""
    p = sub.add_parser("tables", help="读出公开文件（.pdf/.docx/.html/.xlsx/.xls/.csv）中的全部表格 / the tables of a "
                                      "published disclosure",
                       epilog="退出码 / exit codes: 0 读出表格；2 文件无法读取或被拒绝；3 没有找到表格")
    p.add_argument("file", help="公开文件 / published file (.pdf .docx .html .xlsx .xlsm .xls .csv)")
    p.add_argument("--format", choices=("text", "json", "xlsx"), default="text",
                   help="输出格式；xlsx 每张表一个工作表、数字为数值 / output format (xlsx: one sheet per table)")
    p.add_argument("-o", "--output", help="输出文件（默认屏幕；xlsx 必须指定）/ output file (default stdout)")
    p.set_defaults(func=cmd_tables)

    p = sub.add_parser("indicators", help="列出全部绩效指标及其解析与审查结果 / list performance indicators")
    p.add_argument("workbook")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-o", "--output")
    p.set_defaults(func=cmd_indicators)


# -- errors and the log ---------------------------------------------------------------------------

_OS_ERRORS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读的文件系统",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "文件已存在",
    errno.EFBIG: "文件过大或磁盘空间不足",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EBUSY: "文件被占用",
    errno.EINVAL: "文件名无效",
}


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show Chinese gets escapes, not a crash;
        if hasattr(stream, "reconfigure"):  # odd file names (undecodable bytes) must not crash a print
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    setup_log()
    from budget_addin.files.grid import ReadError  # after parsing: --help needs none of the checker
    from budget_addin.files.limits import LimitExceeded

    code = EXIT_OK  # kept when only the closing flush meets a closed pipe
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a pipe closed early fails here, not in the flush at exit (which would change the code)
        return code
    except BrokenPipeError:  # before OSError: a reader that stops early (… | head -1) is no error of ours
        silence_stdout()
        return code
    except Refused as exc:
        _err(f"已拒绝：{exc}")
        return EXIT_UNREADABLE
    except (ReadError, LimitExceeded) as exc:
        _err(f"无法读取：{exc}")
        return EXIT_UNREADABLE
    except MemoryError:
        _err("内存不足，无法完成（文件过大？）")
        return EXIT_UNREADABLE
    except PermissionError as exc:
        _err(f"没有权限或文件被占用：{exc.filename}（如已在 Excel/WPS 中打开，请先关闭）")
        return EXIT_UNREADABLE
    except FileNotFoundError as exc:
        _err(f"找不到文件或文件夹：{exc.filename}")
        return EXIT_UNREADABLE
    except OSError as exc:
        _err(f"文件读写失败：{exc.filename or ''}（{_OS_ERRORS.get(exc.errno or 0, '读写错误')}）")
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        _err("已取消")
        return EXIT_UNREADABLE
    except Exception as exc:  # a bug: one line on screen, the traceback in the log
        _err(internal_error(exc))
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
