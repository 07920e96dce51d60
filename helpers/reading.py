"""Show the article and the kit's label sets as readable HTML, for the first-read and tagging notebooks.

Why: students first meet the article as a page with parts (headline, dek, byline, lede, author note,
site furniture); showing those parts labelled teaches the anatomy of an opinion piece. All text is
escaped: case files are data, never markup.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from IPython.display import HTML

from .case import Case, load_case
from .taxonomy import Label, claim_types

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["paragraph_table", "quoted", "show_anatomy", "show_article", "show_labels"]

_STYLE = """<style>
.mlkit-read{max-width:48rem;line-height:1.65;font-family:var(--jp-content-font-family,system-ui,sans-serif)}
.mlkit-read p{margin:.55rem 0}.mlkit-read .num{display:inline-block;min-width:1.6rem;margin-right:.35rem;
text-align:center;font-size:.75rem;font-weight:700;border-radius:.8rem;background:#e8e8e8;color:#111}
.mlkit-part{border-left:4px solid #0072B2;padding:.1rem .6rem;margin:.5rem 0}
.mlkit-part .tag{display:inline-block;font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;
background:#0072B2;color:#fff;padding:0 .35rem;border-radius:3px;margin-bottom:.15rem}
.mlkit-part.furniture{border-left-color:#999;background:#f3f3f3}.mlkit-part.furniture .tag{background:#555}
.mlkit-table{border-collapse:collapse;max-width:60rem}
.mlkit-table th,.mlkit-table td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left!important;vertical-align:top}
.mlkit-table kbd{border:1px solid #888;border-radius:3px;padding:0 .3rem}
</style>"""


def quoted(text: str) -> str:
    """``text`` in curly quotation marks, unless it already opens with one (a quotation inside the quote)."""
    return text if text[:1] in "“\"‘'" else f"“{text}”"


def _case(case: Case | str) -> Case:
    return case if isinstance(case, Case) else load_case(case)


def show_article(case: Case | str = "sochi-2015") -> HTML:
    """The article as published, with its body paragraphs numbered."""
    c = _case(case)
    parts = [_STYLE, '<div class="mlkit-read">', f"<h2>{html.escape(c.headline)}</h2>"]
    if c.dek:
        parts.append(f"<p><i>{html.escape(c.dek)}</i></p>")
    parts.append(
        f"<p>By {html.escape(str(c.meta.get('author', '')))} · {html.escape(str(c.meta.get('outlet', '')))}"
        f" · {html.escape(str(c.meta.get('published', '')))}</p>"
    )
    for p in c.paragraphs:
        parts.append(
            f'<p><span class="num" aria-label="Paragraph {p.number}">{p.number}</span>{html.escape(p.text)}</p>'
        )
    if c.author_note:
        parts.append(f"<p><i>{html.escape(c.author_note)}</i></p>")
    parts.append("</div>")
    return HTML("".join(parts))


def show_anatomy(case: Case | str = "sochi-2015") -> HTML:
    """The article's parts, each labelled: headline, dek, byline, lede, body, author note, site furniture."""
    c = _case(case)

    def part(tag: str, body: str, extra: str = "") -> str:
        return f'<div class="mlkit-part {extra}"><span class="tag">{html.escape(tag)}</span><div>{body}</div></div>'

    furniture = c.meta.get("site_furniture") or []
    images = [f for f in furniture if f.get("kind") == "image"]
    promos = [f for f in furniture if f.get("kind") != "image"]
    out = [
        _STYLE,
        '<div class="mlkit-read">',
        part("Headline", f"<b>{html.escape(c.headline)}</b>"),
        part("Dek (subheading)", f"<i>{html.escape(c.dek)}</i>"),
    ]
    for item in images:
        out.append(part("Site furniture: image", f"<code>{html.escape(str(item.get('text', '')))}</code>", "furniture"))
    first = c.paragraphs[0]
    lede_end = first.sentences[0][1] if first.sentences else len(first.text)
    out.append(
        part("Lede (the opening that hooks you)", f'<span class="num">1</span>{html.escape(first.text[:lede_end])} …')
    )
    out.append(
        part(f"Body (paragraphs 1–{len(c.paragraphs)})", "The argument: claims, evidence, quotations and judgements.")
    )
    out.append(part("Author note (byline at the foot)", f"<i>{html.escape(c.author_note)}</i>"))
    for item in promos:
        out.append(part("Site furniture: promotion", html.escape(str(item.get("text", ""))), "furniture"))
    out.append("</div>")
    return HTML("".join(out))


def show_labels(labels: tuple[Label, ...] | None = None, case: Case | str = "sochi-2015") -> HTML:
    """A table of labels: key, name, definition, the question to ask, and the article's example."""
    labels = labels or claim_types()
    c = _case(case)
    rows = []
    for label in labels:
        example = label.extra.get("example") or {}
        quote = html.escape(str(example.get("quote", "")))
        where = f"¶{int(example['paragraph'])}: " if example.get("paragraph") else ""
        ask = html.escape(str(label.extra.get("ask", "")))
        swatch = (
            '<span style="display:inline-block;width:.9rem;height:.9rem;'
            f'background:{html.escape(label.color)};border:1px solid #333"></span>'
        )
        rows.append(
            f"<tr><td>{swatch} <kbd>{html.escape(label.key)}</kbd></td><td><b>{html.escape(label.name)}</b></td>"
            f"<td>{html.escape(label.definition)}{'<br><i>Ask: ' + ask + '</i>' if ask else ''}</td>"
            f"<td>{where}{quoted(quote)}</td></tr>"
        )
    head = "<tr><th>Key</th><th>Label</th><th>What it is</th><th>Example from the article</th></tr>"
    caption = f"<caption>Labels used with “{html.escape(c.headline)}”</caption>"
    return HTML(f'{_STYLE}<table class="mlkit-table">{caption}{head}{"".join(rows)}</table>')


def paragraph_table(case: Case | str = "sochi-2015") -> pd.io.formats.style.Styler:
    """The article's structure at a glance: sentences, words and opening words of each paragraph."""
    import pandas as pd

    c = _case(case)
    rows = [
        {
            "paragraph": p.number,
            "sentences": len(p.sentences),
            "words": len(p.text.split()),
            "opens with": " ".join(p.text.split()[:8]) + " …",
        }
        for p in c.paragraphs
    ]
    table = pd.DataFrame(rows).set_index("paragraph")
    return table.style.set_properties(subset=["opens with"], **{"text-align": "left"})
