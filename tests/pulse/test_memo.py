import gc
from collections.abc import Callable

import pandas as pd

from pulse import memo


def _counting() -> tuple[list[int], Callable[[], int]]:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return calls, compute


def test_the_same_frames_compute_once() -> None:
    frame = pd.DataFrame({"a": [1, 2]})
    calls, compute = _counting()
    first = memo.remembered("t1", (frame, None), compute)
    second = memo.remembered("t1", (frame, None), compute)
    assert (first, second, len(calls)) == (1, 1, 1)


def test_another_frame_an_equal_one_or_another_name_computes_again() -> None:
    frame, equal = pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1]})
    calls, compute = _counting()
    memo.remembered("t2", (frame,), compute)
    memo.remembered("t2", (equal,), compute)
    memo.remembered("t2-other", (frame,), compute)
    memo.remembered("t2", (frame,), compute, "2026-11-09")
    assert len(calls) == 4


def test_a_collected_frame_takes_its_result_with_it() -> None:
    kept, other = pd.DataFrame({"a": [1]}), pd.DataFrame({"b": [2]})
    before = memo.kept()
    memo.remembered("t3", (kept, other), lambda: "result")
    memo.remembered("t3-alone", (other,), lambda: "stays")
    assert memo.kept() == before + 2
    del kept
    gc.collect()
    assert memo.kept() == before + 1  # the pair's result went; `other` alone still has its own
    calls, compute = _counting()
    assert memo.remembered("t3-alone", (other,), compute) == "stays"
    assert calls == []
