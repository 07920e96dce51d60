"""Grading on every core (``helpers.grading.parallel``): results complete and in order, whatever the copies do."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.grading.parallel import _MAX_CHUNKS, FORK, _chunks, map_chunks_forked

pytestmark = pytest.mark.skipif(not FORK, reason="copies are made with fork only where that is the platform's way")


def map_forked(function, items, processes, **options):
    """``function`` of each item, a chunk at a time (how the grader's jobs are given)."""
    return map_chunks_forked(lambda chunk: [function(item) for item in chunk], items, processes, **options)


@pytest.mark.parametrize("processes", [1, 2, 3, 4])
def test_every_item_comes_back_once_in_order(processes: int):
    items = list(range(500))
    assert map_forked(lambda n: (n, n * n), items, processes) == [(n, n * n) for n in items]


@pytest.mark.parametrize("processes", [1, 2, 3])
@pytest.mark.parametrize("warm", [0, 1, 3])
def test_chunks_are_given_whole_each_item_once_in_order(processes: int, warm: int):
    seen: list[tuple[int, ...]] = []  # the chunks this process was given (a copy's are sent back as results)

    def per_chunk(chunk):
        seen.append(tuple(chunk))
        return [(n, len(chunk), os.getpid()) for n in chunk]

    items = list(range(300))
    done = map_chunks_forked(per_chunk, items, processes, warm=warm, most=16)
    assert [n for n, _, _ in done] == items
    assert all(1 <= size <= 16 for _, size, _ in done[warm:])  # the rest came in chunks of at most ``most``
    assert all(list(chunk) == list(range(chunk[0], chunk[0] + len(chunk))) for chunk in seen)  # whole, in order
    if warm:
        assert seen[0] == tuple(range(warm))  # the first items, alone, before any copy was made


def test_the_copies_do_part_of_the_work():
    parent = os.getpid()
    done_by = map_forked(lambda n: os.getpid(), list(range(400)), 2)
    assert len(done_by) == 400 and parent in done_by  # this process grades too
    assert len(set(done_by)) in (1, 2)  # and usually a copy does some (a busy machine may leave it none)


def test_a_copy_that_dies_loses_nothing():
    parent = os.getpid()

    def square(n: int) -> int:
        if n == 250 and os.getpid() != parent:
            os._exit(3)  # the copy dies in the middle of a chunk
        return n * n

    items = list(range(500))
    assert map_forked(square, items, 2) == [n * n for n in items]


def test_small_jobs_are_done_here():
    parent = os.getpid()
    assert map_forked(lambda n: os.getpid(), [1, 2, 3], 4) == [parent] * 3


def test_work_done_beside_lands_and_its_failure_comes_first(tmp_path):
    from helpers.grading.parallel import beside

    with beside(lambda: (tmp_path / "first").write_text("1")):
        (tmp_path / "second").write_text("2")
    assert (tmp_path / "first").read_text() == "1" and (tmp_path / "second").read_text() == "2"

    def fails() -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "hand"))

    with pytest.raises(PermissionError, match="hand"), beside(fails):
        raise OSError("the later failure")  # the work done beside came first: its failure is the one raised


@given(st.integers(0, 20_000), st.integers(1, 8), st.integers(1, 64))
def test_chunks_cover_every_item_once_in_order_and_end_small(count: int, processes: int, most: int):
    chunks = _chunks(count, processes, most)
    assert [i for chunk in chunks for i in chunk] == list(range(count))
    assert all(chunks) and len(chunks) <= _MAX_CHUNKS
    size = max(1, min(most, count // (processes * 4)), -(-count // _MAX_CHUNKS))
    assert all(len(chunk) <= size for chunk in chunks)
    tail = processes * size
    fits = -(-(count - tail) // size) + -(-tail // (size // 4 or 1)) <= _MAX_CHUNKS
    if size >= 4 and count >= tail and fits:
        # the last chunk per process is a quarter of the others: the processes finish close together
        assert all(len(chunk) <= size // 4 for chunk in chunks[-processes:])
