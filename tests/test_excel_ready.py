"""Every file the tool writes is ready for Excel and Word on Windows.

- zero errors and warnings from an Open XML validator (openxml-audit: the ECMA-376
  schemas plus the Open XML SDK's semantic rules and Word/Excel compatibility rules)
  for the built .xlsm, the workbook summarised once and twice, its publication
  copy, the findings .xlsx and the .docx;
- the VBA project references nothing that can go MISSING: only the registered type
  libraries every Excel project has, no other project or add-in by file path;
  RunPython/XLPy come from xlwings' standalone module compiled into the workbook;
- opening does not force a full recalculation (calcPr as current Excel writes it);
- every YS_* function is described for Insert Function through MacroOptions, from
  the docstrings and @xw.arg docs of excel/udfs.py, when the workbook opens;
- VBA sources are ASCII (Chinese text built with ChrW), summary sheets carry code
  names whose document modules are in the project, quantities have no trailing point.
"""

from __future__ import annotations

import inspect
import io
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
from conftest import COMMITTED, ROOT, soffice
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from openxml_audit import FileFormat, OpenXmlValidator
from test_vba_package import dir_stream, members, olevba_modules

from budget_addin.cli import main
from budget_addin.excel import udfs
from budget_addin.excel.vba_wrappers import generated_modules, vba_string
from budget_addin.files import package, vba
from budget_addin.files.build import CALC_ID, vba_modules
from budget_addin.files.publish import publish
from budget_addin.files.summarize import summarize
from budget_addin.summaries.specs import SUMMARY_SHEETS

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STDOLE = "{00020430-0000-0000-C000-000000000046}"
OFFICE = "{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}"


# ------------------------------------------------------------------ the files written


@pytest.fixture(scope="module")
def written(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind of file the tool writes, from the fresh build of the seed."""
    folder = tmp_path_factory.mktemp("written")
    assert main(["report", str(built), "-o", str(folder)]) == 1  # the seed has error findings
    once = folder / f"{built.stem}-汇总.xlsm"
    twice = folder / "twice.xlsm"
    summarize(once, twice)
    published = folder / "published.xlsx"
    publish(twice, published)
    findings = folder / "findings.xlsx"
    main(["check", str(built), "--format", "xlsx", "-o", str(findings)])
    return {"built": built, "committed": COMMITTED, "summarised": once, "summarised twice": twice,
            "published": published, "findings": findings, "narrative": folder / "情况说明（生成）.docx"}


@pytest.mark.parametrize("kind", ["committed", "built", "summarised", "summarised twice", "published", "findings",
                                  "narrative"])
def test_every_written_file_passes_the_open_xml_validator(written: dict[str, Path], kind: str) -> None:
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0).validate(written[kind])
    problems = [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]
    assert result.error_count == 0 and result.warning_count == 0, problems


def test_the_validator_catches_what_word_would_repair(tmp_path: Path) -> None:
    """The validator is not blind: python-docx's template with changed styles is refused."""
    from docx import Document

    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.sections[0].header.paragraphs[0].text = "页眉"
    path = tmp_path / "template.docx"
    document.save(str(path))
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365).validate(path)
    assert any("stylesWithEffects" in e.description for e in result.errors)


def test_the_narrative_has_one_consistent_style_part(written: dict[str, Path]) -> None:
    parts = members(written["narrative"].read_bytes())
    assert "word/styles.xml" in parts
    assert "word/stylesWithEffects.xml" not in parts
    assert b"stylesWithEffects" not in parts["word/_rels/document.xml.rels"]
    assert b"stylesWithEffects" not in parts["[Content_Types].xml"]


# ------------------------------------------------------------------ VBA references


def references(project: bytes) -> list[tuple[int, str]]:
    """(record id, libid or path) of every reference in a project's dir stream (MS-OVBA 2.3.4.2.2)."""
    data = dir_stream(project)
    found: list[tuple[int, str]] = []
    pos = 0
    while pos + 6 <= len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == 0x0009:  # PROJECTVERSION: 6 bytes of data behind a size of 4
            size = 6
        body = data[pos + 6 : pos + 6 + size]
        if record_id == 0x000D:  # REFERENCEREGISTERED: SizeOfLibid, Libid
            length = struct.unpack_from("<I", body)[0]
            found.append((record_id, body[4 : 4 + length].decode("cp936")))
        elif record_id in (0x000E, 0x002F, 0x0033):  # project, control, original
            found.append((record_id, body.decode("cp936", "replace")))
        if record_id == 0x000F:  # PROJECTMODULES: the references are behind us
            break
        pos += 6 + size
    return found


