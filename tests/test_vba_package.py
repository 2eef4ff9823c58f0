"""VBA project compilation (budget_addin.files.vba) and package edits (budget_addin.files.package)."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
import xlsxwriter
from lxml import etree
from oletools.olevba import VBA_Parser, decompress_stream

from budget_addin.excel.vba_wrappers import udf_wrapper_module
from budget_addin.files import package, vba

ROOT = Path(__file__).resolve().parents[1]
MACROS = ROOT / "macros"
CUSTOMUI = "{http://schemas.microsoft.com/office/2009/07/customui}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SHEETS = {"收入支出总表": "Sheet1", "部门支出表": "Sheet2"}

UDF_SOURCE = '''\
import xlwings as xw


@xw.func
def times_two(x):
    """两倍。"""
    return 2 * x


@xw.func(volatile=True)
def fiscal_total(first, *rest):
    return first


def not_exported(x):
    return x
'''

# A module with Chinese inside string literals (MsgBox text), not only comments.
MESSAGES_SOURCE = """\
Attribute VB_Name = "Messages"
Option Explicit

Public Sub ShowDone(ByVal issues As Long)
    MsgBox "预算公开：校验完成，共发现 " & issues & " 处问题。", vbInformation, "部门预算"
End Sub
"""


# ------------------------------------------------------------------ helpers


def load_udf_module(folder: Path) -> types.ModuleType:
    path = folder / "throwaway_udfs.py"
    path.write_text(UDF_SOURCE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("throwaway_udfs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalise(code: str, *, attributes: bool = True) -> str:
    """LF line ends, no trailing blanks or blank tail; optionally drop Attribute lines."""
    lines = [line.rstrip() for line in code.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if not attributes:
        lines = [line for line in lines if not line.startswith("Attribute VB_")]
    return "\n".join(lines).strip("\n")


def workbook_bytes(vba_project: bytes | None = None) -> bytes:
    """A small workbook written by XlsxWriter, macro-enabled if given a project."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    for number, (name, code_name) in enumerate(SHEETS.items()):
        sheet = workbook.add_worksheet(name)
        sheet.write(0, 0, "预算公开")
        sheet.write(1, 0, 100 * (number + 1))
        if vba_project is not None:
            sheet.set_vba_name(code_name)
    if vba_project is not None:
        workbook.set_vba_name("ThisWorkbook")
        workbook.add_vba_project(io.BytesIO(vba_project), is_stream=True)
    workbook.close()
    return out.getvalue()


def olevba_modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def subs(code: str) -> set[str]:
    return set(re.findall(r"^\s*(?:Public\s+|Private\s+)?Sub\s+(\w+)\s*\(", code, re.MULTILINE | re.IGNORECASE))


def dir_stream(vba_project: bytes) -> bytes:
    ole = olefile.OleFileIO(io.BytesIO(vba_project))
    try:
        return bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    finally:
        ole.close()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def ribbon_relationships(data: bytes) -> list[etree._Element]:
    root = etree.fromstring(members(data)["_rels/.rels"])
    return [rel for rel in root.iter(f"{RELS}Relationship") if rel.get("Type") == package.RIBBON_REL_TYPE]


# ----------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def ribbon_source() -> str:
    return (MACROS / "customUI14.xml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Standard modules: macros/*.bas, the generated UDF wrappers and a Chinese MsgBox module."""
    result = vba.read_macros(MACROS)
    result[vba.UDF_VBA_MODULE] = udf_wrapper_module(load_udf_module(tmp_path_factory.mktemp("udfs")))
    result["Messages"] = MESSAGES_SOURCE
    return result


@pytest.fixture(scope="module")
def project(modules: dict[str, str]) -> bytes:
    return vba.compile_vba_project(modules, list(SHEETS.values()))


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory: pytest.TempPathFactory, project: bytes, ribbon_source: str) -> Path:
    path = tmp_path_factory.mktemp("built") / "Changjiang2020.xlsm"
    package.atomic_write(path, package.add_ribbon(workbook_bytes(project), ribbon_source))
    return path


# -------------------------------------------------------------------- UDFs


def test_udf_wrapper_is_xlwings_import_functions_output(tmp_path: Path) -> None:
    leaked_before = {name for name in ("pythoncom", "pywintypes", "win32com") if name in sys.modules}
    text = udf_wrapper_module(load_udf_module(tmp_path))

    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[:3] == [
        'Attribute VB_Name = "xlwings_udfs"',
        "'Autogenerated code by xlwings - changes will be lost with next import!",
        '#Const App = "Microsoft Excel" \'Adjust when using outside of Excel',
    ]
    assert "Function times_two(x)" in lines
    assert "Function fiscal_total(first, ParamArray rest())" in lines
    assert "not_exported" not in text
    call = (
        'times_two = XLPy.CallUDF("budget_addin.excel.udfs", "times_two", Array(x), ThisWorkbook, Application.Caller)'
    )
    assert call in (line.strip() for line in lines)
    assert "ActiveWorkbook" not in text  # .xlsm, not an .xlam add-in
    volatile_body = text.split("Function fiscal_total", 1)[1].split("End Function", 1)[0]
    assert "Application.Volatile" in volatile_body
    assert "Application.Volatile" not in text.split("Function times_two", 1)[1].split("End Function", 1)[0]
    # The pywin32 stubs used to import xlwings.udfs do not leak.
    assert {name for name in ("pythoncom", "pywintypes", "win32com") if name in sys.modules} == leaked_before


