"""Show the article and the kit's label sets as readable HTML, for the first-read and tagging notebooks.

Why: students first meet the article as a page with parts (headline, dek, byline, lede, author note,
site furniture); showing those parts labelled teaches the anatomy of an opinion piece. All text is
escaped: case files are data, never markup.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import HTML

from ..case.model import Case
from ..case.taxonomy import Label, load_claim_types
from ..case.teaching import label_example, worked_example
from .style import simple_markdown as render_markdown
from .style import styled, swatch

__all__ = ["paragraph_table", "quoted", "show_anatomy", "show_article", "show_claim_types", "show_labels"]

def quoted(text: str) -> str:
    """``text`` in curly quotation marks, unless it already opens with one (a quotation inside the quote)."""
    return text if text[:1] in "“\"‘'" else f"“{text}”"


def show_article(case: Case) -> HTML:
    """The article as published, with its body paragraphs numbered."""
    c = case
    parts = ['<div class="mlkit-read">', f"<h2>{html.escape(c.headline)}</h2>"]
    if c.dek:
        parts.append(f"<p><i>{html.escape(c.dek)}</i></p>")
    parts.append(
        f"<p>By {html.escape(str(c.meta.get('author', '')))} · {html.escape(str(c.meta.get('outlet', '')))}"
        f" · {html.escape(str(c.meta.get('published', '')))}</p>"
    )
    for p in c.paragraphs:
        parts.append(
            f'<p><span class="mlkit-num" aria-label="Paragraph {p.number}">{p.number}</span>{html.escape(p.text)}</p>'
        )
    if c.author_note:
        parts.append(f"<p><i>{html.escape(c.author_note)}</i></p>")
    parts.append("</div>")
    return HTML(styled("".join(parts)))


def show_anatomy(case: Case) -> HTML:
    """The article's parts, each labelled: headline, dek, byline, lede, body, author note, site furniture."""
    c = case

    def part(tag: str, body: str, extra: str = "") -> str:
        return f'<div class="mlkit-part {extra}"><span class="tag">{html.escape(tag)}</span><div>{body}</div></div>'

    furniture = c.meta.get("site_furniture") or []
    images = [f for f in furniture if f.get("kind") == "image"]
    promos = [f for f in furniture if f.get("kind") != "image"]
    out = [
        '<div class="mlkit-read">',
        part("Headline", f"<b>{html.escape(c.headline)}</b>"),
    ]
    if c.dek.strip():  # not every article has a dek or an author note: an empty labelled row would puzzle
        out.append(part("Dek (subheading)", f"<i>{html.escape(c.dek)}</i>"))
    for item in images:
        out.append(part("Site furniture: image", html.escape(describe_image(item)), "furniture"))
    first = c.paragraphs[0]
    lede_end = first.sentences[0][1] if first.sentences else len(first.text)
    out.append(
        part("Lede (the opening that hooks you)",
             f'<span class="mlkit-num">1</span>{html.escape(first.text[:lede_end])} …')
    )
    out.append(
        part(f"Body (paragraphs 1–{len(c.paragraphs)})", "The argument: claims, evidence, quotations and judgements.")
    )
    if c.author_note.strip():
        out.append(part("Author note (byline at the foot)", f"<i>{html.escape(c.author_note)}</i>"))
    for item in promos:
        out.append(part("Site furniture: promotion", html.escape(str(item.get("text", ""))), "furniture"))
    out.append("</div>")
    return HTML(styled("".join(out)))


def show_claim_types(case: Case) -> HTML:
    """The claim types as a table with the article's example of each, then the case's worked example."""
    table = show_labels(load_claim_types(), case, "claim_types").data
    worked = worked_example(case, "tag-claims")
    if worked:
        table += styled(f'<div class="mlkit-worked"><h4>A worked example</h4>{render_markdown(worked)}</div>')
    return HTML(table)


def show_labels(labels: tuple[Label, ...], case: Case, kind: str = "claim_types") -> HTML:
    """A table of labels: key, name, definition, the question to ask, and the article's example (from the
    case's teaching.yaml or its key; ``kind`` is claim_types, verdicts or devices)."""
    c = case
    rows = []
    for label in labels:
        example = label_example(c, kind, label.id)
        shown = f"{example.where}: {quoted(html.escape(example.quote))}" if example else "<i>None in the key yet.</i>"
        ask = html.escape(str(label.extra.get("ask", "")))
        rows.append(
            f"<tr><td>{swatch(label.color)} <kbd>{html.escape(label.key)}</kbd></td>"
            f"<td><b>{html.escape(label.name)}</b></td>"
            f"<td>{html.escape(label.definition)}{'<br><i>Ask: ' + ask + '</i>' if ask else ''}</td>"
            f"<td>{shown}</td></tr>"
        )
    head = "<tr><th>Key</th><th>Label</th><th>What it is</th><th>Example from the article</th></tr>"
    caption = f"<caption>Labels used with “{html.escape(c.headline)}”</caption>"
    return HTML(styled(f'<table class="mlkit-table">{caption}{head}{"".join(rows)}</table>'))


def paragraph_table(case: Case) -> pd.io.formats.style.Styler:
    """The article's structure at a glance: sentences, words and opening words of each paragraph."""
    c = case
    rows = [
        {
            "paragraph": p.number,
            "sentences": len(p.sentences),
            "words": len(p.text.split()),
            "opens with": " ".join(p.text.split()[:8]) + " …",
        }
        for p in c.paragraphs
    ]
    table = pd.DataFrame(rows)
    return (table.style.hide(axis="index")  # one header row: the paragraph number is a column like the others
            .set_properties(subset=["opens with"], **{"text-align": "left"})
            .set_table_styles([{"selector": "th.col3", "props": "text-align: left"}]))


def describe_image(item: dict[str, object]) -> str:
    """An image of the site furniture in words: its ``description`` in case.yaml, else what its file name says
    (the kit has only the link, never the picture, so a raw ``[](/sites/…jpg)`` link is never shown)."""
    if item.get("description"):
        return str(item["description"])
    link = str(item.get("text", ""))
    name = re.sub(r"\.(jpe?g|png|gif|webp)\W*$", "", link.rsplit("/", 1)[-1], flags=re.IGNORECASE)
    words = " ".join(w for w in re.split(r"[-_\s]+", name) if w)
    return (f"A picture sat here, above the first paragraph. Only its file name reached us: “{words}”, "
            "which suggests a photo of the person named, credited to the sites named. Who chose it, and what "
            "does a picture put beside a headline do?" if words else "A picture sat here; it did not reach us.")
