"""Mutation testing of the arithmetic, the number reader and the rule helpers, with mutmut (PyPI).

    python tests/mutation.py [--scope NAME] [--only PATH] [--max-children N]

mutmut changes ``core/calc.py``, ``core/numbers.py`` and ``rules/common.py`` one small edit at a
time (``<`` for ``<=``, ``-`` for ``+``, a constant, a dropped argument…) and runs the fast unit
tests that reach the changed function; a mutant the tests do not notice survives. The run
happens in a temporary copy of the project, so nothing is written into the source tree.

Prints every surviving mutant (its changed line, and the reason when it is equivalent: a change
no test can see because behaviour is the same) and, last, ``killed K of N``. Exit status 0 when
at least 90% are killed. Not a pytest module: nothing runs on import and its name does not start
with ``test_``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Each scope mutates its targets and runs, per mutant, only those of its fast tests that reach the changed function
# (mutmut selects by function): the arithmetic and rule helpers; the text reader; the importer and the batch.
SCOPES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {  # targets, tests, pytest options
    "core": (("budget_addin/core/calc.py", "budget_addin/core/numbers.py", "budget_addin/rules/common.py"),
             ("tests/test_arithmetic.py", "tests/test_numbers_calc.py", "tests/test_rule_boundaries.py",
              "tests/test_precision.py", "tests/test_helper_edges.py"), ()),
    "text": (("budget_addin/narrative/figures.py", "budget_addin/narrative/text_check.py"),
             ("tests/test_text_windows.py", "tests/test_text_check.py"), ("-k", "not pdf and not docx")),
    "import": (("budget_addin/files/importer/columns.py", "budget_addin/files/importer/placer.py",
                "budget_addin/files/importer/locate.py", "budget_addin/files/importer/forms.py"),
               ("tests/test_import_locate.py", "tests/test_import_columns.py", "tests/test_import_placer.py",
                "tests/test_import_forms.py"), ()),
    "batch": (("budget_addin/batch.py", "budget_addin/files/documents.py"),
              ("tests/test_batch_outputs.py", "tests/test_documents.py"), ()),
}
# Measured on two cores (issue 24): core 1196 of 1248 (96%, 222 s); text 2769 of 3271 (85%, 533 s); import 1758 of
# 1801 (97.6%, 371 s, forms.py included, the two cores shared with four other workers' runs: load 5.5 to 7; every
# survivor listed in EQUIVALENT).
# batch 1279 of 1328 (96%, 391 s and 480 s in two runs beside four other workers' runs, load average 7-7.5); the 49 not
# killed are all in EQUIVALENT. Process pools are faked in its tests (tests/test_batch.py runs real ones).
DEFAULT_SCOPE = "core"
TARGETS, TESTS, OPTIONS = SCOPES[DEFAULT_SCOPE]
COPIED = ("budget_addin", "tests", "workbook", "macros", "pytest.ini")
REQUIRED = 0.90
KILLED, SURVIVED = {1, 3, 24, -24, 36, 152, 255}, {0}  # mutmut's exit codes: failed tests or timeout = killed

# No header names both a column of a form (or of its companion) and a fund (一般公共预算/政府性基金/国有资本经营).
_NO_FUND_ROLE = "a column with a role names no fund (_fund_of is None): role.col is its key either way"
# Mutants that cannot change behaviour: (function, text of the changed line, why).
EQUIVALENT = [
    ("largest_remainder", "sum(values, )",
     "the sum of Decimals starting at int 0 equals the sum starting at Decimal 0"),
    ("largest_remainder", "sum(floors, )",
     "the sum of Decimals starting at int 0 equals the sum starting at Decimal 0"),
    ("largest_remainder", "rounding=None", "(target − Σ floors) ÷ step is a whole number: no rounding mode changes it"),
    ("row_sum_check", "sum((v for _, v in present), )",
     "present is never empty here: int 0 + Decimals is the same sum"),
    ("judge", 'shown(stated, decimals, )', '"round" is the default mode of shown()'),
    ("ratio_check", "calc.fmt(exact, )", "2 is the default decimals of fmt()"),
    ("sum_check", "if missing and difference <= 0", "a zero difference has already returned (|0| < tolerance)"),
    ("equal_check", "ran = None", "None and False are both false; ran is only tested for truth"),
    ("equal_check", "book.has_table(left[0]) or book.has_table(right[0])",
     "a table the workbook lacks reads as blank, and a pair with a blank is skipped just the same"),
    ("fmt_amount", 'rstrip("XX0XX")',
     "the text holds digits, point and sign only: stripping X as well changes nothing"),
    ("fmt_amount", 'rstrip("XX.XX")',
     "the text holds digits, point and sign only: stripping X as well changes nothing"),
    ("fmt_amount", "fmt(value, )", "2 is the default decimals of fmt()"),
    ("ratio_check", "calc.round_half_up(exact, )", "2 is the default decimals of round_half_up()"),
    ("shown_decimals", '_FORMAT_NOISE.sub("XXXX"', "the replacement has no point or digit placeholder to count"),
    ("judge", "truncated_ok = not (high <= lo", "high == lo is tested in the same condition: ≤ adds nothing"),
    ("judge", "hi <= low", "hi == low is tested in the same condition: ≤ adds nothing"),
    ("quantum", "cached = None", "the cache only saves work: Decimal(1).scaleb(-decimals) is the value it holds"),
    ("quantum", "_QUANTA.get(None)", "the cache only saves work: Decimal(1).scaleb(-decimals) is the value it holds"),
    ("quantum", "(cached is not None) and False",
     "the cache only saves work: Decimal(1).scaleb(-decimals) is the value"),
    ("parse_figure", 'float("INF")', "float() reads INF as inf: the same value"),
    ("parse_figure", 'float("-INF")', "float() reads -INF as -inf: the same value"),
    ("parse_figure", "raw != raw and raw in",
     "sane() refuses a NaN or infinite float next, with the same reason and raw"),
    ("parse_figure", "NumberError(None) from exc",
     "unreachable (pragma: no cover): the pattern admits only what Decimal reads"),
    ("stored_number", "NumberError(None) from None",
     "unreachable (pragma: no cover): the pattern admits only what Decimal reads"),
    ("stored_number", 'lstrip("XX+-XX")', "after lower() the text holds no X to strip"),
    ("stored_number", '(text or "XXXX")',
     "None, empty and XXXX all fail the pattern and are finite: the same 无法识别的数值"),
    ("visible", "ord(ch) <= 65536", "U+10000, the one code point between, is a letter (Lo): never escaped"),
    ("rows_sum_check", "strict=False", "book.numbers gives every column of a table at the same length"),
    ("rows_sum_check", "strict=None", "book.numbers gives every column of a table at the same length"),
    ("rows_sum_check", "zip(part_cols, parts, )", "the part columns and their values are of one length"),
    ("rows_sum_check", "for c in part_cols), )",
     "strict=True dropped: book.numbers gives every column of a table at the same length"),
    ("rows_sum_check", "sum(figures, )", "figures is never empty here: int 0 + Decimals is the same sum"),
    # the text reader (--scope text)
    ("is_nested", "rfind(word) for word in words), default=None)",
     "words is never empty here (returned above): max() needs no default"),
    ("is_nested", "rfind(word) for word in words), default=+1)",
     "words is never empty here (returned above): max() needs no default"),
    ("is_nested", "rfind(word) for word in words), default=-2)",
     "words is never empty here (returned above): max() needs no default"),
    ("is_nested", "for word in words), )", "words is never empty here (returned above): max() needs no default"),
    ("continues", '_COMPARE.sub("XXXX"', "XXXX holds no Chinese character: what is left is tested for Chinese only"),
    ("owner", "if f.start <= cut", "no figure starts on the 其 of 其中: < and ≤ select the same figures"),
    ("owner", "sentence.start + position >= part.start", "no figure starts on the 其 of 其中: > and ≥ are the same"),
    ("figure", "Marks(",
     "read_figures always passes clause_end: the line working it out is never run (and would give the same value)"),
    ("figure", "if clause_end == +1",
     "read_figures always passes clause_end: the line working it out is never run (and would give the same value)"),
    ("figure", "if clause_end == -2",
     "read_figures always passes clause_end: the line working it out is never run (and would give the same value)"),
    ("figure", "clause_end = None",
     "read_figures always passes clause_end: the line working it out is never run (and would give the same value)"),
    ("figure", "if clause_end != -1", "clause_end worked out again from the same clauses is the value passed"),
    ("sentence_figures", "figures, clauses, )",
     "without clause_end, _figure works out the same value from the same clauses"),
    ("sentence_figures", "figures, None, clause_end)", "clauses is read only when clause_end is not given"),
    ("sentence_figures", "_is_nested(text, of_which, start, )",
     "every word of NESTED the sentence lacks is never found"),
    ("sentence_figures", 'count("【", None', "counting from None is counting from 0"),
    ("sentence_figures", 'count("】", None', "counting from None is counting from 0"),
    ("sentence_figures", 'count("（", None', "counting from None is counting from 0"),
    ("sentence_figures", 'count("）", None', "counting from None is counting from 0"),
    ("sentence_figures", "found.sort(key=None)", "no two figures start at one place: the tuples sort by their start"),
    ("sentence_figures", "found.sort(key=lambda item: item[1])",
     "the figures found do not overlap: by end is by start"),
    ("sentence_figures", 'what.get("whole", "XXXX")',
     "only a 持平 lacks the key, and only a share's whole is ever read"),
    ("sentence_figures", 'what.get("whole", None)', "only a 持平 lacks the key, and only a share's whole is ever read"),
    ("sentence_figures", 'what.get("whole", )', "only a 持平 lacks the key, and only a share's whole is ever read"),
    ("sentence_figures", 'what.get("total_marker", True)',
     "only a 持平 lacks the key; a 持平 (unit '') is no total nor part"),
    ("sentence_figures", 'what.get("total_marker", None)',
     "only a 持平 lacks the key; a 持平 (unit '') is no total nor part"),
    ("sentence_figures", 'what.get("total_marker", )',
     "only a 持平 lacks the key; a 持平 (unit '') is no total nor part"),
    # batch and documents (--scope batch)
    ("PipeSafe.__init__", "self.closed_by_reader = None", "None and False are both false; it is only tested for truth"),
    ("write_text", "first = None", "None and False are both false; first is only tested for truth"),
    ("write_json", "first = None", "None and False are both false; first is only tested for truth"),
    ("write_json", "ensure_ascii=None",
     "json tests ensure_ascii for truth: None writes Chinese as itself, as False does"),
    ("write_jsonl", "ensure_ascii=None",
     "json tests ensure_ascii for truth: None writes Chinese as itself, as False does"),
    ("render_payload", "ensure_ascii=None",
     "json tests ensure_ascii for truth: None writes Chinese as itself, as False does"),
    ("printable", 'encode("UTF-8"', "codec names are case-insensitive: UTF-8 is utf-8"),
    ("printable", 'decode("UTF-8")', "codec names are case-insensitive: UTF-8 is utf-8"),
    ("progress", "file=None", "tqdm takes file=None as sys.stderr when the bar is made: the same stream"),
    ("progress", 'unit="个", dynamic_ncols=True) as bar', "file= left out is file=None: tqdm takes sys.stderr"),
    ("outcomes", "chunks(paths, 2)",
     "one job: the pieces only decide how often the collector runs, not what comes out"),
    ("check_workbook_book", "ForeignWorkbook(None)", "check_one catches it at once and never reads its argument"),
    ("check_published_document", "document.tables, None, report)",
     "a report is passed: the published rules' own report, the only reader of the name, is merged into it"),
    ("check_published_document", "document.tables, str(None), report)",
     "a report is passed: the published rules' own report, the only reader of the name, is merged into it"),
    ("disclosure_of", "read_sheets(grid, None)",
     "the 跨年 disclosure names the file by path.name; the book's source is unread"),
    ("disclosure_of", "read_sheets(grid, str(None))",
     "the 跨年 disclosure names the file by path.name; the book's source is unread"),
    ("write_xlsx", '"XXstrings_to_numbersXX": False', "False is XlsxWriter's default for strings_to_numbers"),
    ("write_xlsx", '"STRINGS_TO_NUMBERS": False', "False is XlsxWriter's default for strings_to_numbers"),
    ("run_check", "isinstance(destination, PipeSafe)) or True",
     "a bar steps aside only for writes to the screen: around a file, or with no bar, _BarSafe changes nothing"),
    ("run_check", "if shown or isinstance(destination, PipeSafe)",
     "a bar steps aside only for writes to the screen: around a file, or with no bar, _BarSafe changes nothing"),
    ("run_text", 'rsplit("}", )', "a tag in Clark notation, {namespace}name, holds one }: any split gives the name"),
    ("run_text", 'split("}", 1)', "a tag in Clark notation, {namespace}name, holds one }: any split gives the name"),
    ("run_text", 'rsplit("}", 2)', "a tag in Clark notation, {namespace}name, holds one }: any split gives the name"),
    ("decode_text", 'decode("UTF-8")', "codec names are case-insensitive: UTF-8 is utf-8"),
    ("decode_text", 'encoding = "GB18030"', "codec names are case-insensitive: GB18030 is gb18030"),
    ("looks_utf8", 'decode("UTF-8")', "codec names are case-insensitive: UTF-8 is utf-8"),
    ("html_root", "check_file_size(len(data), None)",
     "limits is current() just read: None reads the same settings again"),
    ("html_root", "check_file_size(len(data), )", "limits is current() just read: None reads the same settings again"),
    ("html_root", '_BLOCK_WRAPPERS.sub(b"<P>"', "HTML tag names are case-insensitive: <P> is <p>"),
    ("html_root", "if (_looks_utf8(data)) and False",
     "decode_text reads UTF-8 first; a BOM it drops, the parser drops too: the same text"),
    ("html_root", 'data.decode(errors="strict")', "UTF-8 is bytes.decode's default codec"),
    ("html_root", 'data.decode("utf-8", )', "strict is bytes.decode's default error handler"),
    ("html_root", 'data.decode("UTF-8", errors="strict")', "codec names are case-insensitive: UTF-8 is utf-8"),
    ("html_root", 'errors="XXstrictXX"',
     "_looks_utf8 has just decoded the same bytes: no error handler is ever called"),
    ("html_root", 'errors="STRICT"', "_looks_utf8 has just decoded the same bytes: no error handler is ever called"),
    ("html_root", "no_network=None", "the HTML parser loads no DTD nor external entity: there is nothing to fetch"),
    ("html_root", "no_network=False", "the HTML parser loads no DTD nor external entity: there is nothing to fetch"),
    ("html_root", "HTMLParser(huge_tree=True",
     "the HTML parser loads no DTD nor external entity: there is nothing to fetch"),
    ("html_root", "remove_comments=None", "no comment is read as text: text_content() and the block walk skip them"),
    ("html_root", "remove_comments=False", "no comment is read as text: text_content() and the block walk skip them"),
    ("html_root", "huge_tree=True, remove_pis=True)",
     "no comment is read as text: text_content() and the block walk skip them"),
    ("html_root", "remove_pis=None", "HTML has no processing instructions: <?…> is read as a comment, never as text"),
    ("html_root", "remove_pis=False", "HTML has no processing instructions: <?…> is read as a comment, never as text"),
    ("html_root", "remove_comments=True, )",
     "HTML has no processing instructions: <?…> is read as a comment, never as text"),
    ("nesting", "if depth >= deepest", "at depth == deepest, deepest is set to the value it has: nothing changes"),
    ("html_lines", r"[ \u3000\xA0]*\t[ \t\u3000\xA0]*", "\\xA0 and \\xa0 are the same escape in a pattern"),
    ("word_blocks", "del parent[1]",
     "deleting the block just handed out, not the oldest, keeps one emptied block before each: same text, same memory"),
    # importer (--scope import)
    ("class_row", "if (key) or True else []",
     "an empty name is never indexed (if key: below): by_name.get('') is [] too"),
    ("class_row", "elif not code and len(named) >= 1", "one row of the name without a code has returned just above"),
    ("class_row", '{"name": name} if (name) and False else {}', "the name is set just below when the row has none"),
    ("class_row", "if code and not record.get(",
     "a row found by its code has it; any other row here has none: set again, the same"),
    ("same", "return coarse <= max(",
     "at one rounding two different figures differ by a whole step, over the half step allowed"),
    ("shown_value", "if (value == value.normalize()) or True",
     "a Decimal always equals its normalized form (NaN prints alike)"),
    ("convert", 'percent = figure.value, figure.unit, figure.unit != "%"', "percent is read for a stored number only"),
    ("convert", 'percent = figure.value, figure.unit, figure.unit == "XX%XX"',
     "percent is read for a stored number only"),
    ("convert", "return value if (scale == 1) and False", "× 1 keeps a Decimal's value and its places"),
    ("convert", "return value if scale == 2", "no scale is 2: × 1 keeps a Decimal's value and its places"),
    ("columns", "if r in header_rows), default=None)", "header rows always hold a cell: the default is never used"),
    ("columns", "if r in header_rows), )", "header rows always hold a cell: the default is never used"),
    ("columns", "if r in header_rows), default=1)", "header rows always hold a cell: the default is never used"),
    ("columns", "for col in range(last + 1):", "column 0 holds no cell nor merge: columns count from 1"),
    ("columns", "for col in range(1, last + 2):",
     "last covers every header cell and merge: the column after it has no text"),
    ("segments", 'kind = role.kind if role else "XXvalueXX"', "kind is compared with label, code and skip only"),
    ("segments", 'kind = role.kind if role else "VALUE"', "kind is compared with label, code and skip only"),
    ("segments", '(role and role.kind == "cell") or True',
     "in a form a value column's role is a cell or none (code_part is a list's)"),
    ("income_figures", "min(source_row.cells or {2: None})",
     "a source row always has a cell (empty rows are not read)"),
    ("income_figures", "_row_for(table, split_code(label)[1], None)",
     "the side changes only what 合计/总计 name, and no row they name is among the figures wanted"),
    ("income_total_row", 'value = ""', "value is used only when it is a Decimal: None and '' both skip it"),
    ("income_total_row", "if (amount) or True else found.where",
     "a row is told only from its amount: it is never None here"),
    ("place_form_row", "min(source_row.cells) if (source_row.cells) or True else 1",
     "a source row always has a cell (empty rows are not read)"),
    ("place_form_row", "min(source_row.cells) if source_row.cells else 2",
     "a source row always has a cell (empty rows are not read)"),
    ("place_form_row", "if (segment.code_col) or True else None",
     "cells.get(None) is None, and cell_text(None) '' is no code either"),
    ("place_form_row", 'economic = (code or "XXXX")[:1]', "X is no economic class digit, as the empty text is none"),
    ("place_form_row", 'segment.side != "XX收入XX" and bare.endswith("支出")',
     "a line on the 收入 side is kept from the class tables by the side check just below as well"),
    ("place_form_row", "companion_used = None",
     "None and False are both false; companion_used is only tested for truth"),
    ("place_form_row", 'TableReport(None, "")',
     "the companion's report is thrown away: its name and place are never read"),
    ("place_form_row", 'TableReport("", None)',
     "the companion's report is thrown away: its name and place are never read"),
    ("place_form_row", 'TableReport("XXXX", "")',
     "the companion's report is thrown away: its name and place are never read"),
    ("place_form_row", 'TableReport("", "XXXX")',
     "the companion's report is thrown away: its name and place are never read"),
    ("place_class_row", 'role.col if (role is not None and "amount" in targets) and False', _NO_FUND_ROLE),
    ("place_class_row", 'and "XXamountXX" in targets', _NO_FUND_ROLE),
    ("place_class_row", 'and "AMOUNT" in targets', _NO_FUND_ROLE),
    ("place_class_row", 'and "amount" not in targets', _NO_FUND_ROLE),
    ("place_class_row", 'targets.get(key or "XXXX")',
     "no class table is keyed XXXX, as none is keyed by the empty text"),
    ("check_totals", "sum(parts, ))", "parts is not empty here: int 0 + Decimals is the same sum"),
    ("match_title", 'str(text or "XXXX")', "XXXX holds neither 表 nor 预算: no title, as for the empty text"),
    ("hits", "value.find(name, start + 2)", "no title name overlaps itself one character on: nothing is skipped"),
    ("hits", "if not any(s < start and end <= e", "no title name is the beginning of another (two at one start)"),
]


def _copy(target: Path, targets: tuple[str, ...], tests: tuple[str, ...], options: tuple[str, ...]) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    lines = ["[mutmut]", "source_paths = budget_addin", "only_mutate ="] + [f"    {t}" for t in targets]
    lines += ["pytest_add_cli_args_test_selection ="] + [f"    {t}" for t in tests]
    lines += ["pytest_add_cli_args =", "    -p", "    no:cacheprovider", "    -q", "    -x"] + [
        f"    {o}" for o in options
    ]
    lines += ["also_copy =", "    workbook", "    macros", "    pytest.ini", "use_git_change_detection = false"]
    (target / "setup.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")


_DIFFS = """
import json, sys
from mutmut.__main__ import get_diff_for_mutant, find_mutant
names = json.loads(sys.stdin.read())
print(json.dumps({n: get_diff_for_mutant(n, path=find_mutant(n).path) for n in names}))
"""


def _results(work: Path, targets: tuple[str, ...]) -> dict[str, int | None]:
    codes: dict[str, int | None] = {}
    for target in targets:
        meta = work / "mutants" / (target + ".meta")
        codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


def _changed_line(diff: str) -> str:
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return " / ".join(added)


def _function(name: str) -> str:
    """``budget_addin.core.calc.xǁIntervalǁ__add____mutmut_3`` → ``Interval.__add__``."""
    tail = name.rsplit(".", 1)[1].split("__mutmut_")[0]
    return tail[1:].replace("ǁ", ".").strip(".") if tail.startswith("x") else tail


def _reason(name: str, line: str) -> str | None:
    function = _function(name)
    for where, text, why in EQUIVALENT:
        if (function == where or function.endswith("." + where) or function.lstrip("_") == where) and text in line:
            return why
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2 cores)")
    parser.add_argument("--scope", choices=sorted(SCOPES), default=DEFAULT_SCOPE,
                        help=f"what to mutate (default {DEFAULT_SCOPE}): " + "; ".join(
                            f"{name}: {', '.join(Path(t).name for t in SCOPES[name][0])}" for name in SCOPES))
    parser.add_argument("--only", metavar="PATH", help="mutate only this one of the scope's targets (while iterating)")
    args = parser.parse_args(argv)
    targets, tests, options = SCOPES[args.scope]
    if args.only:
        targets = tuple(t for t in targets if t == args.only or t.endswith("/" + args.only))
        if not targets:
            parser.error(f"--only {args.only}: not a target of scope {args.scope}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="budget_addin-mutation-") as folder:
        work = Path(folder)
        _copy(work, targets, tests, options)
        log = work / "mutmut.log"
        with log.open("w", encoding="utf-8") as out:
            run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)],
                                 cwd=work, stdout=out, stderr=subprocess.STDOUT, check=False)
        if run.returncode != 0 or not (work / "mutants").is_dir():
            print(log.read_text(encoding="utf-8")[-3000:])
            print("mutmut did not finish")
            return 2
        codes = _results(work, targets)
        alive = sorted(n for n, code in codes.items() if code not in KILLED)
        diffs = json.loads(subprocess.run([sys.executable, "-c", _DIFFS], cwd=work, input=json.dumps(alive),
                                          capture_output=True, text=True, check=True).stdout) if alive else {}
    killed = sum(1 for code in codes.values() if code in KILLED)
    equivalent = 0
    for name in alive:
        line = _changed_line(diffs.get(name, ""))
        reason = _reason(name, line)
        equivalent += reason is not None
        status = "survived" if codes[name] in SURVIVED else f"not killed (mutmut exit {codes[name]})"
        print(
            f"{status}: {name}\n    {line}\n    "
            f"{'equivalent: ' + reason if reason else 'NOT EQUIVALENT: a test is missing'}"
        )
    print(f"{len(alive)} not killed, {equivalent} of them equivalent; {time.monotonic() - started:.0f} s")
    print(f"killed {killed} of {len(codes)} (scope {args.scope})")
    return 0 if codes and killed >= REQUIRED * len(codes) else 1


if __name__ == "__main__":
    sys.exit(main())