def test_read_macros_and_source_checks(tmp_path: Path) -> None:
    macros = vba.read_macros(MACROS)
    assert "Ribbon" in macros
    assert vba.vb_name(macros["Ribbon"]) == "Ribbon"

    (tmp_path / "NoName.bas").write_text("Sub X()\nEnd Sub\n", encoding="utf-8")
    with pytest.raises(ValueError, match="VB_Name"):
        vba.read_macros(tmp_path)
    with pytest.raises(ValueError, match="declares VB_Name"):
        vba.compile_vba_project({"Other": MESSAGES_SOURCE}, ["Sheet1"])
    with pytest.raises(ValueError, match="code page 936"):
        vba.compile_vba_project({"Emoji": 'Attribute VB_Name = "Emoji"\nSub A()\n    MsgBox "😀"\nEnd Sub\n'}, [])
    with pytest.raises(ValueError, match="duplicate"):
        vba.compile_vba_project({"sheet1": 'Attribute VB_Name = "sheet1"\n'}, ["Sheet1"])


# ------------------------------------------------------------ vbaProject.bin


def test_olevba_reads_back_every_module(xlsm: Path, modules: dict[str, str]) -> None:
    found = olevba_modules(xlsm)

    assert set(found) == {"ThisWorkbook", *SHEETS.values(), *modules}
    for name, source in modules.items():
        # olevba's extract_macros returns the stored text, Attribute lines included
        # (only its command line hides them, unless --attr).
        assert normalise(found[name]) == normalise(source), name
        assert found[name].splitlines()[0] == f'Attribute VB_Name = "{name}"'
    for name in ["ThisWorkbook", *SHEETS.values()]:
        assert found[name].splitlines()[0] == f'Attribute VB_Name = "{name}"'
        assert normalise(found[name], attributes=False) == ""
    for code in found.values():
        assert "\ufffd" not in code  # olevba decodes with the project's code page, errors="replace"
    assert "' Audit: check everything" in found["Ribbon"]
    assert '"预算公开：校验完成，共发现 "' in found["Messages"]


def test_project_records(project: bytes) -> None:
    records = dir_stream(project)
    assert (0x0003).to_bytes(2, "little") + (2).to_bytes(4, "little") + (936).to_bytes(2, "little") in records
    assert b"xlwings.xlam" not in records  # no reference to the add-in (see test_excel_ready)
    assert b"*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#" in records  # stdole
    assert b"*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#" in records  # Office (IRibbonControl)

    ole = olefile.OleFileIO(io.BytesIO(project))
    text = ole.openstream("PROJECT").read().decode("cp936")
    ole.close()
    assert "Document=ThisWorkbook/&H00000000" in text.splitlines()
    assert "Module=Ribbon" in text.splitlines()


def test_compile_is_deterministic(modules: dict[str, str], project: bytes, tmp_path: Path) -> None:
    sheets = list(SHEETS.values())
    assert vba.compile_vba_project(modules, sheets) == project
    assert vba.compile_vba_project(modules, [*sheets, "Sheet3"]) != project

    # Another interpreter, another hash seed, another global random state.
    script = tmp_path / "compile.py"
    script.write_text(
        "import json, random, sys\n"
        "from budget_addin.files import vba\n"
        "random.seed()\n"
        "modules, sheets, out = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "open(out, 'wb').write(vba.compile_vba_project(modules, sheets))\n",
        encoding="utf-8",
    )
    args = tmp_path / "args.json"
    out = tmp_path / "out.bin"
    args.write_text(json.dumps([modules, sheets, str(out)]), encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(script), str(args)], check=True, env=env, timeout=120)
    assert out.read_bytes() == project


def test_large_project_round_trips(tmp_path: Path) -> None:
    """Streams beyond 4 KiB and files beyond 64 KiB (several FAT sectors) stay intact."""
    rng = random.Random(7)
    body = "\n".join(
        f"Public Function F{i}(ByVal x As Double) As Double\n    F{i} = x * {rng.random():.12f} ' 第{i}项\nEnd Function"
        for i in range(2500)
    )
    source = f'Attribute VB_Name = "Big"\n{body}\n'
    sheets = [f"Sheet{i}" for i in range(1, 31)]
    data = vba.compile_vba_project({"Big": source}, sheets)
    assert len(data) > 64 * 1024
    path = tmp_path / "big.xlsm"
    path.write_bytes(workbook_bytes(data))
    found = olevba_modules(path)
    assert normalise(found["Big"]) == normalise(source)
    assert set(found) == {"ThisWorkbook", "Big", *sheets}


