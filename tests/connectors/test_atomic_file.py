"""Atomic writes (connectors/atomic_file.py): the new bytes or the old, never half, and no
temporary file left behind when the write fails."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from connectors.atomic_file import write_atomically


def test_a_new_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "journal.json"
    write_atomically(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert [p.name for p in tmp_path.iterdir()] == ["journal.json"]


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "Client Pulse.xlsx"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_replace_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "journal.json"
    target.write_bytes(b"old")

    def refused(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["journal.json"]


def test_a_device_or_a_fifo_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.xlsx"
    os.mkfifo(fifo)
    null = tmp_path / "null.xlsx"
    null.symlink_to("/dev/null")  # a link: a regression replaces it, never /dev/null
    for target in (fifo, null):
        with pytest.raises(OSError, match="not a regular file; nothing was written"):
            write_atomically(target, b"data")
    assert fifo.is_fifo()
    assert null.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo.xlsx", "null.xlsx"]
