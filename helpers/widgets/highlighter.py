"""The highlighter widget: an article in which students select spans and label them.

Why anywidget: selecting part of a text node and keyboard navigation need a custom front end, and
anywidget loads one plain ES module in JupyterLab 4 and Notebook 7 with no build step. All state is in
synced traits; the kernel treats what the browser sends as untrusted and keeps only well-formed spans.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from ..case.article import place_short
from ..case.model import Case
from ..views.style import palette_css
from .frontend import STATIC, module

__all__ = ["Highlighter"]



class Highlighter(anywidget.AnyWidget):
    """Shows paragraphs, lets the student highlight and label spans; ``spans`` holds the answers."""

    _esm = module("highlighter.js")
    _css = palette_css(".mlkit-hl") + (STATIC / "highlighter.css").read_text(encoding="utf-8")

    paragraphs: traitlets.List[Any] = traitlets.List().tag(sync=True)
    labels: traitlets.List[Any] = traitlets.List().tag(sync=True)
    # echo_update=False: ipywidgets would send the browser's own spans and edits straight back before the kernel
    # handles them (serialising every span on the way), which delays the save; the kernel sends the spans it
    # saved to every view instead (``SpanTagger._show_record``).
    spans: traitlets.List[Any] = traitlets.List().tag(sync=True, echo_update=False)
    header = traitlets.Dict().tag(sync=True)
    multi_label = traitlets.Bool(False).tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    status_level = traitlets.Unicode("info").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)  # a nudge about a tag of a clearly wrong kind; never the key
    ack = traitlets.Int(0).tag(sync=True)  # bumped when the kernel has handled a change: ends "working…"
    # Durability: the browser sends each change also as edits ({"seq", "ops": [{"put": span} | {"del": id}]}),
    # keeps them (browser storage, under storage_key) until the kernel sets confirmed >= seq, and re-sends
    # unconfirmed ones to a new kernel.
    edit = traitlets.Dict().tag(sync=True, echo_update=False)
    confirmed = traitlets.Int(0).tag(sync=True)
    storage_key = traitlets.Unicode("").tag(sync=True)

    @classmethod
    def for_case(cls, case: Case, labels: list[dict[str, Any]], multi_label: bool = False,
                 paragraphs: tuple[int, ...] = ()) -> Highlighter:
        """A highlighter showing ``case``'s article (only ``paragraphs``, when a teacher chose some) with
        ``labels`` to choose from. The headline (0) and standfirst (-1) are rows to tag like the paragraphs,
        labelled by name; when a teacher's choice leaves them out they are shown as a plain title instead."""
        rows = [p for p in (*case.parts(), *case.paragraphs) if not paragraphs or p.number in paragraphs]
        tagged = {p.number for p in rows}
        return cls(
            paragraphs=[
                {"number": p.number, "text": p.text, "sentences": [list(s) for s in p.sentences],
                 **({"label": place_short(p.number)} if p.number < 1 else {})}
                for p in rows
            ],
            labels=labels,
            header={
                "headline": "" if 0 in tagged else case.headline,
                "dek": "" if -1 in tagged else case.dek,
                "byline": f"By {case.meta.get('author', '')}, {case.meta.get('outlet', '')}",
                "note": case.author_note,
            },
            multi_label=multi_label,
        )
