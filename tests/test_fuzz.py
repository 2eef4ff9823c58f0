"""Fuzzing the commands with mutants of the seed package (issue 13).

Each mutant is the seed workbook with one or two random injuries: a part truncated, its
bytes shuffled or flipped, a part deleted, a sheet renamed, hostile values written into
cells, the whole file cut short. Every command runs on mutants and must end with a
documented exit code other than "internal error", without a traceback, and leave its
input byte for byte as it was. The mutants are drawn from a fixed seed, so a failure
can be replayed; ``benchmarks/fuzz.py`` runs many more.
"""

from __future__ import annotations

import hashlib
import io
import random
import re
import resource
import zipfile
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import openpyxl
import pytest

from budget_addin.cli import main
from budget_addin.exit_codes import EXIT_FINDINGS, EXIT_NOTHING, EXIT_OK, EXIT_UNREADABLE

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "Changjiang2020.xlsm"
ALLOWED = {EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_NOTHING}
HOSTILE_VALUES = ("NaN", "INF", "-INF", "1E+400", "1e26", "-0", "", "abc", "１２３", "1\u200b2", "\u202e99", "9" * 40,
                  "<", "&amp;", "0x1F", "1,2,3", "—", "3805.77万元", "(5)", "1e-400", "12%", "\x00")
MUTANTS = 240  # spread over the commands below; the whole test stays well under a minute


