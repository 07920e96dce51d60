"""The timeline chart: a Figure with the expected panels and artists, readable at notebook width."""

from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from factories import check
from matplotlib.figure import Figure
from matplotlib.patches import ConnectionPatch
from PIL import Image

from helpers.case import load_case
from helpers.case.timeline import load_timeline
from helpers.record import new_document
from helpers.views.timeline_chart import plot_timeline


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [fig._suptitle.get_text()]


def test_without_answers_it_draws_two_panels_of_events():
    fig = plot_timeline(load_case("sochi-2015"))
    top, close = fig.axes
    assert isinstance(fig, Figure)
    assert [t.get_text() for t in top.get_yticklabels()][:2] == ["US–Russia diplomacy", "Ukraine"]
    assert len(top.collections) == len(load_timeline(load_case("sochi-2015")).events)
    assert "Minsk II · 12 February" in [t.get_text() for t in close.get_yticklabels()]


def test_the_visit_and_the_publication_window_are_marked():
    fig = plot_timeline(load_case("sochi-2015"))
    close = fig.axes[1]
    assert "Kerry in Sochi" in texts(fig) and "article\npublished" in texts(fig)
    assert any(line.get_xdata()[0] == line.get_xdata()[1] for line in close.get_lines())  # the vertical line


@pytest.mark.parametrize("answers", [None, [], new_document("checks", "sochi-2015"),
                                     [check("c-first", "accurate", committed=False)]])
def test_empty_or_uncommitted_answers_draw_no_claims(answers):
    fig = plot_timeline(load_case("sochi-2015"), answers)
    assert len(fig.axes) == 2 and not [a for a in fig.artists if isinstance(a, ConnectionPatch)]


def test_each_linked_event_gets_a_line_from_its_claim_coloured_by_verdict():
    items = [check("c-s300", "inaccurate", ["e-2015-05-12-kerry-s300", "e-2007-s300-contract"]),
             check("c-first", "accurate", ["e-2013-05-07-kerry-moscow"])]
    fig = plot_timeline(load_case("sochi-2015"), items)
    lines = [a for a in fig.artists if isinstance(a, ConnectionPatch)]
    assert len(fig.axes) == 3 and len(lines) == 3
    assert any("→ Inaccurate" in t for t in texts(fig)) and any("→ Accurate" in t for t in texts(fig))
    assert {tuple(round(c, 3) for c in line.get_edgecolor()[:3]) for line in lines} == {(0.835, 0.369, 0.0),
                                                                                      (0.0, 0.447, 0.698)}


def test_linked_events_are_bold_in_the_close_up():
    fig = plot_timeline(load_case("sochi-2015"), [check("c-s300", "inaccurate", ["e-2015-05-12-kerry-s300"])])
    bold = [t.get_text() for t in fig.axes[1].get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["Kerry S-300 · 12 May"]


def test_it_saves_at_notebook_width(tmp_path: Path):
    fig = plot_timeline(load_case("sochi-2015"), [check("c-first", "accurate", ["e-2013-05-07-kerry-moscow"])])
    fig.savefig(tmp_path / "chart.png", dpi=100)
    width, height = Image.open(tmp_path / "chart.png").size
    assert width == 900 and 700 < height < 1400