@pytest.mark.parametrize("kind", ["committed", "built", "summarised twice"])
def test_vba_references_are_only_the_registered_libraries_every_project_has(
    written: dict[str, Path], kind: str
) -> None:
    project = package.vba_project_bytes(written[kind].read_bytes())
    assert project is not None
    found = references(project)
    assert [record for record, _ in found] == [0x000D, 0x000D]  # no project (add-in) or control reference
    assert [libid.split("#")[0] for _, libid in found] == [f"*\\G{STDOLE}", f"*\\G{OFFICE}"]


def test_the_reference_parser_sees_an_add_in_reference() -> None:
    """xlwings' own quickstart.xlsm references the add-in by path: that is what must not be in ours."""
    import xlwings

    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart.xlsm") as archive:
        found = references(archive.read("xl/vbaProject.bin"))
    assert any(record == 0x000E and "xlwings.xlam" in text for record, text in found)


@pytest.mark.parametrize("kind", ["committed", "summarised twice"])
def test_no_path_of_a_developer_machine_in_the_vba_project(written: dict[str, Path], kind: str) -> None:
    project = package.vba_project_bytes(written[kind].read_bytes())
    assert project is not None
    ole = olefile.OleFileIO(io.BytesIO(project))
    try:
        streams = [ole.openstream(path).read() for path in ole.listdir()]
    finally:
        ole.close()
    texts = [dir_stream(project), *streams]
    for text in texts:
        assert b"xlwings.xlam" not in text and b"\\Users\\" not in text


# ------------------------------------------------------------------ what the VBA calls is in the project


def test_the_embedded_xlwings_module_is_the_installed_packages(written: dict[str, Path]) -> None:
    import xlwings

    found = olevba_modules(written["committed"])
    shipped = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="utf-8")
    assert found[vba.XLWINGS_MODULE].replace("\r\n", "\n").rstrip() == shipped.replace("\r\n", "\n").rstrip()
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in found[vba.XLWINGS_MODULE]


def _public(code: str) -> set[str]:
    return set(re.findall(r"^(?:Public\s+)?(?:Function|Sub)\s+(\w+)", code, re.M))


def test_every_name_the_ribbon_and_workbook_call_is_defined_in_the_project(written: dict[str, Path]) -> None:
    """With Option Explicit, a name from a missing add-in would be a compile error; all are here."""
    found = olevba_modules(written["committed"])
    defined = {name: _public(code) for name, code in found.items()}
    assert {"RunPython", "XLPy"} <= defined[vba.XLWINGS_MODULE]
    assert {"SetupHelp", "SetupTitle"} <= defined["Texts"]
    assert "RegisterFunctionHelp" in defined["FunctionHelp"]
    ribbon = found["Ribbon"]
    assert "Option Explicit" in ribbon
    called = set(re.findall(r"\b(RunPython|XLPy|Texts\.\w+|FunctionHelp\.\w+)\b", ribbon + found["ThisWorkbook"]))
    assert called == {"RunPython", "XLPy", "Texts.SetupHelp", "Texts.SetupTitle", "FunctionHelp.RegisterFunctionHelp"}
    assert all("xlwings.xlam" not in code for code in found.values())


def test_ribbon_buttons_check_python_first(written: dict[str, Path]) -> None:
    ribbon = olevba_modules(written["committed"])["Ribbon"]
    bodies = re.findall(r"Public Sub (Ribbon_\w+)\(control As IRibbonControl\)\r?\n(.*?)\r?\nEnd Sub", ribbon, re.S)
    assert len(bodies) == len(vba.RIBBON_ACTIONS)
    for name, body in bodies:
        assert re.fullmatch(
            r'    If PythonReady\(\) Then RunPython "import budget_addin\.excel\.ribbon as r; r\.\w+\(\)"', body
        ), name
    ready = ribbon.split("Private Function PythonReady() As Boolean", 1)[1].split("End Function", 1)[0]
    assert ready.index("On Error GoTo NotReady") < ready.index("XLPy()")
    assert 'py.Module "budget_addin.excel.ribbon"' in ready
    assert "MsgBox Texts.SetupHelp(Err.Description), vbExclamation, Texts.SetupTitle()" in ready