def _mutate(package: bytes, rng: random.Random) -> bytes:
    """The seed package with one or two random injuries."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    for _ in range(rng.choice((1, 1, 2))):
        injury = rng.choice(INJURIES)
        result = injury(parts, rng)
        if isinstance(result, bytes):  # an injury of the whole file
            return result
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _xml_parts(parts: dict[str, bytes]) -> list[str]:
    return sorted(n for n in parts if n.endswith((".xml", ".rels")))


def _truncate_part(parts: dict[str, bytes], rng: random.Random) -> None:
    name = rng.choice(_xml_parts(parts))
    parts[name] = parts[name][: rng.randrange(len(parts[name]) + 1)]


def _shuffle_part(parts: dict[str, bytes], rng: random.Random) -> None:
    name = rng.choice(_xml_parts(parts))
    data = bytearray(parts[name])
    start = rng.randrange(len(data) or 1)
    chunk = data[start: start + rng.randrange(1, 64)]
    rng.shuffle(chunk)
    data[start: start + len(chunk)] = chunk
    parts[name] = bytes(data)


def _flip_bytes(parts: dict[str, bytes], rng: random.Random) -> None:
    name = rng.choice(sorted(parts))
    data = bytearray(parts[name])
    for _ in range(rng.randrange(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    parts[name] = bytes(data)


def _delete_part(parts: dict[str, bytes], rng: random.Random) -> None:
    del parts[rng.choice(sorted(parts))]


def _rename_sheet(parts: dict[str, bytes], rng: random.Random) -> None:
    names = re.findall(rb'<sheet name="([^"]*)"', parts.get("xl/workbook.xml", b""))
    if names:
        old = rng.choice(names)
        new = old + rng.choice(("表".encode(), b" ", "\u200b".encode(), b"2"))
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="' + old + b'"', b'name="' + new + b'"', 1)


def _random_values(parts: dict[str, bytes], rng: random.Random) -> None:
    sheets = sorted(n for n in parts if n.startswith("xl/worksheets/sheet"))
    name = rng.choice(sheets)
    values = re.compile(rb"<v>[^<]*</v>")
    hits = list(values.finditer(parts[name]))
    if not hits:
        return
    data = parts[name]
    for match in sorted(rng.sample(hits, min(len(hits), rng.randrange(1, 6))), key=lambda m: -m.start()):
        value = rng.choice(HOSTILE_VALUES).replace("&", "&amp;").replace("<", "&lt;").replace("\x00", "")
        data = data[: match.start()] + f"<v>{value}</v>".encode() + data[match.end():]
    parts[name] = data


def _random_strings(parts: dict[str, bytes], rng: random.Random) -> None:
    """Hostile text where the preparer types: shared strings (labels, text typed into number cells)."""
    name = "xl/sharedStrings.xml"
    if name not in parts:
        return
    texts = list(re.finditer(rb"<t(?: [^>]*)?>[^<]*</t>", parts[name]))
    data = parts[name]
    for match in sorted(rng.sample(texts, min(len(texts), rng.randrange(1, 12))), key=lambda m: -m.start()):
        value = rng.choice(HOSTILE_VALUES).replace("&", "&amp;").replace("<", "&lt;").replace("\x00", "")
        data = data[: match.start()] + f"<t>{value}</t>".encode() + data[match.end():]
    parts[name] = data


def _lower_refs(parts: dict[str, bytes], rng: random.Random) -> None:
    name = rng.choice(sorted(n for n in parts if n.startswith("xl/worksheets/sheet")))
    parts[name] = re.sub(rb'r="([A-Z]+)(\d+)"', lambda m: b'r="' + m.group(1).lower() + m.group(2) + b'"', parts[name])


def _cut_file(parts: dict[str, bytes], rng: random.Random) -> bytes:
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    data = whole.getvalue()
    return data[: rng.randrange(len(data))]


INJURIES: tuple[Callable[[dict[str, bytes], random.Random], bytes | None], ...] = (
    _truncate_part, _shuffle_part, _flip_bytes, _delete_part, _rename_sheet, _random_values, _random_values,
    _random_values, _random_strings, _random_strings, _lower_refs, _cut_file,
)

# Each command with its arguments; {w} is the mutant, {o} a fresh output path.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("check", "{w}"),
    ("check", "{w}", "--format", "json"),
    ("indicators", "{w}"),
    ("claims", "{w}"),
    ("narrative", "{w}", "-o", "-"),
    ("summarize", "{w}", "-o", "{o}.xlsm"),
    ("publish", "{w}", "-o", "{o}.xlsx"),
    ("report", "{w}", "-o", "{o}"),
)
WEIGHTS = (6, 2, 1, 1, 1, 1, 1, 1)  # check is what reviewers run over folders of other people's files


def _run(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(args)
    return code, out.getvalue() + err.getvalue()


def run_mutants(seed: int, count: int, folder: Path) -> dict[int, int]:
    """Run ``count`` mutants drawn from ``seed`` through the commands; exit code → how many times seen."""
    rng = random.Random(seed)
    package = COMMITTED.read_bytes()
    seen: dict[int, int] = {}
    for number in range(count):
        mutant = folder / f"m{number}.xlsm"
        mutant.write_bytes(_mutate(package, rng))
        before = hashlib.sha256(mutant.read_bytes()).hexdigest()
        command = rng.choices(COMMANDS, WEIGHTS)[0]
        args = [a.format(w=mutant, o=folder / f"out{number}") for a in command]
        code, said = _run(args)
        assert code in ALLOWED, (seed, number, args, said[-2000:])
        assert "Traceback" not in said, (seed, number, args)
        assert hashlib.sha256(mutant.read_bytes()).hexdigest() == before, (seed, number, args)
        if command[0] == "publish" and code == EXIT_OK:  # the publication copy opens where it is read
            openpyxl.load_workbook(folder / f"out{number}.xlsx").close()
        seen[code] = seen.get(code, 0) + 1
        mutant.unlink()
    return seen


def test_every_command_survives_mutants_of_the_seed(tmp_path: Path) -> None:
    seen = run_mutants(20261127, MUTANTS, tmp_path)
    assert seen.get(EXIT_UNREADABLE, 0) > MUTANTS // 10, seen  # the mutants do break files …
    assert seen.get(EXIT_FINDINGS, 0) + seen.get(EXIT_OK, 0) > MUTANTS // 10, seen  # … and also leave many readable
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < 1024, peak_mb


@pytest.mark.parametrize("size", [0, 1, 21, 100, 1000])
def test_short_files_under_every_workbook_extension(tmp_path: Path, size: int) -> None:
    for suffix in (".xlsx", ".xlsm"):
        target = tmp_path / f"short{size}{suffix}"
        target.write_bytes(COMMITTED.read_bytes()[:size])
        code, said = _run(["check", str(target)])
        assert code == EXIT_UNREADABLE and "Traceback" not in said
