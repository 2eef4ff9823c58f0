"""Checking a folder: the same findings with one or two processes, streamed in order, a quiet progress bar."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import openpyxl
import pytest
from conftest import COMMITTED

from budget_addin import batch
from budget_addin.cli import main

NAMES = ["a.xlsm", "b.xlsm", "c.xlsm", "d.xlsm", "e.xlsm"]
PERTURBED = {"b.xlsm": 2892.05, "d.xlsm": 2700}  # 收入支出!B5, the seed says 2792.05


def run(*args: str, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "budget_addin.cli", *args], capture_output=True, text=True,
                          timeout=300, **options)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five seed copies (workers forked by the tests inherit monkeypatches: Linux); two with a changed
    一般公共预算拨款 (the income total no longer adds up)."""
    root = tmp_path_factory.mktemp("batch")
    for name in NAMES:
        shutil.copy(COMMITTED, root / name)
    for name, amount in PERTURBED.items():
        book = openpyxl.load_workbook(root / name, keep_vba=True)
        book["收入支出"]["B5"] = amount
        book.save(root / name)
    return root


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_one_and_two_jobs_give_identical_findings_in_input_order(folder: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["check", str(folder), "--format", "jsonl", "--jobs", "1", "-o", str(one)]) == 1
    assert main(["check", str(folder), "--format", "jsonl", "--jobs", "2", "-o", str(two)]) == 1
    assert one.read_bytes() == two.read_bytes()
    reports = lines(two)
    assert [Path(r["workbook"]).name for r in reports] == NAMES  # one line per workbook, sorted as listed
    income = {Path(r["workbook"]).name: [f for f in r["findings"] if "收入支出!B5" in f["cells"]] for r in reports}
    assert {name for name, found in income.items() if found} == set(PERTURBED)  # the changed figure is found
    clean = [r["findings"] for r in reports if Path(r["workbook"]).name not in PERTURBED]
    assert all(found == clean[0] for found in clean)  # the unchanged copies agree with each other


def test_two_jobs_text_and_json_match_one_job(folder: Path, tmp_path: Path) -> None:
    for fmt in ("text", "json"):
        outs = []
        for jobs in ("1", "2"):
            out = tmp_path / f"{fmt}{jobs}"
            main(["check", str(folder), "--format", fmt, "--jobs", jobs, "-o", str(out)])
            outs.append(out.read_text(encoding="utf-8"))
        assert outs[0] == outs[1]
    payload = json.loads(outs[1])
    assert [Path(r["workbook"]).name for r in payload["reports"]] == NAMES and payload["unreadable"] == []


def test_xlsx_rows_are_the_findings_of_every_workbook(folder: Path, tmp_path: Path) -> None:
    jsonl, xlsx = tmp_path / "all.jsonl", tmp_path / "all.xlsx"
    main(["check", str(folder), "--format", "jsonl", "-o", str(jsonl)])
    assert main(["check", str(folder), "--format", "xlsx", "--jobs", "2", "-o", str(xlsx)]) == 1
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert book.sheetnames == ["审核结果", "规则执行情况"]
    rows = list(book["审核结果"].iter_rows(values_only=True))
    assert rows[0] == batch.FINDING_COLUMNS
    expected = [(r["workbook"], f["rule"]) for r in lines(jsonl) for f in r["findings"]]
    assert [(row[0], row[1]) for row in rows[1:]] == expected
    ledger = list(book["规则执行情况"].iter_rows(values_only=True))
    assert len(ledger) - 1 == sum(len(r["ledger"]["rules"]) for r in lines(jsonl))


def test_unreadable_file_keeps_its_place_and_exits_two(folder: Path, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    shutil.copy(folder / "a.xlsm", mixed / "a.xlsm")
    (mixed / "b.xlsx").write_bytes(b"not a workbook")
    shutil.copy(folder / "b.xlsm", mixed / "c.xlsm")
    result = run("check", str(mixed), "--format", "jsonl", "--jobs", "2")
    assert result.returncode == 2, result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["workbook"]).name for r in found] == ["a.xlsm", "b.xlsx", "c.xlsm"]
    assert found[1]["status"] == "unreadable" and "已损坏" in found[1]["reason"]
    assert "Traceback" not in result.stderr