# ------------------------------------------------------------------ ASCII sources and their Chinese texts


def evaluate(expression: str) -> str:
    """Value of a VBA string expression made of literals, ChrW(&H..) and vbLf joined by &."""
    value = ""
    for token in re.findall(r'"(?:[^"]|"")*"|ChrW\(&H[0-9A-F]{4}\)|vbLf|\w+', expression):
        if token.startswith('"'):
            value += token[1:-1].replace('""', '"')
        elif token.startswith("ChrW"):
            value += chr(int(token[7:11], 16))
        elif token == "vbLf":
            value += "\n"
        else:
            raise AssertionError(f"unexpected token {token!r} in {expression!r}")
    return value


def assignments(code: str) -> list[tuple[str, str]]:
    """(variable, value) of each text statement ``x = ...`` / ``x = x & ...`` (x one of s, c, d, a(i))."""
    values: dict[str, str] = {}
    result: list[tuple[str, str]] = []
    for line in code.splitlines():
        match = re.fullmatch(r"\s+([scd]|a\(\d+\)) = (?:(\1) & )?(.*)", line)
        if not match:
            continue
        variable = match.group(1)
        value = (values.get(variable, "") if match.group(2) else "") + evaluate(match.group(3))
        values[variable] = value
        result.append((variable, value))
    return result


def test_every_vba_source_is_ascii() -> None:
    sources = [*ROOT.joinpath("macros").glob("*.bas"), *ROOT.joinpath("macros").glob("*.cls")]
    assert {p.name for p in sources} >= {"Ribbon.bas", "FunctionHelp.bas", "Texts.bas", "xlwings_udfs.bas",
                                         "ThisWorkbook.cls"}
    for path in sources:
        path.read_bytes().decode("ascii")
    for name, code in {**olevba_modules(COMMITTED), **vba_modules()}.items():
        assert code.isascii(), name


def test_generated_modules_are_up_to_date() -> None:
    for name, text in generated_modules().items():
        assert (ROOT / "macros" / name).read_bytes().decode("utf-8") == text, name


@given(st.text(alphabet=st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), max_size=60))
def test_vba_string_round_trips_any_text(text: str) -> None:
    text = text.replace("\r", "")
    expression = vba_string(text)
    expression.encode("ascii")
    assert evaluate(expression) == text


def vba_syntax_errors(code: str) -> list[str]:
    """Syntax errors the ANTLR VBA grammar (antlr4-vba) finds in a module without conditional compilation."""
    from antlr4 import CommonTokenStream, InputStream
    from antlr4.error.ErrorListener import ErrorListener
    from antlr4_vba.vbaLexer import vbaLexer
    from antlr4_vba.vbaParser import vbaParser

    errors: list[str] = []

    class Collect(ErrorListener):  # type: ignore[misc]
        def syntaxError(self, recognizer, symbol, line, column, message, error):  # noqa: ANN001, N802
            errors.append(f"{line}:{column} {message}")

    lexer = vbaLexer(InputStream(code))
    parser = vbaParser(CommonTokenStream(lexer))
    for part in (lexer, parser):
        part.removeErrorListeners()
        part.addErrorListener(Collect())
    parser.startRule()
    return errors


def test_the_vba_modules_parse(tmp_path: Path) -> None:
    """Ribbon.bas, ThisWorkbook's code and the two generated modules are valid VBA (xlwings' own
    modules use conditional compilation, which the grammar does not cover). The function help is
    generated for a two-function module here; the grammar parser is slow on the full one."""
    from test_vba_package import load_udf_module

    from budget_addin.excel.vba_wrappers import function_help_module_text, texts_module_text

    assert vba_syntax_errors('Attribute VB_Name = "X"\r\nSub A()\r\n    If x Then\r\nEnd Sub\r\n')  # not blind
    sources = {
        "Ribbon": (ROOT / "macros" / "Ribbon.bas").read_text(encoding="ascii"),
        # its code as stored, behind a standard module's header (the grammar knows no VB_Base)
        "ThisWorkbook": 'Attribute VB_Name = "ThisWorkbook"\r\n' + "".join(
            line for line in olevba_modules(COMMITTED)["ThisWorkbook"].splitlines(keepends=True)
            if not line.startswith("Attribute VB_")),
        "Texts": texts_module_text(),
        "FunctionHelp": function_help_module_text(load_udf_module(tmp_path)),
    }
    for name, code in sources.items():
        assert vba_syntax_errors(code) == [], name


