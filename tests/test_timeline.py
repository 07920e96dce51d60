"""Loading a case's timeline and sources, date ranges, the publication window, and the filterable table."""

import calendar
import datetime as dt
import shutil
from pathlib import Path

import pytest
from factories import SOCHI

from helpers.case import CaseError, load_case
from helpers.case.timeline import _last_day, add_months, date_bounds, filter_events, load_timeline, publication_window
from helpers.views.timeline import filter_timeline, source_html
from helpers.widgets.timeline import explore_timeline


@pytest.fixture
def case_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "cases" / "sochi-2015"
    shutil.copytree(SOCHI, folder)
    return folder


def test_events_load_in_date_order_with_their_sources():
    timeline = load_timeline(load_case("sochi-2015"))
    firsts = [e.first for e in timeline.events]
    assert firsts == sorted(firsts) and len(timeline.events) > 40
    assert all(timeline.sources_of(e) for e in timeline.events)


def test_a_month_means_every_day_of_that_month():
    assert date_bounds("2015-05") == (dt.date(2015, 5, 1), dt.date(2015, 5, 31))
    assert date_bounds("2016-02", "month")[1] == dt.date(2016, 2, 29)
    assert date_bounds("2007") == (dt.date(2007, 1, 1), dt.date(2007, 12, 31))


def test_a_months_last_day_is_the_calendars_for_every_month_of_every_year():
    assert all(_last_day(y, m) == calendar.monthrange(y, m)[1] for y in range(dt.MINYEAR, dt.MAXYEAR + 1)
               for m in range(1, 13))
    assert date_bounds("9999-12") == (dt.date(9999, 12, 1), dt.date(9999, 12, 31))
    assert add_months(dt.date(2016, 1, 31), 1) == dt.date(2016, 2, 29)
    assert add_months(dt.date(2015, 3, 31), -1) == dt.date(2015, 2, 28)


def test_a_date_that_disagrees_with_its_precision_is_an_error():
    with pytest.raises(ValueError, match="precision day"):
        date_bounds("2015-05", "day")


def test_the_publication_window_starts_no_earlier_than_the_text_allows():
    assert publication_window(load_case("sochi-2015")) == (dt.date(2015, 5, 12), dt.date(2015, 5, 31))


def test_an_unknown_category_names_the_file_and_line(case_copy: Path):
    path = case_copy / "timeline.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",iran,", ",weather,", 1) if ",iran," in lines[3] else lines[3].replace(
        ",syria,", ",weather,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"timeline.csv:4: category 'weather'"):
        load_timeline(load_case(case_copy))


def test_an_unknown_source_names_the_file_and_line(case_copy: Path):
    path = case_copy / "timeline.csv"
    text = path.read_text(encoding="utf-8").replace("s-ap-2015-04-02-lausanne", "s-nowhere", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError, match=r"timeline.csv:\d+: cites unknown source"):
        load_timeline(load_case(case_copy))


def test_short_labels_keep_abbreviations_and_names_readable():
    timeline = load_timeline(load_case("sochi-2015"))
    assert timeline.event("e-2015-02-12-minsk-ii").short == "Minsk II"
    assert timeline.event("e-2015-05-12-kerry-s300").short == "Kerry S-300"


def test_filters_combine_category_dates_and_words():
    timeline = load_timeline(load_case("sochi-2015"))
    chosen = filter_events(timeline, "Iran", "2015", "2015", "S-300")
    expected = ["e-2015-04-02-lausanne", "e-2015-04-13-s300-ban-lifted", "e-2015-05-12-kerry-s300"]
    assert [e.id for e in chosen] == expected
    assert all(e.category == "iran" and e.first.year == 2015 for e in chosen)


def test_the_table_filters_by_category_name_or_id():
    case = load_case("sochi-2015")
    assert filter_timeline(case, category="Iran").equals(filter_timeline(case, category="iran"))
    assert set(filter_timeline(case, category="Iran")["category"]) == {"Iran"}


def test_a_source_is_linked_only_when_it_has_an_address():
    timeline = load_timeline(load_case("sochi-2015"))
    linked = next(s for s in timeline.sources.values() if s.url)
    plain = next(s for s in timeline.sources.values() if not s.url)
    assert "<a href=" in source_html(linked) and "<a " not in source_html(plain)


def test_source_text_is_escaped(case_copy: Path):
    path = case_copy / "sources.csv"
    text = path.read_text(encoding="utf-8").replace("Reuters", "<script>x</script>", 1)
    path.write_text(text, encoding="utf-8")
    timeline = load_timeline(load_case(case_copy))
    shown = [source_html(s) for s in timeline.sources.values()]
    assert not any("<script>" in s for s in shown) and any("&lt;script&gt;" in s for s in shown)


def test_the_filter_widget_counts_what_it_shows():
    box = explore_timeline(load_case("sochi-2015"))
    category = box.children[0].children[0]
    category.value = "iran"
    iran = sum(1 for e in load_timeline(load_case("sochi-2015")).events if e.category == "iran")
    assert f"of {iran} events (filtered from" in box.children[2].value


def test_the_time_words_table_shows_each_phrase_with_its_event():
    from helpers.views.timeline import show_time_phrases

    shown = show_time_phrases(load_case("sochi-2015")).data
    assert "“a couple years ago”" in shown and "Ghouta (21 August 2013)" in shown
    assert "12 May 2012 – 31 May 2014" in shown
