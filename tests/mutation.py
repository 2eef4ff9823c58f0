"""Mutation testing of the arithmetic, the number reader and the rule helpers, with mutmut (PyPI).

    python tests/mutation.py [--max-children N]

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
TARGETS = ("budget_addin/core/calc.py", "budget_addin/core/numbers.py", "budget_addin/rules/common.py")
# The fast unit tests (a few seconds each); mutmut runs, per mutant, only those that reach its function.
TESTS = ("tests/test_arithmetic.py", "tests/test_numbers_calc.py", "tests/test_rule_boundaries.py",
         "tests/test_precision.py")
COPIED = ("budget_addin", "tests", "workbook", "macros", "pytest.ini")
REQUIRED = 0.90
KILLED, SURVIVED = {1, 3, 24, -24, 36, 152, 255}, {0}  # mutmut's exit codes: failed tests or timeout = killed

# Mutants that cannot change behaviour: (function, text of the changed line, why).
EQUIVALENT = [
    ("largest_remainder", "sum(values, )", "the sum of Decimals starting at int 0 equals the sum starting at Decimal 0"),
    ("largest_remainder", "sum(floors, )", "the sum of Decimals starting at int 0 equals the sum starting at Decimal 0"),
    ("largest_remainder", "rounding=None", "(target − Σ floors) ÷ step is a whole number: no rounding mode changes it"),
    ("row_sum_check", "sum((v for _, v in present), )", "present is never empty here: int 0 + Decimals is the same sum"),
    ("judge", 'shown(stated, decimals, )', '"round" is the default mode of shown()'),
    ("ratio_check", "calc.fmt(exact, )", "2 is the default decimals of fmt()"),
    ("sum_check", "if missing and difference <= 0", "a zero difference has already returned (|0| < tolerance)"),
    ("equal_check", "ran = None", "None and False are both false; ran is only tested for truth"),
    ("equal_check", "book.has_table(left[0]) or book.has_table(right[0])",
     "a table the workbook lacks reads as blank, and a pair with a blank is skipped just the same"),
    ("fmt_amount", 'rstrip("XX0XX")', "the text holds digits, point and sign only: stripping X as well changes nothing"),
    ("fmt_amount", 'rstrip("XX.XX")', "the text holds digits, point and sign only: stripping X as well changes nothing"),
    ("fmt_amount", "fmt(value, )", "2 is the default decimals of fmt()"),
    ("ratio_check", "calc.round_half_up(exact, )", "2 is the default decimals of round_half_up()"),
    ("shown_decimals", '_FORMAT_NOISE.sub("XXXX"', "the replacement has no point or digit placeholder to count"),
]


def _copy(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    lines = ["[mutmut]", "source_paths = budget_addin", "only_mutate ="] + [f"    {t}" for t in TARGETS]
    lines += ["pytest_add_cli_args_test_selection ="] + [f"    {t}" for t in TESTS]
    lines += ["pytest_add_cli_args =", "    -p", "    no:cacheprovider", "    -q", "    -x"]
    lines += ["also_copy =", "    workbook", "    macros", "    pytest.ini", "use_git_change_detection = false"]
    (target / "setup.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")


_DIFFS = """
import json, sys
from mutmut.__main__ import get_diff_for_mutant, find_mutant
names = json.loads(sys.stdin.read())
print(json.dumps({n: get_diff_for_mutant(n, path=find_mutant(n).path) for n in names}))
"""


def _results(work: Path) -> dict[str, int | None]:
    codes: dict[str, int | None] = {}
    for target in TARGETS:
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
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="budget_addin-mutation-") as folder:
        work = Path(folder)
        _copy(work)
        log = work / "mutmut.log"
        with log.open("w", encoding="utf-8") as out:
            run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)],
                                 cwd=work, stdout=out, stderr=subprocess.STDOUT, check=False)
        if run.returncode != 0 or not (work / "mutants").is_dir():
            print(log.read_text(encoding="utf-8")[-3000:])
            print("mutmut did not finish")
            return 2
        codes = _results(work)
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
        print(f"{status}: {name}\n    {line}\n    {'equivalent: ' + reason if reason else 'NOT EQUIVALENT: a test is missing'}")
    print(f"{len(alive)} not killed, {equivalent} of them equivalent; {time.monotonic() - started:.0f} s")
    print(f"killed {killed} of {len(codes)}")
    return 0 if codes and killed >= REQUIRED * len(codes) else 1


if __name__ == "__main__":
    sys.exit(main())
