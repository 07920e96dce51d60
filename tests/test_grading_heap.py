"""The grader turns the garbage collector off for a run and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from helpers.grading.heap import fewer_collections


def test_the_collector_is_off_during_a_run_and_as_before_after_it() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with fewer_collections():
        assert not gc.isenabled() and gc.get_freeze_count() >= frozen
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_failed_run_turns_the_collector_back_on() -> None:
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a run that failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with fewer_collections():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
