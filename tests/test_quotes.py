"""Quote finding forgives typography and spacing but maps back to the published characters."""

from helpers.case.quotes import find_all, find_quote, normalise

TEXT = "Kerry said “no substitute” for talks.\u00a0 Putin’s  view was  different."


def test_straight_quotes_match_curly_ones():
    match = find_quote(TEXT, 'said "no substitute"')
    assert match is not None
    assert TEXT[match.start : match.end] == "said “no substitute”"


def test_runs_of_white_space_and_no_break_spaces_match_one_space():
    match = find_quote(TEXT, "talks. Putin's view was different.")
    assert match is not None
    assert TEXT[match.end - 1] == "."
    assert TEXT[match.start : match.start + 5] == "talks"


def test_missing_quote_gives_none():
    assert find_quote(TEXT, "seven hours") is None


def test_ambiguous_quote_gives_none_but_find_all_lists_both():
    text = "weak and weak again"
    assert find_quote(text, "weak") is None
    assert [(m.start, m.end) for m in find_all(text, "weak")] == [(0, 4), (9, 13)]


def test_empty_quote_matches_nothing():
    assert find_all(TEXT, "   ") == []


def test_normalise_folds_dashes_and_quotes():
    assert normalise("a — “b”  ‘c’") == "a - \"b\" 'c'"