def test_compress_round_trips() -> None:
    rng = random.Random(1)
    samples = [
        b"",
        b"a",
        b"abc" * 5000,  # long matches: the ms_ovba_compression 1.0.1 failure case
        bytes(rng.choice(b"ab") for _ in range(9000)),
        "预算公开 部门预算\r\n".encode("cp936") * 700,
        bytes(rng.randrange(256) for _ in range(8192)),  # incompressible full chunks: raw chunks
    ]
    for sample in samples:
        assert bytes(decompress_stream(bytearray(vba.compress(sample)))) == sample


# ------------------------------------------------------------------- ribbon


def test_ribbon_xml_file(ribbon_source: str) -> None:
    root = etree.fromstring(ribbon_source.encode("utf-8"))
    assert root.tag == f"{CUSTOMUI}customUI"
    (tab,) = root.iter(f"{CUSTOMUI}tab")
    assert (tab.get("id"), tab.get("label")) == ("tabBudget", "预算公开")
    groups = [group.get("label") for group in tab.iter(f"{CUSTOMUI}group")]
    assert groups == ["审核", "汇总", "发布", "帮助"]
    buttons = list(tab.iter(f"{CUSTOMUI}button"))
    assert len(buttons) == len(vba.RIBBON_ACTIONS)
    for button in buttons:
        assert button.get("size") == "large"
        assert button.get("imageMso")
        for attribute in ("label", "screentip", "supertip"):
            assert re.search(r"[\u4e00-\u9fff]", button.get(attribute, "")), (button.get("id"), attribute)


def test_every_on_action_is_a_sub_calling_a_ribbon_action(xlsm: Path) -> None:
    found = olevba_modules(xlsm)
    data = xlsm.read_bytes()
    assert package.has_ribbon_relationship(data)
    text = package.ribbon_xml(data)
    assert text is not None
    actions = [node.get("onAction") for node in etree.fromstring(text.encode("utf-8")).iter() if node.get("onAction")]
    assert len(actions) == len(set(actions)) == len(vba.RIBBON_ACTIONS)
    all_subs = set().union(*(subs(code) for code in found.values()))
    assert set(actions) <= all_subs

    calls = re.findall(r'\bRunPython\s+"([^"]*)"', "\n".join(found.values()))
    called = []
    for call in calls:
        match = re.fullmatch(r"import budget_addin\.excel\.ribbon as r; r\.(\w+)\(\)", call)
        assert match, call
        called.append(match.group(1))
    assert sorted(called) == sorted(vba.RIBBON_ACTIONS)

    # Each callback has the IRibbonControl signature and calls one action.
    ribbon = found["Ribbon"]
    for action in actions:
        body = re.search(rf"Sub {action}\(control As IRibbonControl\)(.*?)End Sub", ribbon, re.DOTALL)
        assert body, action
        assert len(re.findall(r"\bRunPython\b", body.group(1))) == 1


def test_add_ribbon_is_idempotent_and_keeps_other_members(ribbon_source: str) -> None:
    original = workbook_bytes()
    once = package.add_ribbon(original, ribbon_source)
    assert package.add_ribbon(once, ribbon_source) == once

    before, after = members(original), members(once)
    assert names(once) == [*names(original), package.RIBBON_PART]
    for name, data in before.items():
        if name != "_rels/.rels":
            assert after[name] == data, name
    # [Content_Types].xml already maps *.xml to application/xml, so it is untouched.
    assert b'<Default Extension="xml" ContentType="application/xml"/>' in after["[Content_Types].xml"]
    rels = ribbon_relationships(once)
    assert [(rel.get("Id"), rel.get("Target")) for rel in rels] == [("rIdRibbon", "customUI/customUI14.xml")]
    assert after["_rels/.rels"].count(b"<Relationship ") == before["_rels/.rels"].count(b"<Relationship ") + 1
    assert (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' in after["_rels/.rels"]
    )
    assert package.ribbon_xml(once) is not None and "预算公开" in (package.ribbon_xml(once) or "")

    other = ribbon_source.replace("预算公开", "预算公开（测试）")
    replaced = package.add_ribbon(once, other)
    assert "预算公开（测试）" in (package.ribbon_xml(replaced) or "")
    assert len(ribbon_relationships(replaced)) == 1
    assert names(replaced) == names(once)

    with pytest.raises(ValueError, match="customUI"):
        package.add_ribbon(original, "<customUI xmlns='http://schemas.microsoft.com/office/2006/01/customui'/>")


