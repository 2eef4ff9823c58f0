"""Whose disclosure a text is, of which year, 预算 or 决算: what pairs a department's disclosures across years.

A published disclosure names itself in its title (``青山县文化广电和旅游局2021年部门预算``,
``2020年度XX局部门决算公开``, ``XX局2019年部门预算情况说明``); a department renamed between years
often says so (``原XX局``, ``由XX局更名``). :func:`identify` reads that from the first lines of a
text (or a table title); :func:`same_department` compares two identities by name or former name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_KIND = r"(?P<kind>预算|决算)"
_YEAR = r"(?P<year>(?:19|20)\d\d)\s*年度?"
# 青山县文化广电和旅游局2021年部门预算 / 2021年青山县…局部门预算 / 青山县…局2021年度部门决算公开
_TITLE = re.compile(rf"^(?P<before>.*?){_YEAR}(?P<after>.*?)(?:部门|单位)?(?:收支)?{_KIND}")
_SUFFIXES = ("部门", "单位", "本级", "（本级）", "(本级)", "公开", "情况说明", "说明")
_ORGAN = re.compile(r"(?:局|委|委员会|办|办公室|厅|院|处|站|所|中心|馆|部|会|队|街道|政府|镇|乡|署|社|团|校|学|园)$")
_FORMER = re.compile(r"(?:由\s*原|原|由)\s*(?P<name>[\u4e00-\u9fff（）()]{2,30}?(?:局|委员会|委|办公室|办|厅|院|中心))"
                     r"(?:更名|改名|调整|组建|合并|撤并)?")


@dataclass(frozen=True)
class Identity:
    """A disclosure's department, year and kind (预算/决算), and where it said so."""

    department: str
    year: int
    kind: str  # 预算 | 决算
    former: tuple[str, ...] = ()  # names the text says the department had before
    code: str = ""  # 部门编码, where a workbook states it

    @property
    def key(self) -> str:
        return normal_name(self.department)

    def describe(self) -> str:
        return f"{self.department}{self.year}年部门{self.kind}"


def normal_name(name: str) -> str:
    """A department's name for comparison: spaces, quotes and a trailing 部门/本级 dropped."""
    text = re.sub(r"[\s\u3000“”\"'《》]", "", name)
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text, changed = text[: -len(suffix)], True
    return text


def identify(lines: Iterable[str], limit: int = 8) -> Identity | None:
    """The identity stated by the first ``limit`` non-empty lines (a title), with any former names in the text.

    None when no line names both a department and a year with 预算/决算.
    """
    texts = [t.strip() for t in lines if t and t.strip()]
    for text in texts[:limit]:
        found = _from_title(text)
        if found is not None:
            former = tuple(dict.fromkeys(m["name"] for t in texts for m in _FORMER.finditer(t)
                                         if normal_name(m["name"]) != normal_name(found.department)))
            return Identity(found.department, found.year, found.kind, former)
    return None


def _from_title(text: str) -> Identity | None:
    compact = re.sub(r"\s+", "", text)
    if len(compact) > 60:
        return None  # a sentence, not a title
    match = _TITLE.match(compact)
    if match is None:
        return None
    before = match["before"].strip("：:，,")
    after = match["after"].strip("：:，,")
    for candidate in (before, after):
        name = normal_name(candidate)
        if len(name) >= 3 and _ORGAN.search(name):
            return Identity(name, int(match["year"]), match["kind"])
    return None


def same_department(a: Identity, b: Identity) -> bool:
    """The same department: the same 部门编码 where both state one; else the same name, or one names the
    other as its former name."""
    if a.code and b.code:
        return a.code == b.code
    names_a = {a.key, *(normal_name(n) for n in a.former)}
    names_b = {b.key, *(normal_name(n) for n in b.former)}
    return a.key in names_b or b.key in names_a or bool(names_a & names_b)
