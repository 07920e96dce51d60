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


# ---- end to end: saved notebooks in, the class's change with its uncertainty out -------------------------------

def _rated(items: list, *, all_flawed: bool, confidence: float) -> list[dict]:
    return [{"id": i.id, "verdict": "flawed" if all_flawed else i.verdict, "confidence": confidence} for i in items]


def _saved_class(folder: Path) -> None:
    """Nine students hand in notebooks 00 and 05 through the kit's answer store (the widget's path):
    s01–s06 call every pre item flawed at 50% and rate every post item right at 100%; s07–s08 rate both forms
    right at 100%; s09 did only the pre-check, all right at 90%."""
    from factories import saved_notebook

    bank = load_items(load_case(SOCHI)) or ()
    pre, post = [i for i in bank if i.form == "pre"], [i for i in bank if i.form == "post"]
    for n in range(1, 10):
        sid = f"s{n:02d}"
        before = _rated(pre, all_flawed=n <= 6, confidence=0.5 if n <= 6 else 1.0 if n <= 8 else 0.9)
        saved_notebook(folder / sid / "00_welcome.ipynb", f"Student {n}", before, "pre-check")
        if n <= 8:
            saved_notebook(folder / sid / "05_wrap_up.ipynb", f"Student {n}",
                           _rated(post, all_flawed=False, confidence=1.0), "post-check")


def test_saved_notebooks_give_the_known_gain_with_its_interval(tmp_path: Path) -> None:
    from helpers.report.build import report_folder
    from helpers.report.page import page

    _saved_class(tmp_path / "subs")
    report = report_folder(tmp_path / "subs", "sochi-2015")
    p = report.prepost
    assert p is not None and (len(p.pre), len(p.post)) == (9, 8)
    # Hand-worked. Each form has 5 sound and 5 flawed items. All flawed: H = 5/5, F = 5/5, discernment 0;
    # all right: H = 1, F = 0, discernment 1. Pre mean (6 × 0 + 3 × 1) / 9 = 1/3; post mean 1.
    assert p.form_mean("pre", "discernment") == pytest.approx(1 / 3)
    assert p.form_mean("post", "discernment") == pytest.approx(1.0)
    # Paired (s01–s08): six gains of 1, two of 0: mean 6/8 = 0.75.
    assert sorted(p.paired_discernment) == [0.0] * 2 + [1.0] * 6
    assert p.mean(p.paired_discernment) == pytest.approx(0.75)
    # Brier: 50% sure on every item is (0.5 − right)² = 0.25 whatever the rating; 100% sure and right is 0.
    # s01–s06 go 0.25 → 0, s07–s08 0 → 0: mean change −1.5 / 8 = −0.1875.
    assert p.form_mean("pre", "brier") == pytest.approx((6 * 0.25 + 2 * 0 + 0.1 ** 2) / 9)
    assert p.mean(p.paired_brier) == pytest.approx(-0.1875)
    # Bootstrap of the mean of [1 × 6, 0 × 2]: resampled means are k/8 with k ~ Binomial(8, 0.75).
    # P(k ≤ 7) = 0.90, so the 97.5th percentile is 8/8. P(k ≤ 3) = 0.027 is so near 0.025 that the draw
    # decides between 3/8 and 4/8 for the 2.5th (the 51st of 2,000 sorted means): seed 0 draws 42 means
    # of 3/8 or less, so it is 4/8.
    low, high = bootstrap_mean_ci(p.paired_discernment) or (0, 0)
    assert (low, high) == (0.5, 1.0)
    html = page(report)
    assert "change +0.75 (95% CI +0.50 to +1.00)" in html
    assert "The interval is above zero" in html
    assert "9 students answered the pre-check and 8 the post-check; 8 answered both." in html
    rows = {r.student_id: r.status for r in report.progress}
    assert rows["s01"]["pre-check"] == rows["s01"]["post-check"] == "handed in"
    assert rows["s09"]["post-check"] == "not started"


def test_the_class_switch_leaves_the_section_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.report.build import report_folder

    _saved_class(tmp_path / "subs")
    switches = tmp_path / "class.yaml"
    switches.write_text("prepost: false\n", encoding="utf-8")
    monkeypatch.setenv("MLKIT_CLASS", str(switches))
    assert report_folder(tmp_path / "subs", "sochi-2015").prepost is None
