"""Whether a path someone typed (a command-line argument, an environment variable) names a file
the product can read, or a place it can write: the one check every path goes through, so a
missing file or a folder is a plain sentence (the CLI's exit 2), never a traceback."""

from __future__ import annotations

from pathlib import Path

from connectors.errors import PathError, Problem


def input_file(path: Path, *, option: str | None = None) -> Path:
    """`path` when it names an existing file; else PathError saying what is wrong and what to do.

    `option` (`--events`) is named in the message when the path came from one.
    """
    named = _named(path, option)
    if not path.exists():
        _refuse(path, f"file not found: {named}; check the path")
    if path.is_dir():
        _refuse(path, f"{named} is a folder, not a file; give the file's path")
    return path


def output_file(path: Path, *, option: str | None = None) -> Path:
    """`path` when a file can be written there: its folder exists and it is not itself a folder."""
    named = _named(path, option)
    if path.is_dir():
        _refuse(path, f"{named} is a folder; give a file name to write")
    folder = path.parent
    if not folder.exists():
        _refuse(path, f"cannot write {named}: the folder {folder} does not exist; create it first")
    if not folder.is_dir():
        _refuse(path, f"cannot write {named}: {folder} is not a folder; choose another place")
    return path


def _named(path: Path, option: str | None) -> str:
    return f"{path} (given to {option})" if option else str(path)


def _refuse(path: Path, message: str) -> None:
    raise PathError([Problem(path.name or str(path), message)])
