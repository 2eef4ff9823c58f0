"""The package stays plain: no function a newcomer must read for over 80 lines, no record built behind its
constructor, one module a package part for the writer."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "budget_addin"
LONGEST = 80


def test_no_function_of_the_package_is_over_80_lines() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > LONGEST:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, long


def test_records_are_built_by_their_constructors() -> None:
    """No ``object.__new__`` filling a dataclass's ``__dict__`` behind its constructor (fields stay checked)."""
    found = [str(p.relative_to(PACKAGE)) for p in sorted(PACKAGE.rglob("*.py"))
             if "object.__new__" in p.read_text(encoding="utf-8")]
    assert found == []


def test_each_package_part_has_its_module() -> None:
    """The headless writer keeps one module a package part (files/xlsx/), none of them a catch-all."""
    folder = PACKAGE / "files" / "xlsx"
    modules = {p.stem: len(p.read_text(encoding="utf-8").splitlines()) for p in folder.glob("*.py")}
    assert {"styles", "worksheet", "drawings", "charts", "relationships", "workbook"} <= set(modules)
    assert max(modules.values()) < 400, modules