def test_setup_message_says_what_to_install() -> None:
    texts = (ROOT / "macros" / "Texts.bas").read_text(encoding="ascii")
    help_text = dict(assignments(texts.split("Public Function SetupHelp", 1)[1]))["s"]
    title = dict(assignments(texts.split("Public Function SetupHelp", 1)[0]))["s"]
    assert title == "预算公开：需要先安装 Python"
    for needed in ("安装 Python 3.11", "pip install budget_addin", "xlwings config create",
                   "INTERPRETER_WIN", "xlwings.conf", "xlwings addin install", "启用宏"):
        assert needed in help_text, needed
    assert "SetupHelp = s & detail" in texts  # the error that stopped the call comes last


# ------------------------------------------------------------------ Insert Function help


def registrations() -> dict[str, tuple[str, str, list[str] | None]]:
    """Function name -> (description, category, argument descriptions) as FunctionHelp.bas registers them."""
    code = (ROOT / "macros" / "FunctionHelp.bas").read_text(encoding="ascii")
    body = code.split("Public Sub RegisterFunctionHelp()", 1)[1].split("End Sub", 1)[0]
    found: dict[str, tuple[str, str, list[str] | None]] = {}
    for block in re.split(r"\n    ' (?=YS_)", body)[1:]:
        values = dict(assignments(block))
        calls = re.findall(r'^ +host\.MacroOptions Macro:=book & "(\w+)", Description:=d, Category:=c'
                           r'(, ArgumentDescriptions:=a)?$', block, re.M)
        names = {name for name, _ in calls}
        assert len(names) == 1, block
        arguments = None
        if any(with_arguments for _, with_arguments in calls):
            assert [bool(w) for _, w in calls] == [True, False]  # Excel 2010+, else without argument help
            count = int(re.search(r"ReDim a\(0 To (\d+)\)", block).group(1)) + 1  # type: ignore[union-attr]
            arguments = [values[f"a({i})"] for i in range(count)]
        found[names.pop()] = (values["d"], values["c"], arguments)
    return found


def test_every_function_is_registered_with_its_docstring_and_category() -> None:
    found = registrations()
    functions = {name: f for name, f in inspect.getmembers(udfs, inspect.isfunction) if name.startswith("YS_")}
    assert set(found) == set(functions)
    for name, function in functions.items():
        description, category, _ = found[name]
        assert description == inspect.getdoc(function), name
        assert category == "预算公开", name


def test_argument_help_is_the_xw_arg_docs() -> None:
    found = registrations()
    # Copied by hand from the @xw.arg lines of excel/udfs.py; ``caller`` is xlwings' own argument.
    assert found["YS_CHECKRATIO"][2] == ["所列百分比，如 7%", "分子（部分或增减额）", "分母（合计或上年数）",
                                        "可选：所列百分比的小数位，默认按所列单元格的数字格式判断"]
    assert found["YS_TOTAL"][2] == ["要合计的区域", "可选：行标签区域，标签以“其中”开头的行不计入"]
    assert found["YS_CHECKSUM"][2] == ["所列合计", "组成部分（单元格或区域，可多个）"]
    assert found["YS_FINDINGS"][2] is None


def test_registration_runs_when_the_workbook_opens_and_never_raises(written: dict[str, Path]) -> None:
    found = olevba_modules(written["committed"])
    opening = found["ThisWorkbook"].split("Private Sub Workbook_Open()", 1)[1].split("End Sub", 1)[0]
    assert opening.index("On Error Resume Next") < opening.index("FunctionHelp.RegisterFunctionHelp")
    register = found["FunctionHelp"]
    sub = register.split("Public Sub RegisterFunctionHelp()", 1)[1].split("End Sub", 1)[0]
    assert sub.index("On Error Resume Next") < sub.index("host.MacroOptions")
    assert "Dim host As Object" in sub and "Set host = Application" in sub  # late bound
    assert "wasSaved = ThisWorkbook.Saved" in sub and "ThisWorkbook.Saved = wasSaved" in sub
    assert "withArguments = Val(Application.Version) >= 14" in sub  # as xlwings: argument help from Excel 2010
    assert "book = \"'\" & ThisWorkbook.Name & \"'!\"" in sub


