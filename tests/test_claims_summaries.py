"""Notebook 02's table, chart and check-my-work."""

from factories import span
from matplotlib.figure import Figure

from helpers.case import load_case
from helpers.views.claims import count_claims, plot_claims
from helpers.widgets.review import check_my_work
from helpers.widgets.tagging import ClaimTagger


def tagged() -> ClaimTagger:
    tagger = ClaimTagger()
    tagger.widget.spans = [
        span(1, "met for seven hours", "checkable-fact", "t-1"),
        span(1, "mild sanctions regime", "opinion", "t-2"),
        span(9, "Russian troops have not withdrawn their heavy weapons", "checkable-fact", "t-3"),
    ]
    return tagger


def test_counts_per_paragraph_and_type():
    table = count_claims(tagged())
    assert table.loc[1, "Checkable fact"] == 1 and table.loc[1, "Opinion or judgement"] == 1
    assert table.loc[9, "Total"] == 1
    assert list(table.index) == list(range(1, 13))


def test_chart_has_one_bar_series_per_used_type_and_count_labels():
    figure = plot_claims(tagged())
    assert isinstance(figure, Figure)
    ax = figure.axes[0]
    assert [c.get_label() for c in ax.containers] == ["Checkable fact", "Opinion or judgement"]
    assert "3 in all" in ax.get_title()
    assert ax.get_legend() is not None


def test_chart_of_nothing_says_so():
    figure = plot_claims(ClaimTagger())
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert any("Nothing tagged yet" in t for t in texts)


def test_check_without_a_key_says_the_key_is_absent(small_case, monkeypatch):
    (small_case / "key" / "claims.csv").unlink()
    tagger = ClaimTagger(load_case(small_case))
    assert "not part of this copy" in check_my_work(tagger).data


def test_check_with_the_small_key_lists_found_and_missed(small_case):
    tagger = ClaimTagger(load_case(small_case))
    tagger.widget.spans = [span(1, "met for seven hours with President Vladimir Putin", "checkable-fact", "t-1")]
    text = check_my_work(tagger).data
    assert "type matches" in text
    assert "Claims you did not tag" in text
