"""budget_addin: checks, worksheet functions and summaries for 部门预算公开 workbooks."""

from pathlib import Path

from setuptools import find_packages, setup

setup(
    name="budget_addin",
    version="0.1.0",
    description="部门预算公开 Excel add-in: worksheet functions, checks and summaries (xlwings + headless)",
    long_description=Path(__file__).with_name("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    python_requires=">=3.11",
    packages=find_packages(include=["budget_addin", "budget_addin.*"]),
    package_data={"budget_addin": ["data/**/*", "data/*/*"]},
    include_package_data=True,
    install_requires=[
        # Excel front end (UDFs, ribbon); importable on Linux. One exact version: the workbook embeds
        # this version's standalone VBA module, whose DLL name (xlwings64-0.37.8.dll) must match.
        "xlwings==0.37.8",
        "openpyxl>=3.1",  # publication copy and reading edited workbooks
        "pandas>=2.0",  # tabular outputs (findings as xlsx, summaries)
        "XlsxWriter>=3.1",  # builds the workbook with cached formula values and VBA
        "ms-ovba>=0.0.1",  # compiles macros/*.bas into xl/vbaProject.bin (MS-OVBA)
        "olefile>=0.46",  # reads a built vbaProject.bin back (summary sheets get document modules)
        "PyYAML>=6.0",  # the seed data file
        "python-docx>=1.1",  # 情况说明 as .docx
        "lxml>=4.9",  # zip-level edits of the workbook package that keep prefixes; HTML disclosures
        "charset-normalizer>=3.0",  # the encoding of a .txt disclosure (UTF-8, GBK, GB18030)
        "pypdfium2>=4.0",  # the text layer of a PDF disclosure (fast, in reading order)
        "tqdm>=4.66",  # progress bar of a batch check on a terminal
        "python-calamine>=0.2",  # import: .xls (BIFF) tables, read without Excel
    ],
    extras_require={
        "test": [
            "pytest>=7",
            "hypothesis>=6.80",
            "formulas>=1.2",  # evaluates the workbook's formulas with our UDFs
            "oletools>=0.60",  # olevba reads the VBA back out of the .xlsm
            "ruff>=0.5",
            "openxml-audit>=0.8",  # validates every written .xlsm/.xlsx/.docx (schemas + app rules)
            "antlr4-vba>=0.0.67",  # VBA grammar: the hand-written and generated modules parse
            "mutmut>=3.3",  # python tests/mutation.py: mutation testing of calc, numbers and the rule helpers
            "coverage>=7.10",  # coverage run, including the CLI subprocesses (see .coveragerc)
            "pdfplumber>=0.11",  # benchmarks/pdf_read.py: the PDF reader measured against pdfplumber, side by side
        ],
    },
    entry_points={"console_scripts": ["budget-addin=budget_addin.cli:main"]},
)
