"""Student identity from the submission's layout, and matching to the class list."""

from __future__ import annotations

from pathlib import Path, PurePath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.grading.identity import identify, normalise_name
from helpers.grading.roster import RosterError, read_roster


def test_nbgrader_submitted_layout_gives_the_student_id_and_assignment() -> None:
    who = identify(PurePath("course/submitted/ks123/media-literacy/02_tag_claims.ipynb"))
    assert (who.student_id, who.source, who.assignment) == ("ks123", "nbgrader", "media-literacy")


def test_nbgrader_exchange_inbound_name_gives_id_assignment_and_time() -> None:
    folder = "ks123+media-literacy+2026-11-30 09:15:02.123456 UTC+Xy_9aBc"
    who = identify(PurePath(f"inbound/{folder}/02_tag_claims.ipynb"))
    assert (who.student_id, who.source, who.assignment) == ("ks123", "exchange", "media-literacy")
    assert who.submitted_at == "2026-11-30 09:15:02.123456 UTC"


def test_canvas_download_name_gives_the_user_id() -> None:
    assert identify(PurePath("smithkaren_48213_991234_02_tag_claims.ipynb")).student_id == "48213"
    late = identify(PurePath("smithkaren_late_48213_991299_02_tag_claims-1.ipynb"))
    assert (late.student_id, late.source) == ("48213", "canvas")


def test_a_folder_per_student_gives_the_folder_name() -> None:
    who = identify(PurePath("ks123/media-literacy/02_tag_claims.ipynb"))
    assert (who.student_id, who.source, who.assignment) == ("ks123", "folder", "media-literacy")


def test_loose_files_fall_back_to_the_name_and_nameless_files_stay_apart() -> None:
    assert identify(PurePath("a.ipynb"), "Karen  Smith").student_id == "name:karen-smith"
    assert identify(PurePath("a.ipynb"), "KAREN SMITH").student_id == "name:karen-smith"
    assert identify(PurePath("a.ipynb"), "").student_id != identify(PurePath("b.ipynb"), "").student_id


def test_names_compare_without_accents_case_or_punctuation() -> None:
    assert normalise_name(" José  O'Neill ") == normalise_name("jose o neill")


def _roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_roster_matches_by_id_then_email_then_whole_name_then_a_unique_first_name(tmp_path: Path) -> None:
    roster = read_roster(_roster(tmp_path, "student_id,name,email,sis_login\n"
                                           "ks123,Karen Smith,karen@school.test,ksmith\n"
                                           "jd9,John Doe,,jdoe\n"
                                           "jd10,John Dee,,\n"))
    assert roster.match(identify(PurePath("ks123/x.ipynb")), "")[0].student_id == "ks123"
    by_email = roster.match(identify(PurePath("x.ipynb"), "karen@school.test"), "karen@school.test")[0]
    assert by_email is roster.entries[0]
    assert roster.match(identify(PurePath("x.ipynb"), "karen smith"), "karen smith") == (roster.entries[0], "")
    entry, note = roster.match(identify(PurePath("x.ipynb"), "karen"), "karen")
    assert entry is roster.entries[0] and "first name only" in note
    entry, note = roster.match(identify(PurePath("x.ipynb"), "john"), "john")
    assert entry is None and "not on the roster" in note


def test_roster_errors_name_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match=r"roster.csv:3: student_id 'A' already on line 2"):
        read_roster(_roster(tmp_path, "student_id,name\na,A\nA,B\n"))
    with pytest.raises(RosterError, match=r"roster.csv:1: the header must include"):
        read_roster(_roster(tmp_path, "id,name\n1,x\n"))
    bad = tmp_path / "roster.csv"
    bad.write_bytes(b"student_id,name\n1,\xff\xfe\n")
    with pytest.raises(RosterError, match="not UTF-8"):
        read_roster(bad)


def test_a_roster_cell_may_hold_a_line_break_and_errors_name_the_line_its_row_starts_on(tmp_path: Path) -> None:
    """A name with a quoted line break, or a character ``str.splitlines`` would split on (U+2028, U+0085), stays
    one student; blank lines are skipped, and a problem names the line its row starts on."""
    text = ('student_id,name\n"s1","Ana\nMaria"\ns2,Bo\u2028Li\n\ns3,Cy\x85Do\n')
    roster = read_roster(_roster(tmp_path, text))
    assert [(e.student_id, e.name) for e in roster.entries] == [
        ("s1", "Ana\nMaria"), ("s2", "Bo\u2028Li"), ("s3", "Cy\x85Do")]
    with pytest.raises(RosterError, match=r"roster.csv:7: student_id 's2' already on line 4"):
        read_roster(_roster(tmp_path, text + "s2,Again\n"))
    with pytest.raises(RosterError, match=r"roster.csv:3: student_id is empty"):
        read_roster(_roster(tmp_path, 'student_id,name\n\n,"No\r\nid"\n'))


@given(st.lists(st.sampled_from(["a", ".", "..", "", "x y", "b\\c", "inbound", "s1+hw+2026-01-01", "submitted",
                                 "k_1_2_f.ipynb", "n.ipynb"]), min_size=1, max_size=6),
       st.sampled_from(["", "Ana", "  "]))
@settings(max_examples=300, deadline=None)
def test_a_relative_path_as_text_identifies_as_the_path_does(parts: list[str], name: str) -> None:
    relative = "/".join(parts)
    assert identify(relative, name) == identify(PurePath(relative), name)
