"""The one check every path goes through (connectors/paths.py): a file to read must exist and
not be a folder; a file to write needs an existing folder and must not be a folder itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.errors import InputError, PathError
from connectors.paths import input_file, output_file


def refusal(check: object, path: Path, **options: str) -> str:
    with pytest.raises(PathError) as refused:
        check(path, **options)  # type: ignore[operator]
    [problem] = refused.value.problems
    return str(problem)


def test_an_existing_file_is_given_back(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text("ticket\n")
    assert input_file(path) == path


def test_a_missing_file_says_so_and_names_the_option(tmp_path: Path) -> None:
    gone = tmp_path / "gone.csv"
    assert refusal(input_file, gone) == f"gone.csv: file not found: {gone}; check the path"
    assert refusal(input_file, gone, option="--events") == (
        f"gone.csv: file not found: {gone} (given to --events); check the path"
    )


def test_a_folder_is_not_a_file_to_read(tmp_path: Path) -> None:
    assert refusal(input_file, tmp_path, option="--tickets") == (
        f"{tmp_path.name}: {tmp_path} (given to --tickets) is a folder, not a file; give the "
        "file's path"
    )


def test_a_new_file_in_an_existing_folder_may_be_written(tmp_path: Path) -> None:
    assert output_file(tmp_path / "out.xlsx") == tmp_path / "out.xlsx"


def test_a_place_to_write_needs_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "out.xlsx"
    assert refusal(output_file, out, option="--out") == (
        f"out.xlsx: cannot write {out} (given to --out): the folder {tmp_path / 'missing'} "
        "does not exist; create it first"
    )
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert refusal(output_file, plain / "out.xlsx") == (
        f"out.xlsx: cannot write {plain / 'out.xlsx'}: {plain} is not a folder; choose another "
        "place"
    )


def test_a_folder_is_not_a_file_to_write(tmp_path: Path) -> None:
    assert refusal(output_file, tmp_path) == (
        f"{tmp_path.name}: {tmp_path} is a folder; give a file name to write"
    )


def test_a_path_error_is_an_input_problem_the_app_shows_like_any_other(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        input_file(tmp_path / "gone.xlsx")


# --- special files: devices, FIFOs, sockets, and links to them, are refused before any open ----


@pytest.fixture
def specials(tmp_path: Path) -> dict[str, Path]:
    """A FIFO, a listening socket, and links to devices (links, so a regression replaces the
    link in tmp_path, never the device itself)."""
    import os
    import socket

    fifo = tmp_path / "fifo.xlsx"
    os.mkfifo(fifo)
    sock = tmp_path / "sock.xlsx"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(sock))
    links = {"null.xlsx": "/dev/null", "full.xlsx": "/dev/full", "zero.xlsx": "/dev/zero"}
    for name, device in links.items():
        (tmp_path / name).symlink_to(device)
    return {"fifo": fifo, "socket": sock, **{n: tmp_path / n for n in links}}


KINDS = {
    "fifo": "a pipe (FIFO)",
    "socket": "a socket",
    "null.xlsx": "a device",
    "full.xlsx": "a device",
    "zero.xlsx": "a device",
}


@pytest.mark.parametrize("case", sorted(KINDS))
def test_a_special_file_is_never_read(specials: dict[str, Path], case: str) -> None:
    path = specials[case]
    assert refusal(input_file, path, option="--tickets") == (
        f"{path.name}: cannot read {path} (given to --tickets): it is {KINDS[case]}, not a "
        "file; give a file's path"
    )


@pytest.mark.parametrize("case", sorted(KINDS))
def test_a_special_file_is_never_written(specials: dict[str, Path], case: str) -> None:
    path = specials[case]
    assert refusal(output_file, path, option="--out") == (
        f"{path.name}: cannot write {path} (given to --out): it is {KINDS[case]}, not a "
        "file; give a file's path"
    )


def test_a_link_to_a_regular_file_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "real.xlsx"
    target.write_bytes(b"x")
    link = tmp_path / "link.xlsx"
    link.symlink_to(target)
    assert input_file(link) == link
    assert output_file(link) == link
