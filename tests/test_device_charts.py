"""Notebook 04's charts: each returns a Figure with bars, text labels or an image, and empty answers draw a note."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from helpers.activities.rewrite import SIGNALS
from helpers.case import Case, load_case
from helpers.views.device_charts import (
    NOTHING_TAGGED,
    device_counts,
    families_per_paragraph,
    plot_device_counts,
    plot_family_heatmap,
    plot_loaded_density,
    plot_rewrite,
)
from helpers.widgets.rewrite import RewriteExercise
from helpers.widgets.tagging import DeviceTagger

SOCHI = Path(__file__).resolve().parent.parent / "lessons" / "cases" / "sochi-2015"


@pytest.fixture(autouse=True)
def answers_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MLKIT_ANSWERS_DIR", str(tmp_path / "answers"))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    yield
    plt.close("all")


def item(case: Case, paragraph: int, quote: str, *labels: str, ident: str) -> dict:
    where = case.locate(quote, paragraph)
    return {"id": ident, "labels": list(labels),
            "target": {"paragraph": paragraph, "exact": where.quote, "start": where.start, "end": where.end}}


def tagged(case: Case | None = None) -> DeviceTagger:
    tagger = DeviceTagger(case)
    c = tagger.case
    tagger.widget.spans = [
        item(c, 10, "useless placation", "loaded-language", ident="t-1"),
        item(c, 11, "Typically for a man of the Left", "ad-hominem", "stereotyping-or-overgeneralisation", ident="t-2"),
        item(c, 6, "killer chemicals", "loaded-language", ident="t-3"),
    ]
    return tagger


def no_key_case(tmp_path: Path) -> Case:
    folder = tmp_path / "cases" / "sochi-2015"
    shutil.copytree(SOCHI, folder, ignore=shutil.ignore_patterns("key"))
    return load_case(folder)


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


# ---- technique counts ---------------------------------------------------------------------------------------


def test_device_counts_put_student_beside_key():
    table = device_counts(tagged())
    assert table.loc["Loaded language", "you"] == 2
    assert table.loc["Loaded language", "key"] == 15  # 14 in the body and the headline's "Weakness"


def test_counts_chart_draws_two_bars_per_device_shown():
    fig = plot_device_counts(tagged())
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Loaded language" in labels and "Ad hominem" in labels
    containers = fig.axes[0].containers
    assert len(containers) == 2 and all(len(c) == len(labels) for c in containers)
    assert "beside the answer key" in fig.axes[0].get_title()


def test_counts_chart_labels_each_bar_with_its_count():
    fig = plot_device_counts(tagged())
    assert "15" in texts(fig) and "2" in texts(fig)


def test_counts_chart_hatches_the_key_series():
    fig = plot_device_counts(tagged())
    you, key = fig.axes[0].containers
    assert key[0].get_hatch() == "//" and not you[0].get_hatch()


def test_counts_chart_without_a_key_shows_only_the_student_and_says_why(tmp_path: Path):
    fig = plot_device_counts(tagged(no_key_case(tmp_path)))
    assert len(fig.axes[0].containers) == 1
    assert "answer key is not part of this copy" in fig.axes[0].get_title()


def test_counts_chart_with_nothing_tagged_shows_a_note():
    fig = plot_device_counts(DeviceTagger(load_case("sochi-2015")))
    assert fig.axes[0].containers == []
    assert NOTHING_TAGGED in texts(fig)


# ---- paragraph x family heatmap -----------------------------------------------------------------------


def test_families_per_paragraph_counts_each_device_in_its_family():
    table = families_per_paragraph(tagged())
    assert table.loc["Manipulative wording", 10] == 1 and table.loc["Manipulative wording", 6] == 1
    assert table.loc["Attack on reputation", 11] == 1 and table.loc["Simplification", 11] == 1
    assert int(table.to_numpy().sum()) == 4


def test_families_per_paragraph_counts_headline_tags_under_the_headline():
    from factories import span

    tagger = DeviceTagger(load_case("sochi-2015"))
    tagger.widget.spans = [span(0, "Weakness", "loaded-language", "t-h")]
    table = families_per_paragraph(tagger)
    assert list(table.columns[:3]) == [0, -1, 1] and table.loc["Manipulative wording", 0] == 1


def test_heatmap_is_an_image_with_a_count_in_every_cell():
    fig = plot_family_heatmap(tagged())
    ax = fig.axes[0]
    assert len(ax.images) == 1 and ax.images[0].get_cmap().name == "Blues"
    assert len(ax.texts) == 6 * (12 + 2)  # the headline and the standfirst come first
    assert [t.get_text() for t in ax.get_xticklabels()][:3] == ["H", "S", "1"]
    assert sorted(t for t in texts(fig) if t != "0") == ["1", "1", "1", "1"]
    assert ax.get_xlabel() and ax.get_title()


def test_heatmap_with_nothing_tagged_shows_a_note():
    fig = plot_family_heatmap(DeviceTagger(load_case("sochi-2015")))
    assert len(fig.axes[0].images) == 1
    assert NOTHING_TAGGED in texts(fig)


# ---- loaded-language density --------------------------------------------------------------------------


def test_density_chart_has_a_labelled_bar_per_paragraph():
    fig = plot_loaded_density(load_case("sochi-2015"))
    ax = fig.axes[0]
    assert len(ax.containers[0]) == 12
    assert "11.8\n(4)" in texts(fig)
    assert "¶3" in ax.get_title()
    assert ax.get_ylabel() == "Loaded words per 100 words"


# ---- the rewrite --------------------------------------------------------------------------------------


def test_rewrite_chart_with_nothing_written_shows_the_original_and_a_note():
    fig = plot_rewrite(RewriteExercise(load_case("sochi-2015")))
    ax = fig.axes[0]
    assert len(ax.containers) == 1 and len(ax.containers[0]) == 1 + len(SIGNALS)
    assert "Nothing written yet" in ax.get_title()


def test_rewrite_chart_shows_before_and_after():
    exercise = RewriteExercise(load_case("sochi-2015"))
    exercise.set_text("The Administration prefers talks.")
    fig = plot_rewrite(exercise)
    before, after = fig.axes[0].containers
    assert before[0].get_width() == 4 and after[0].get_width() == 0
    assert "Paragraph 3" in fig.axes[0].get_title()
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["Original", "Your rewrite"]
