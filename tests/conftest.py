"""Shared fixtures: the seed dataset and a workbook freshly built from it."""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import configuration

from budget_addin.core.dataset import Dataset, load_seed
from budget_addin.core.model import Book
from budget_addin.files.build import build

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "Changjiang2020.xlsm"
# No test writes into the source tree: hypothesis keeps its example database in the temp folder.
configuration.set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "budget_addin-hypothesis")


@pytest.fixture(scope="session")
def seed_data() -> Dataset:
    return load_seed().data


@pytest.fixture()
def data(seed_data: Dataset) -> Dataset:
    """A private copy of the seed dataset a test may change."""
    return copy.deepcopy(seed_data)


@pytest.fixture(scope="session")
def seed_book(seed_data: Dataset) -> Book:
    return Book(seed_data, source="seed")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, seed_data: Dataset) -> Path:
    """The seed workbook, built afresh into a temporary folder."""
    return build(seed_data, tmp_path_factory.mktemp("built") / "Changjiang2020.xlsm")


@pytest.fixture()
def workbook_copy(built: Path, tmp_path: Path) -> Path:
    """A copy of the fresh build a test may edit."""
    target = tmp_path / "copy.xlsm"
    shutil.copy(built, target)
    return target


def soffice() -> str:
    """The LibreOffice binary; tests that need it fail (not skip) without it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail(
            "LibreOffice 未安装：apt-get install libreoffice-calc-nogui libreoffice-writer-nogui fonts-noto-cjk"
        )
    return found
