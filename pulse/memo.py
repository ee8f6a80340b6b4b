"""Work that depends only on a version of the data, done once per version.

The shells keep each frame they read (the workbook's tabs, a week's picture) as one object for as
long as it is current; `remembered` keeps a result for as long as the frames it was computed from
live, keyed on their identity, and lets it go when they are garbage-collected (weakref.finalize).
An edited workbook is read again into new frames, so it never meets an old result.

Callers must never edit what `remembered` returns (nor the frames it was keyed on): the next
caller gets the very same object. A result must not hold its key frames (a view of one would keep
it alive for ever); a new frame taken from them (a filter, a take) does not.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

T = TypeVar("T")

_MISSING = object()
_KEPT: dict[tuple[Hashable, ...], Any] = {}
_WATCHES: dict[tuple[Hashable, ...], list[weakref.finalize[Any, Any]]] = {}


def remembered(
    name: str, frames: tuple[object, ...], compute: Callable[[], T], *extra: Hashable
) -> T:
    """`compute()`, or what it gave for the same `name`, the same `frames` (by identity; None
    allowed) and the same `extra` values while those frames live."""
    key = (name, *(id(frame) for frame in frames), *extra)
    kept = _KEPT.get(key, _MISSING)  # one look: a collection between two could drop it
    if kept is not _MISSING:
        return cast(T, kept)
    value = compute()
    _KEPT[key] = value
    _WATCHES[key] = [weakref.finalize(frame, _forget, key) for frame in frames if frame is not None]
    return value


def _forget(key: tuple[Hashable, ...]) -> None:
    """One of the key's frames is gone: its result, and the watch on the others, go too."""
    _KEPT.pop(key, None)
    for watch in _WATCHES.pop(key, []):
        watch.detach()


def kept() -> int:
    """How many results are kept (for tests)."""
    return len(_KEPT)
