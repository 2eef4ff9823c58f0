"""Where a command may write: never onto one of its inputs, never a format its extension denies.

``budget-addin check w.xlsm -o w.xlsm`` once turned a workbook into a text file.
Every command names what it reads and what it writes; :func:`output` refuses
(:class:`Refused`, a Chinese message) before anything is read or written.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

#: What a command writes → the extensions that may name it (the first is suggested).
FORMATS: dict[str, tuple[str, ...]] = {
    "xlsm": (".xlsm",),  # a macro-enabled workbook
    "xlsx": (".xlsx",),  # a macro-free workbook
    "docx": (".docx",),
    "text": (".txt", ".md", ".log", ".text", ""),
    "json": (".json", ".jsonl", ".txt", ""),
    "pdf": (".pdf",),  # an annotated copy of a PDF
}
FORMAT_NAMES = {"xlsm": "启用宏的工作簿", "xlsx": "工作簿", "docx": "Word 文档", "text": "文本", "json": "JSON 文本",
                "pdf": "PDF 批注版"}


class Refused(ValueError):  # noqa: N818 - reads as a verdict
    """A command refused before it did anything; the message is Chinese and says what to do."""


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (after resolving links, also hard links and case-folding file systems)."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    try:
        return os.path.normcase(str(a.resolve())) == os.path.normcase(str(b.resolve()))
    except (OSError, RuntimeError):  # a link in a loop resolves to nothing: compare the paths as written
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def shown_name(path: Path) -> str:
    """A file's name as text that can be shown and written anywhere.

    A name that is not valid UTF-8 (a GBK name unpacked from a zip archive on Linux) is read as
    GB18030, or with its undecodable bytes replaced; written into a workbook or JSON as it stands,
    such a name cannot be encoded.
    """
    name = Path(path).name
    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")  # pragma: no cover - gb18030 decodes nearly any bytes


def refuse_read_only(path: Path) -> None:
    """Refuse to replace an existing file whose permission bits allow no one to write it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise Refused(f"输出文件是只读的：{path}（不会替换写保护的文件；如确需更新，请先取消只读属性）")


def output(out: Path, kind: str, inputs: Iterable[Path] = ()) -> Path:
    """``out`` if a command writing ``kind`` (see :data:`FORMATS`) may write it; else :class:`Refused`."""
    out = Path(out)
    if out.is_dir():
        raise Refused(f"输出路径是一个已有的文件夹：{out}（请给出文件名）")
    for source in inputs:
        if same_file(out, Path(source)):
            raise Refused(f"输出文件就是输入文件：{out}（会覆盖原文件），请换一个文件名")
    allowed = FORMATS[kind]
    if out.suffix.lower() not in allowed:
        shown = "、".join(s for s in allowed if s) or "无扩展名"
        raise Refused(f"输出文件的扩展名与内容不符：{out} 将写入{FORMAT_NAMES[kind]}，扩展名应为 {shown}")
    refuse_read_only(out)
    return out


def output_folder(folder: Path, inputs: Iterable[Path] = ()) -> Path:
    """A folder a command may write several files into (not an existing file, not an input)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise Refused(f"输出位置是一个已有的文件，不是文件夹：{folder}")
    for source in inputs:
        if same_file(folder, Path(source)):
            raise Refused(f"输出文件夹就是输入：{folder}")
    return folder


def text_kind(out: Path) -> str | None:
    """``docx`` or ``text`` for a narrative written to ``out`` (by its extension); None when neither fits."""
    suffix = Path(out).suffix.lower()
    if suffix in FORMATS["docx"]:
        return "docx"
    if suffix in FORMATS["text"]:
        return "text"
    return None


__all__ = ["FORMATS", "Refused", "output", "output_folder", "refuse_read_only", "same_file", "shown_name",
           "text_kind"]
