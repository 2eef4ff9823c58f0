"""The committed workbook's VBA and ribbon, as LibreOffice and olevba see them, match macros/ and ribbon.py."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import COMMITTED, ROOT, soffice
from lxml import etree
from test_vba_package import members, olevba_modules, subs

from budget_addin.excel import ribbon
from budget_addin.files import package, vba
from budget_addin.files.build import sheet_codenames, vba_modules


def test_libreoffice_lists_the_vba_modules_of_the_committed_workbook(tmp_path: Path) -> None:
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "ods", "--outdir", str(tmp_path), str(COMMITTED)],
                   check=True, capture_output=True, timeout=300)
    saved = members((tmp_path / "Changjiang2020.ods").read_bytes())
    listing = etree.fromstring(saved["Basic/VBAProject/script-lb.xml"])
    names = {node.get("{http://openoffice.org/2000/library}name") for node in listing.iter("{http://openoffice.org/2000/library}element")}
    expected = set(vba.read_macros(ROOT / "macros")) | {vba.XLWINGS_MODULE, "ThisWorkbook"} | set(sheet_codenames())
    assert expected == set(vba_modules()) | {"ThisWorkbook"} | set(sheet_codenames())
    assert names == expected
    udfs = etree.fromstring(saved["Basic/VBAProject/xlwings_udfs.xml"]).text or ""
    assert 'XLPy.CallUDF("budget_addin.excel.udfs", "YS_CHECKSUM"' in udfs


def test_ribbon_actions_resolve_to_vba_and_to_python() -> None:
    found = olevba_modules(COMMITTED)
    text = package.ribbon_xml(COMMITTED.read_bytes())
    assert text is not None
    actions = [n.get("onAction") for n in etree.fromstring(text.encode("utf-8")).iter() if n.get("onAction")]
    assert actions and set(actions) <= set().union(*(subs(code) for code in found.values()))
    called = re.findall(
        r'If PythonReady\(\) Then RunPython\s+"import budget_addin\.excel\.ribbon as r; r\.(\w+)\(\)"',
        "\n".join(found.values()),
    )
    assert sorted(called) == sorted(vba.RIBBON_ACTIONS)
    for name in called:
        assert callable(getattr(ribbon, name, None)), name
