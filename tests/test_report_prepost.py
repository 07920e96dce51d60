"""The pre/post check: the item bank's format and checks, per-student scoring, the bootstrap interval, the off switch.

The items here are made-up test fixtures (neutral placeholder statements); the Sochi case's own bank is
only checked for its shape (it loads, and the two forms are matched).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from factories import SOCHI
from report_class import ITEMS

from helpers.report.inputs import CaseError, load_case
from helpers.report.prepost import bootstrap_mean_ci, load_items, score_form

HEADER = "id,form,statement,verdict,event_ids,source_ids,explanation,difficulty\n"
GOOD = HEADER + "".join(
    f"p-{form}-{v},{form},Test item ({v}).,{v},e-2015-05-12-putin-talks,s-afp-2015-05-12,Test.,easy\n"
    for form in ("pre", "post") for v in ("sound", "flawed"))


def _case(tmp_path: Path, csv: str | None, extra_yaml: str = "") -> Path:
    folder = tmp_path / "sochi-2015"
    shutil.copytree(SOCHI, folder)
    (folder / "prepost.csv").unlink(missing_ok=True)  # the case's own bank; each test writes its own
    if csv is not None:
        (folder / "prepost.csv").write_text(csv, encoding="utf-8")
    if extra_yaml:
        with (folder / "case.yaml").open("a", encoding="utf-8") as handle:
            handle.write(extra_yaml)
    return folder


def test_an_item_bank_loads(tmp_path: Path) -> None:
    items = load_items(load_case(_case(tmp_path, GOOD)))
    assert items is not None
    assert [(i.id, i.form, i.verdict) for i in items][:2] == [("p-pre-sound", "pre", "sound"),
                                                               ("p-pre-flawed", "pre", "flawed")]


def test_the_sochi_bank_loads_and_its_forms_are_matched() -> None:
    from collections import Counter

    items = load_items(load_case(SOCHI))
    assert items is not None and len({i.id for i in items}) == len(items)
    mix = {form: Counter((i.difficulty, i.verdict) for i in items if i.form == form) for form in ("pre", "post")}
    assert mix["pre"] == mix["post"]
    assert sum(v for (_, verdict), v in mix["pre"].items() if verdict == "sound") == len(items) // 4
    assert not {i.statement for i in items if i.form == "pre"} & {i.statement for i in items if i.form == "post"}


def test_no_file_or_prepost_false_turns_the_check_off(tmp_path: Path) -> None:
    assert load_items(load_case(_case(tmp_path / "a", None))) is None
    assert load_items(load_case(_case(tmp_path / "b", GOOD, "prepost: false\n"))) is None


@pytest.mark.parametrize(("bad", "message"), [
    ("e-2015-05-12-putin-talks,s-afp-2015-05-12", ""),  # control: unchanged row is fine
    ("e-no-such-event,s-afp-2015-05-12", "no event 'e-no-such-event'"),
    ("e-2015-05-12-putin-talks,s-nowhere", "no source 's-nowhere'"),
    (",s-afp-2015-05-12", "needs event_ids and source_ids"),
])
def test_every_item_must_cite_real_events_and_sources(tmp_path: Path, bad: str, message: str) -> None:
    csv = GOOD.replace("e-2015-05-12-putin-talks,s-afp-2015-05-12", bad, 1)
    case = load_case(_case(tmp_path, csv))
    if not message:
        assert load_items(case)
        return
    with pytest.raises(CaseError, match=message) as error:
        load_items(case)
    assert "prepost.csv:2" in str(error.value)


def test_each_form_needs_sound_and_flawed_items(tmp_path: Path) -> None:
    csv = GOOD.replace("p-post-sound,post,Test item (sound).,sound", "p-post-sound,post,Test item (sound).,flawed")
    with pytest.raises(CaseError, match="post form needs both"):
        load_items(load_case(_case(tmp_path, csv)))


def test_calling_everything_flawed_scores_zero_discernment() -> None:
    bank = {i.id: i for i in ITEMS if i.form == "pre"}
    score = score_form([{"id": i, "verdict": "flawed", "confidence": 0.5} for i in bank], bank)
    assert (score.hits, score.flawed, score.false_alarms, score.sound) == (2, 2, 2, 2)
    assert score.discernment == 0
    assert score.brier == pytest.approx(0.25)


def test_unknown_ids_duplicates_and_blank_ratings_are_ignored() -> None:
    bank = {i.id: i for i in ITEMS if i.form == "pre"}
    answers = [{"id": "p-pre-flawed-1", "verdict": "flawed", "confidence": 1.0},
               {"id": "p-pre-flawed-1", "verdict": "sound", "confidence": 1.0},
               {"id": "p-nope", "verdict": "flawed"}, {"id": "p-pre-sound-1", "verdict": ""}]
    score = score_form(answers, bank)
    assert (score.answered, score.hits, score.discernment, score.brier) == (1, 1, None, 0.0)


def test_bootstrap_interval_of_a_constant_is_that_constant() -> None:
    assert bootstrap_mean_ci([0.5, 0.5, 0.5]) == (0.5, 0.5)
    assert bootstrap_mean_ci([1.0]) is None
    low, high = bootstrap_mean_ci([0.0, 1.0] * 20) or (0, 0)
    assert low < 0.5 < high
