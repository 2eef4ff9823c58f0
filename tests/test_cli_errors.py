"""The command line's error paths: output files, several and unreadable workbooks, formats that need
a file, permission errors, Ctrl-C, and the indicators listing — Chinese messages, never a traceback.

Exit codes: 0 nothing wrong, 1 error findings, 2 unreadable or refused. Subprocess runs count in
coverage when ``COVERAGE_PROCESS_START`` points at ``.coveragerc`` (see the README).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import COMMITTED

from budget_addin import batch
from budget_addin.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budget_addin.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_check_writes_its_report_to_the_output_file(tmp_path: Path) -> None:
    out = tmp_path / "审核.txt"
    result = run("check", str(COMMITTED), "-o", str(out))
    assert result.returncode == 1  # the seed has error findings
    text = out.read_text(encoding="utf-8")
    assert text.startswith("审核报告：") and "国有资产!D10" in text
    assert "审核报告" not in result.stdout  # the report went to the file, not the screen


def test_output_into_a_missing_folder_is_refused_in_chinese(tmp_path: Path) -> None:
    result = run("check", str(COMMITTED), "-o", str(tmp_path / "无此目录" / "审核.txt"))
    assert result.returncode == 2
    assert "找不到文件或文件夹" in result.stderr and "Traceback" not in result.stderr


def test_output_onto_a_folder_is_refused_in_chinese(tmp_path: Path) -> None:
    result = run("check", str(COMMITTED), "--format", "json", "-o", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)


def test_several_workbooks_in_json_list_each_report_and_each_unreadable_file(tmp_path: Path) -> None:
    shutil.copy(COMMITTED, tmp_path / "a.xlsm")
    shutil.copy(COMMITTED, tmp_path / "b.xlsm")
    (tmp_path / "c.xlsx").write_bytes(b"PK\x03\x04 broken")
    result = run("check", str(tmp_path), "--format", "json")
    assert result.returncode == 2  # one could not be read
    payload = json.loads(result.stdout)
    assert [Path(r["workbook"]).name for r in payload["reports"]] == ["a.xlsm", "b.xlsm"]
    assert [Path(u["workbook"]).name for u in payload["unreadable"]] == ["c.xlsx"]
    assert payload["unreadable"][0]["reason"]
    assert all(r["findings"] for r in payload["reports"])
    assert "无法读取" in result.stderr and "c.xlsx" in result.stderr and "Traceback" not in result.stderr


def test_several_readable_workbooks_in_json(tmp_path: Path) -> None:
    shutil.copy(COMMITTED, tmp_path / "a.xlsm")
    result = run("check", str(COMMITTED), str(tmp_path / "a.xlsm"), "--format", "json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert len(payload["reports"]) == 2 and payload["unreadable"] == []


def test_only_unreadable_workbooks_in_json(tmp_path: Path) -> None:
    bad = tmp_path / "坏.xlsm"
    bad.write_text("不是工作簿", encoding="utf-8")
    result = run("check", str(bad), "--format", "json")
    assert result.returncode == 2
    payload = json.loads(result.stdout)
    assert payload["reports"] == [] and [Path(u["workbook"]).name for u in payload["unreadable"]] == ["坏.xlsm"]


def test_xlsx_needs_an_output_file() -> None:
    result = run("check", str(COMMITTED), "--format", "xlsx")
    assert result.returncode == 2
    assert "--format xlsx 需要 -o" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_workbook_that_does_not_exist(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "无.xlsm"))
    assert result.returncode == 2
    assert "无.xlsm" in result.stderr and "Traceback" not in result.stderr


def test_a_locked_workbook_is_a_permission_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As root nothing is unreadable by mode bits; Excel's lock on Windows raises this same error.
    def locked(path: Path, *_: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(batch, "check_workbook_book", locked)
    assert main(["check", str(COMMITTED)]) == 2
    err = capsys.readouterr().err
    assert f"没有权限或文件被占用：{COMMITTED}" in err and "请先关闭" in err


def test_an_output_file_held_open_elsewhere_is_a_permission_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    def held(source: str, target: str) -> None:  # the finished report cannot replace the file
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(batch.os, "replace", held)
    out = tmp_path / "审核.xlsx"
    assert main(["check", str(COMMITTED), "--format", "xlsx", "-o", str(out)]) == 2
    assert f"没有权限或文件被占用：{out}" in capsys.readouterr().err
    assert not out.exists()


def test_ctrl_c_in_process_is_a_short_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(path: Path, *_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "check_workbook_book", interrupted)
    code = main(["check", str(COMMITTED)])
    assert code not in (0, 1)  # neither "nothing wrong" nor "errors found": the check did not finish
    assert capsys.readouterr().err.strip() == "已取消"


def test_ctrl_c_on_a_long_run_stops_without_a_traceback(tmp_path: Path) -> None:
    for index in range(600):  # far more than are checked before the signal (links: no copying)
        os.link(COMMITTED, tmp_path / f"{index:03}.xlsm")
    process = subprocess.Popen([sys.executable, "-m", "budget_addin.cli", "check", str(tmp_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                               errors="replace")  # the report may stop in the middle of a character
    assert process.stdout is not None
    first = process.stdout.readline()  # the first reports are out: the folder is being checked
    assert "审核报告" in first, (first, process.poll())
    assert process.poll() is None, "finished before Ctrl-C"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode not in (0, 1), (process.returncode, err)  # what the screen said, if it ever fails
    assert "已取消" in err and "Traceback" not in err, err


def test_indicators_lists_every_indicator_as_text_and_json(tmp_path: Path) -> None:
    text = run("indicators", str(COMMITTED))
    assert text.returncode == 0, text.stderr
    assert "信访事项受理及时率" in text.stdout and "缺少指标值" in text.stdout
    out = tmp_path / "指标.json"
    result = run("indicators", str(COMMITTED), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert len(payload["indicators"]) == 173  # 26 分项 texts, the 专项资金 table and 21 预算项目 tables of the seed
    assert sum(1 for i in payload["indicators"] if i["kind"] == "缺失") == 1


def test_indicators_of_an_unreadable_workbook(tmp_path: Path) -> None:
    bad = tmp_path / "坏.xlsm"
    bad.write_bytes(b"garbage")
    result = run("indicators", str(bad))
    assert result.returncode == 2
    assert "无法读取" in result.stderr and "Traceback" not in result.stderr


def test_coverage_of_subprocesses_is_configured() -> None:
    """The README's coverage command measures these subprocess runs too (parallel data files, combined)."""
    from configparser import ConfigParser

    config = ConfigParser()
    config.read(Path(__file__).resolve().parent.parent / ".coveragerc", encoding="utf-8")
    assert config.getboolean("run", "parallel")
    assert config.get("run", "source").strip() == "budget_addin"
    if os.environ.get("COVERAGE_PROCESS_START"):  # under the coverage run, this very process is measured
        import coverage

        assert coverage.Coverage.current() is not None