# ------------------------------------------------------------------ calculation on open


@pytest.mark.parametrize("kind", ["committed", "built", "summarised", "summarised twice", "published", "findings"])
def test_opening_does_not_force_a_full_recalculation(written: dict[str, Path], kind: str) -> None:
    root = etree.fromstring(members(written[kind].read_bytes())["xl/workbook.xml"])
    calc = root.find(f"{MAIN}calcPr")
    assert calc is not None
    assert calc.get("calcId") == "191029" == str(CALC_ID)  # Excel 2019 / 2021 / Microsoft 365
    assert calc.get("fullCalcOnLoad") is None
    assert calc.get("calcMode") in (None, "auto")


# ------------------------------------------------------------------ code names and formats


def _code_names(path: Path) -> dict[str, str | None]:
    book = openpyxl.load_workbook(path, read_only=False, keep_vba=True)
    try:
        return {ws.title: ws.sheet_properties.codeName for ws in book.worksheets}
    finally:
        book.close()


def test_summary_sheets_have_code_names_whose_modules_are_in_the_project(written: dict[str, Path]) -> None:
    once, twice = _code_names(written["summarised"]), _code_names(written["summarised twice"])
    assert once == twice
    project = vba.read_project(package.vba_project_bytes(written["summarised twice"].read_bytes()) or b"")
    assert project is not None
    assert sorted(filter(None, twice.values())) == sorted(project.sheet_codenames)  # one module per sheet
    assert all(twice[name] for name in SUMMARY_SHEETS)
    assert len(set(twice.values())) == len(twice)
    found = olevba_modules(written["summarised twice"])
    assert {twice[name] for name in SUMMARY_SHEETS} <= set(found)


def test_libreoffice_lists_the_summary_sheets_modules(written: dict[str, Path], tmp_path: Path) -> None:
    source = tmp_path / "twice.xlsm"
    shutil.copy(written["summarised twice"], source)
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "ods", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    saved = members((tmp_path / "twice.ods").read_bytes())
    listing = etree.fromstring(saved["Basic/VBAProject/script-lb.xml"])
    names = {node.get("{http://openoffice.org/2000/library}name")
             for node in listing.iter("{http://openoffice.org/2000/library}element")}
    codes = _code_names(written["summarised twice"])
    assert {codes[name] for name in SUMMARY_SHEETS} <= names
    assert {"xlwings", "Ribbon", "FunctionHelp", "Texts", "xlwings_udfs", "ThisWorkbook"} <= names


def test_a_vba_project_the_tool_did_not_compile_is_kept_byte_for_byte(built: Path, tmp_path: Path) -> None:
    import xlwings

    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart.xlsm") as archive:
        foreign = archive.read("xl/vbaProject.bin")
    assert vba.read_project(foreign) is None
    source = tmp_path / "foreign.xlsm"
    source.write_bytes(package.rewrite(built.read_bytes(), {"xl/vbaProject.bin": foreign}))
    out = tmp_path / "out.xlsm"
    summarize(source, out)
    assert package.vba_project_bytes(out.read_bytes()) == foreign
    assert not any(_code_names(out)[name] for name in SUMMARY_SHEETS)


def test_integer_quantities_show_without_a_trailing_point(written: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(written["summarised twice"], keep_vba=True)
    quantity_cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert ".##" not in str(cell.number_format), f"{sheet.title}!{cell.coordinate}"
                if cell.value == "数量":
                    quantity_cells += [c for c in sheet.iter_cols(min_col=cell.column, max_col=cell.column,
                                                                  min_row=cell.row + 1).__next__()
                                       if isinstance(c.value, int | float)]
    assert quantity_cells  # 国有资产 and the 资产结构 summary list quantities
    for cell in quantity_cells:
        assert cell.number_format == "General", f"{cell.parent.title}!{cell.coordinate}"


def test_no_procedure_name_is_public_in_two_modules() -> None:
    """An unqualified call to a name two modules define is "Ambiguous name detected" at compile time."""
    owners: dict[str, set[str]] = {}
    for module, code in vba_modules().items():
        for name in re.findall(r"^(?:Public\s+)?(?:Function|Sub)\s+(\w+)", code, re.M | re.I):
            owners.setdefault(name.lower(), set()).add(module)
    assert {name: found for name, found in owners.items() if len(found) > 1} == {}
