"""Time words found in any text and read against a publication window and a timeline."""

import datetime as dt

import pandas as pd

from helpers.case import load_case
from helpers.case.time_phrases import find_time_phrases, resolve_time_phrases
from helpers.case.timeline import Event, date_bounds
from helpers.views.timeline import tabulate_time_phrases

D = dt.date
WEDNESDAY = (D(2021, 3, 10), D(2021, 3, 10))


def event(ident: str, date: str, summary: str) -> Event:
    first, last = date_bounds(date)
    precision = {10: "day", 7: "month", 4: "year"}[len(date)]
    return Event(ident, date, precision, "news", summary, ("s-1",), "high", "", first, last)


def one(text: str, window: tuple[dt.date, dt.date] = WEDNESDAY):
    found = find_time_phrases(text, window)
    assert len(found) == 1, found
    return found[0]


def test_every_kind_of_phrase_is_found():
    text = ("Three weeks ago the council voted. The first summit in five years opened yesterday. It marks the "
            "25th anniversary of the treaty, a 40-year-old agreement. Last month prices rose; since 2019 they "
            "have doubled. In March 2020 the border closed. Recently the talks resumed. A few years ago nobody "
            "cared, and over the past two decades little changed.")
    kinds = {p.kind for p in find_time_phrases(text, WEDNESDAY)}
    assert kinds == {"ago", "first-in", "day", "anniversary", "age", "period", "since", "date", "recent", "past"}


def test_n_units_ago_points_at_a_day_with_half_a_unit_either_side():
    phrase = one("Three weeks ago the council voted.")
    assert phrase.nominal == D(2021, 2, 17)
    assert (phrase.first, phrase.last) == (D(2021, 2, 13), D(2021, 2, 20))


def test_numbers_may_be_written_as_words_with_a_hyphen():
    assert one("Twenty-five years ago it opened.").nominal == D(1996, 3, 10)


def test_a_couple_allows_one_to_three():
    phrase = one("A couple of years ago it rained.")
    assert (phrase.first, phrase.last, phrase.nominal) == (D(2018, 3, 10), D(2020, 3, 10), D(2019, 3, 10))


def test_last_week_is_the_calendar_week_before_publication():
    phrase = one("Last week the minister resigned.")
    assert (phrase.first, phrase.last) == (D(2021, 3, 1), D(2021, 3, 7))


def test_last_month_from_a_month_long_window_is_the_month_before():
    phrase = one("Last month the price doubled.", (D(2021, 3, 1), D(2021, 3, 31)))
    assert (phrase.first, phrase.last) == (D(2021, 2, 1), D(2021, 2, 28))


def test_absolute_dates_are_read_as_written():
    assert (one("Since 2019 it has grown.").first, one("Since 2019 it has grown.").last) == (D(2019, 1, 1),
                                                                                          D(2019, 12, 31))
    phrase = one("In March 2020 the border closed.")
    assert (phrase.first, phrase.last) == (D(2020, 3, 1), D(2020, 3, 31))


def test_yesterday_moves_the_window_back_a_day():
    phrase = one("Yesterday the talks ended.")
    assert (phrase.first, phrase.last) == (D(2021, 3, 9), D(2021, 3, 9))


def test_in_the_first_place_is_not_a_time_phrase():
    assert find_time_phrases("They had seized it in the first place.", WEDNESDAY) == []


def test_the_event_is_the_one_sharing_the_most_words_and_the_offset_is_signed():
    events = [
        event("e-dam", "2019-06-01", "The Riverside dam burst, flooding the valley."),
        event("e-vote", "2019-09-01", "Elections were held across the country."),
    ]
    table = pd.DataFrame(resolve_time_phrases("A couple of years ago the dam burst in the valley.",
                                              (D(2021, 9, 15), D(2021, 9, 15)), events))
    row = table.iloc[0]
    assert row["event_id"] == "e-dam" and row["before publication"] == "27 months"
    assert row["off_by_days"] < -90 and "longer ago" in row["how far off"] and row["fits"]


def test_an_event_inside_the_range_beats_a_wordier_one_outside_it():
    events = [
        event("e-old", "2001-05-01", "The mayor opened the new bridge over the river with a parade."),
        event("e-new", "2021-01-20", "The new bridge opened."),
    ]
    table = pd.DataFrame(
        resolve_time_phrases("Recently the mayor opened the new bridge over the river.", WEDNESDAY, events))
    assert table.iloc[0]["event_id"] == "e-new"
    assert table.iloc[0]["similar words"] == "Old (1 May 2001)"


def test_an_anniversary_fits_an_event_that_marks_it():
    events = [event("e-parade", "2021-08-24", "A parade marked the 30th anniversary of independence.")]
    table = pd.DataFrame(resolve_time_phrases("Crowds celebrated the 30th anniversary of independence.",
                                              (D(2021, 8, 25), D(2021, 8, 25)), events))
    assert table.iloc[0]["fits"] and "marks the anniversary of August 1991" in table.iloc[0]["how far off"]


def test_without_a_related_event_the_phrase_is_still_listed():
    table = pd.DataFrame(resolve_time_phrases("Two days ago it snowed.", WEDNESDAY, []))
    assert list(table["phrase"]) == ["Two days ago"]
    assert table.iloc[0]["how far off"] == "no related event in the timeline"


def test_the_sochi_article_time_words_are_resolved():
    table = tabulate_time_phrases(load_case("sochi-2015")).set_index("phrase")
    assert {"Last week", "the first in two years", "a couple years ago", "70-year-old victory", "recent sale"} <= set(
        table.index)
    couple = table.loc["a couple years ago"]
    assert couple["event_id"] == "e-2013-08-21-ghouta" and couple["before publication"] == "21 months"
    assert "3 months more recent" in couple["how far off"]
    assert table.loc["the first in two years", "event_id"] == "e-2013-05-07-kerry-moscow"
    assert "S-300 contract (2007)" in table.loc["recent sale", "similar words"]
    assert table["fits"].all()