def test_nothing_to_check_exits_three(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("不是工作簿", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == batch.EXIT_NOTHING == 3
    assert "没有找到要校验的工作簿" in result.stderr


def test_a_crash_on_one_workbook_is_an_internal_error_not_a_finding(folder: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.check_workbook_book

    def fragile(path: Path, *rest: object):  # noqa: ANN202
        if path.name == "c.xlsm":
            raise RuntimeError("规则引擎故障")
        return real(path, *rest)

    monkeypatch.setattr(batch, "check_workbook_book", fragile)
    out = tmp_path / "crash.jsonl"
    assert main(["check", str(folder), "--format", "jsonl", "--jobs", "1", "-o", str(out)]) == batch.EXIT_INTERNAL == 4
    statuses = [r.get("status", "checked") for r in lines(out)]
    assert statuses == ["checked", "checked", "crashed", "checked", "checked"]


def test_a_worker_that_dies_makes_the_batch_an_internal_error(folder: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    real = batch.check_workbook_book

    def dies(path: Path, *rest: object):  # noqa: ANN202
        if path.name == "d.xlsm":
            os._exit(9)  # a worker killed (out of memory, by the user)
        return real(path, *rest)

    monkeypatch.setattr(batch, "check_workbook_book", dies)
    out = tmp_path / "dead.jsonl"
    assert main(["check", str(folder), "--format", "jsonl", "--jobs", "2", "-o", str(out)]) == batch.EXIT_INTERNAL
    found = lines(out)
    assert len(found) == len(NAMES) and found[3]["status"] == "crashed"
    assert "内部错误" in capsys.readouterr().err


def _on_terminal(*args: str) -> str:
    """Run ``check`` with standard error on a pseudo-terminal; return what the terminal showed."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 24 × 100, as a terminal has
    process = subprocess.Popen([sys.executable, "-m", "budget_addin.cli", "check", *args],
                               stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=300)
    os.close(primary)
    return shown.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only_and_not_with_quiet(folder: Path) -> None:
    shown = _on_terminal(str(folder), "--format", "jsonl", "--jobs", "2")
    assert "校验" in shown and "5/5" in shown  # files done
    assert "个/s" in shown or "s/个" in shown  # and the rate (tqdm writes s/个 below one file a second)
    assert _on_terminal(str(folder), "--format", "jsonl", "--quiet") == ""
    piped = run("check", str(folder), "--format", "jsonl")  # standard error is a pipe, not a terminal
    assert piped.stderr == ""


def test_help_and_check_import_no_heavy_module() -> None:
    probe = ("import sys\nfrom budget_addin.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "heavy = ('pandas', 'docx', 'openpyxl', 'xlsxwriter', 'lxml', 'yaml', 'tqdm')\n"
             "sys.stderr.write(' '.join(m for m in heavy if m in sys.modules))\n")
    help_run = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True, text=True, timeout=120)
    assert "check" in help_run.stdout and help_run.stderr == ""  # --help loads none of them
    check_run = subprocess.run([sys.executable, "-c", probe, "check", "-q", str(COMMITTED)], capture_output=True,
                               text=True, timeout=120)
    # the reader streams sheets through lxml (bounded, no entities): the one heavy module a check needs
    assert "审核报告" in check_run.stdout and check_run.stderr in ("", "lxml")


def test_summary_sheets_are_read_only_to_their_stamp(tmp_path: Path) -> None:
    from budget_addin.core.schema import OWNED_SHEETS
    from budget_addin.files.grid import read_grid
    from budget_addin.files.summarize import summarize

    summarized = tmp_path / "summarized.xlsm"
    summarize(COMMITTED, summarized)
    full = read_grid(summarized)
    heads = read_grid(summarized, heads=set(OWNED_SHEETS))
    written = [name for name in OWNED_SHEETS if name in full]
    assert len(written) >= 7 and any(full[name].max_row > 20 for name in written)
    for name in written:
        assert heads[name].max_row == 2 and set(heads[name].cells) == {k for k in full[name].cells if k[0] <= 2}
        assert heads[name].get(2, 1) == full[name].get(2, 1)  # the stamp, as a full read gives it
    assert all(heads[name].cells == full[name].cells for name in full if name not in OWNED_SHEETS)


def test_a_full_xlsx_sheet_continues_on_the_next(folder: Path, tmp_path: Path) -> None:
    outcomes = list(batch.outcomes(sorted(folder.iterdir()), "xlsx", 1))
    out = tmp_path / "small.xlsx"
    with out.open("wb") as handle:
        batch._write_xlsx(iter(outcomes), batch.Tally(), handle, max_rows=40)  # 39 rows a sheet, as 1,048,575 are
    book = openpyxl.load_workbook(out, read_only=True)
    findings = [name for name in book.sheetnames if name.startswith("审核结果")]
    assert findings[:2] == ["审核结果", "审核结果（续2）"]
    rows = [row for name in findings for row in list(book[name].iter_rows(values_only=True))[1:]]
    assert rows == [tuple(row) for o in outcomes for row in o.payload[0]]  # every finding once, in order
    assert all(book[name].max_row <= 40 for name in book.sheetnames)


def test_a_checked_workbook_leaves_no_reference_cycles(folder: Path) -> None:
    """Batch workers pause the cycle collector per chunk: that is sound only while a check frees
    everything by reference counting (a cycle through a formula closure kept each whole book alive)."""
    import collections
    import gc

    batch.check_one(folder / "a.xlsm", "jsonl")  # first-use caches are not garbage
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for name in ("a.xlsm", "b.xlsm"):  # the seed, and a copy whose totals no longer add up (more findings)
            for fmt in ("jsonl", "text", "xlsx"):
                outcome = batch.check_one(folder / name, fmt)
                assert outcome.unreadable is None and outcome.crashed is None
        gc.collect()
        left = collections.Counter(type(thing).__qualname__ for thing in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not left, f"objects freed only by the cycle collector: {left.most_common(8)}"


def test_pieces_keep_order_and_shrink_to_single_files_at_the_end() -> None:
    paths = [Path(f"w{index:04d}.xlsx") for index in range(1000)]
    pieces = batch.chunks(paths, 2)
    assert [path for piece in pieces for path in piece] == paths  # every file once, in order
    sizes = [len(piece) for piece in pieces]
    assert max(sizes) == batch.MAX_CHUNK and sizes == sorted(sizes, reverse=True)
    assert sizes[-4:] == [1, 1, 1, 1]  # the last hand-overs are one file each: no core idles long at the end
    assert batch.chunks([], 2) == [] and [len(p) for p in batch.chunks(paths[:3], 2)] == [1, 1, 1]