def test_add_ribbon_adds_content_type_only_when_needed(ribbon_source: str) -> None:
    parts = members(workbook_bytes())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b'<Default Extension="xml" ContentType="application/xml"/>', b""
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = members(package.add_ribbon(out.getvalue(), ribbon_source))
    types_xml = etree.fromstring(result["[Content_Types].xml"])
    overrides = {node.get("PartName"): node.get("ContentType") for node in types_xml if node.get("PartName")}
    assert overrides["/customUI/customUI14.xml"] == "application/xml"


def test_restore_ribbon_after_openpyxl_keep_vba(xlsm: Path) -> None:
    original = xlsm.read_bytes()
    workbook = openpyxl.load_workbook(io.BytesIO(original), keep_vba=True)
    workbook.worksheets[0]["C3"] = "已修改"
    out = io.BytesIO()
    workbook.save(out)
    modified = out.getvalue()

    # The trap: openpyxl keeps customUI/customUI14.xml but drops its relationship.
    assert package.ribbon_xml(modified) == package.ribbon_xml(original)
    assert not package.has_ribbon_relationship(modified)
    assert ribbon_relationships(modified) == []

    restored = package.restore_ribbon(original, modified)
    assert package.has_ribbon_relationship(restored)
    assert package.ribbon_xml(restored) == package.ribbon_xml(original)
    assert package.vba_project_bytes(restored) == package.vba_project_bytes(original)
    assert openpyxl.load_workbook(io.BytesIO(restored)).worksheets[0]["C3"].value == "已修改"
    assert package.restore_ribbon(original, restored) == restored
    assert package.restore_ribbon(workbook_bytes(), modified) == modified  # nothing to restore


def test_rewrite_replaces_removes_appends_in_place() -> None:
    original = workbook_bytes()
    before = names(original)
    result = package.rewrite(original, {"xl/styles.xml": b"<x/>", "docProps/app.xml": None, "extra/new.txt": b"new"})
    expected = [name for name in before if name != "docProps/app.xml"] + ["extra/new.txt"]
    assert names(result) == expected
    after = members(result)
    assert after["xl/styles.xml"] == b"<x/>"
    assert after["extra/new.txt"] == b"new"
    assert all(
        after[name] == data for name, data in members(original).items() if name in after and name != "xl/styles.xml"
    )


def test_vba_project_bytes(project: bytes, xlsm: Path) -> None:
    assert package.vba_project_bytes(xlsm.read_bytes()) == project
    assert package.vba_project_bytes(workbook_bytes()) is None


def test_atomic_write(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsm"
    package.atomic_write(path, b"first")
    os.chmod(path, 0o640)
    package.atomic_write(path, b"second")
    assert path.read_bytes() == b"second"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    with pytest.raises(TypeError):
        package.atomic_write(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsm"]


# ------------------------------------------------------------- LibreOffice


def test_libreoffice_imports_the_vba_modules(xlsm: Path, modules: dict[str, str], tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice not found on PATH: install LibreOffice (apt-get install libreoffice-calc-nogui)")
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(xlsm),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    ods = tmp_path / (xlsm.stem + ".ods")
    assert ods.exists(), result.stdout + result.stderr

    # The .ods keeps the imported Basic libraries as Basic/<library>/<module>.xml.
    script = "{http://openoffice.org/2000/script}"
    library = "{http://openoffice.org/2000/library}"
    saved = members(ods.read_bytes())
    libraries: dict[str, dict[str, etree._Element]] = {}
    for name, data in saved.items():
        parts = name.split("/")
        if len(parts) == 3 and parts[0] == "Basic" and parts[2] == "script-lb.xml":
            listed = [node.get(f"{library}name") for node in etree.fromstring(data).iter(f"{library}element")]
            libraries[parts[1]] = {
                module: etree.fromstring(saved[f"Basic/{parts[1]}/{module}.xml"]) for module in listed
            }
    vba_libraries = [lib for lib, found in libraries.items() if "Ribbon" in found]
    assert vba_libraries == ["VBAProject"], sorted(libraries)
    found = libraries["VBAProject"]
    assert set(found) == {"ThisWorkbook", *SHEETS.values(), *modules}

    for name, element in found.items():
        kind = element.get(f"{script}moduleType")
        assert kind == ("document" if name in {"ThisWorkbook", *SHEETS.values()} else "normal"), name
    for name, source in modules.items():
        code = found[name].text or ""
        # LibreOffice prefixes its own VBA-mode header and drops the Attribute lines.
        assert code.startswith("Rem Attribute VBA_ModuleType=VBAModule\nOption VBASupport 1\n"), name
        body = code.split("\n", 2)[2]
        assert normalise(body) == normalise(source, attributes=False), name
    assert "预算公开：校验完成" in (found["Messages"].text or "")
