"""Every file a command writes is written whole or not at all.

A temporary file beside the target (so the rename stays on one file system) is written, flushed to
disk (fsync) and renamed over the target (``os.replace``); on any failure — a full disk, a write
refused — the temporary file is removed, the earlier file stays as it was and the error names the
target. A target whose permission bits say read-only is refused, not replaced: ``os.replace`` needs
only the folder to be writable, and as root even the file's own bits are not enforced, but a user who
write-protects a file means it. Temporary names stay within the 255 bytes a file name may have.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from budget_addin.files.guards import refuse_read_only

NAME_BYTES = 255  # the longest file name (in bytes) ext4, NTFS (in UTF-16 units) and most others allow
_SUFFIX_BYTES = len(".0123456789ab.tmp") + 1


def temp_beside(path: Path, suffix: str = ".tmp") -> Path:
    """A new temporary name in the target's folder: ``.NAME.RANDOM.tmp``, NAME cut to keep it within 255 bytes."""
    stem = path.name
    while len(os.fsencode(stem)) > NAME_BYTES - _SUFFIX_BYTES:  # whole characters only, whatever their encoding
        stem = stem[:-1]
    return path.with_name(f".{stem}.{secrets.token_hex(6)}{suffix}")


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; best effort)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _named(exc: OSError, path: Path) -> OSError:
    """The error with the target as its file name (a failed write names nothing, or only the temporary file)."""
    return OSError(exc.errno, exc.strerror, str(path))


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary file to write in full; it replaces ``path`` when the block ends without error."""
    path = Path(path)
    refuse_read_only(path)
    temp = temp_beside(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise _named(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
        os.replace(temp, path)
    except OSError as exc:
        raise _named(exc, path) from None
    finally:
        temp.unlink(missing_ok=True)
    _sync_folder(path.parent)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_file`)."""
    with atomic_file(path) as handle:
        handle.write(data)


@contextmanager
def atomic_folder(folder: Path) -> Iterator[Path]:
    """A temporary folder beside ``folder`` to write several files into; when the block ends without
    error each file moves into ``folder`` (made if missing) by an atomic rename. On failure nothing of
    the run is left: the temporary folder goes, and a folder made for it too; earlier files stay."""
    folder = Path(folder)
    staging = temp_beside(folder, ".partial")
    staging.mkdir(parents=True)
    try:
        try:
            yield staging
        except OSError as exc:
            raise _named(exc, folder) from None
        for item in staging.iterdir():
            refuse_read_only(folder / item.name)
        made = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        try:
            for item in sorted(staging.iterdir()):
                os.replace(item, folder / item.name)
        except OSError:
            if made:
                shutil.rmtree(folder, ignore_errors=True)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _sync_folder(folder)


__all__ = ["NAME_BYTES", "atomic_file", "atomic_folder", "atomic_write", "temp_beside"]
