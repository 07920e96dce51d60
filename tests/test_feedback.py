"""Feedback text: student-supplied strings stay text in Markdown, and read naturally."""

import html
import random
import re

import mistune

from helpers.scoring.markdown import escape_md


def render(text: str) -> str:
    return mistune.html(text)


def test_html_in_student_text_is_shown_not_run():
    html = render(escape_md("<script>alert(1)</script> <img src=x onerror=alert(1)>"))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_apostrophes_and_quotes_read_as_typed():
    html = render(escape_md("O'Brien said \"fine\""))
    assert html == "<p>O'Brien said &quot;fine&quot;</p>\n"  # a browser shows: O'Brien said "fine"


def test_markdown_syntax_in_student_text_is_literal():
    html = render(escape_md("**bold** [link](http://example.com) # heading"))
    assert "<strong>" not in html and "<a " not in html and "<h1>" not in html


def test_newlines_are_folded_so_a_reason_cannot_start_a_new_block():
    assert "\n" not in escape_md("line one\n\n# not a heading")


def test_escaping_is_html_escape_then_markdown_backslashes():
    # escape_md writes out html.escape(quote=False) so that grading never imports html: the two agree
    special = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")
    rng = random.Random(7)
    alphabet = "&<>\"'\\`*_{}[]()#+-.!|>~ \n\tab&amp;&lt;é€"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        flat = " ".join(text.split())
        assert escape_md(text) == special.sub(r"\\\1", html.escape(flat, quote=False))
