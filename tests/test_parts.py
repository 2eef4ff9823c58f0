"""One resolver of relationship targets, the same for the reader and the writers of a package."""

from __future__ import annotations

import pytest

from budget_addin.files import grid, package, parts, publish, sheetxml
from budget_addin.files.xlsx import workbook


@pytest.mark.parametrize(("source", "target", "part"), [
    ("xl/workbook.xml", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
    ("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml", "xl/drawings/drawing1.xml"),
    ("xl/workbook.xml", "./styles.xml", "xl/styles.xml"),
    ("xl/workbook.xml", "/xl/styles.xml", "xl/styles.xml"),
    ("xl/worksheets/sheet1.xml", "/xl/media/a.png", "xl/media/a.png"),
    ("", "xl/workbook.xml", "xl/workbook.xml"),
    ("", "/customUI/customUI14.xml", "customUI/customUI14.xml"),
    # a target above the package root stays at the root (RFC 3986, as Excel reads it): never outside the package
    ("xl/workbook.xml", "../../evil.xml", "evil.xml"),
    ("xl/worksheets/sheet1.xml", "../../../../xl/styles.xml", "xl/styles.xml"),
    ("", "../evil.xml", "evil.xml"),
])
def test_a_relationship_target_is_resolved_as_rfc_3986_resolves_it(source: str, target: str, part: str) -> None:
    assert parts.resolve(source, target) == part


def test_rels_name() -> None:
    assert parts.rels_name("xl/workbook.xml") == "xl/_rels/workbook.xml.rels"
    assert parts.rels_name("xl/worksheets/sheet1.xml") == "xl/worksheets/_rels/sheet1.xml.rels"
    assert parts.rels_name("customUI/customUI14.xml") == "customUI/_rels/customUI14.xml.rels"


def test_every_module_that_follows_a_relationship_uses_the_one_resolver() -> None:
    assert grid.resolve is parts.resolve
    assert package.resolve is parts.resolve and package.rels_name is parts.rels_name
    assert sheetxml.resolve is parts.resolve and sheetxml.rels_name is parts.rels_name
    assert publish.resolve is parts.resolve and publish.rels_name is parts.rels_name
    assert workbook.resolve is parts.resolve and workbook.rels_name is parts.rels_name
    for module in (grid, package, sheetxml, publish, workbook):
        assert not hasattr(module, "_resolve") and not hasattr(module, "_rels_name")
