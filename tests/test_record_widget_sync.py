"""The tagger's side of the browser protocol: edits applied, confirmed once on disk, other views' answers kept."""

from __future__ import annotations

import json

import pytest

from helpers.case import load_case
from helpers.widgets.tagging import ClaimTagger


def span(paragraph: int, quote: str, ident: str, label: str = "checkable-fact") -> dict:
    where = load_case("sochi-2015").locate(quote, paragraph)
    return {"id": ident, "labels": [label], "target": {"paragraph": paragraph, "exact": where.quote,
                                                       "start": where.start, "end": where.end}}


X = span(1, "met for seven hours", "t-x")
Y = span(2, "nothing was accomplished", "t-y", "opinion")
Z = span(1, "the first in two years", "t-z")


def browser_edit(tagger: ClaimTagger, spans: list[dict], seq: int, ops: list[dict]) -> None:
    tagger.widget.set_state({"edit": {"seq": seq, "ops": ops}, "spans": spans})  # as the browser sends it


def test_an_edit_is_applied_and_confirmed_once_on_disk(answers_dir):
    tagger = ClaimTagger()
    browser_edit(tagger, [X], 101, [{"put": X}])
    assert tagger.widget.confirmed == 101
    saved = json.loads(tagger.store.path.read_text(encoding="utf-8"))
    assert [i["id"] for i in saved["items"]] == ["t-x"]


def test_an_older_tab_keeps_what_a_newer_tab_added(answers_dir):
    tab_a = ClaimTagger()
    browser_edit(tab_a, [X], 1, [{"put": X}])
    tab_b = ClaimTagger()
    browser_edit(tab_b, [X, Y], 2, [{"put": Y}])
    browser_edit(tab_a, [X, Z], 3, [{"put": Z}])  # A never drew Y
    assert sorted(s["id"] for s in tab_a.widget.spans) == ["t-x", "t-y", "t-z"]  # and now shows it
    saved = json.loads(tab_a.store.path.read_text(encoding="utf-8"))
    assert sorted(i["id"] for i in saved["items"]) == ["t-x", "t-y", "t-z"]


def test_edits_sent_again_after_a_restart_change_nothing_twice(answers_dir):
    first = ClaimTagger()
    browser_edit(first, [X], 5, [{"put": X}])
    again = ClaimTagger()  # the kernel restarted; the browser re-sends what it had not seen confirmed
    browser_edit(again, [X, Y], 9, [{"put": X}, {"put": Y}])
    assert sorted(s["id"] for s in again.widget.spans) == ["t-x", "t-y"]
    assert again.widget.confirmed == 9
    browser_edit(again, [Y], 10, [{"del": "t-x"}])
    assert [s["id"] for s in again.widget.spans] == ["t-y"]


def test_a_malformed_edit_is_ignored(answers_dir):
    tagger = ClaimTagger()
    browser_edit(tagger, [X], 7, [{"put": {**X, "labels": ["<script>"]}}, {"put": "junk"}, {"del": 3}])
    assert tagger.widget.spans == [] and tagger.store.items == []


def test_an_edit_is_confirmed_only_once_a_failed_write_is_retried(answers_dir, monkeypatch: pytest.MonkeyPatch):
    tagger = ClaimTagger()

    def refuse(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("helpers.record.store.write_atomic", refuse)
    browser_edit(tagger, [X], 11, [{"put": X}])
    assert tagger.widget.confirmed == 0 and "the disk is full" in tagger.widget.status
    monkeypatch.undo()
    tagger.check_notebook_saved()
    assert tagger.widget.confirmed == 11 and "saved to disk" in tagger.widget.status


def test_spans_sent_before_their_edit_are_saved_once(answers_dir):
    tagger = ClaimTagger()  # an older front end sent the spans first: the edit is applied once all the same
    tagger.widget.set_state({"spans": [X], "edit": {"seq": 3, "ops": [{"put": X}]}})
    assert tagger.widget.confirmed == 3 and tagger.store.document["revision"] == 1


def test_spans_set_from_code_are_still_saved(answers_dir):
    tagger = ClaimTagger()
    browser_edit(tagger, [X], 4, [{"put": X}])
    tagger.widget.spans = [X, Y]
    saved = json.loads(tagger.store.path.read_text(encoding="utf-8"))
    assert sorted(i["id"] for i in saved["items"]) == ["t-x", "t-y"]


def test_an_undo_sent_before_the_kernel_answered_the_tag_is_what_the_browser_ends_up_showing(answers_dir):
    """A tag, then Ctrl+Z before the kernel's answer to the tag came back: the browser draws that answer (one
    tag) after it sent the undo, so the kernel's last word must be the record (no tag), even though the undo's
    own span list already equals it."""
    tagger = ClaimTagger()
    sent: list[dict] = []
    tagger.widget._send = lambda msg, buffers=None: sent.append(msg)  # type: ignore[method-assign]
    browser_edit(tagger, [X], 21, [{"put": X}])
    browser_edit(tagger, [], 22, [{"put": X}, {"del": "t-x"}])
    shown = [m["state"]["spans"] for m in sent if m.get("method") == "update" and "spans" in m["state"]]
    assert shown and shown[-1] == [] and tagger.store.items == []
    assert tagger.widget.confirmed == 22
