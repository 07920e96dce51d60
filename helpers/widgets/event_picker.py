"""The event picker inside notebook 03's checking widget: the timeline as a filterable list of events,
each with its sources, a box to link it to the claim and the role it plays (supports, contradicts, context).

Why a component of its own: filtering (category, years, words, "only linked") and linking are one job
that the checking widget only reads and resets, and every control in it is a native checkbox, select or
text box, so it works with Tab, Space and the arrow keys.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..case.timeline import Timeline, filter_events
from ..record.types import LinkedEvent
from ..views.timeline import source_html
from .drafts import Draft

__all__ = ["ROLES", "EventPicker"]

ROLES = (("supports the claim", "supports"), ("contradicts the claim", "contradicts"), ("gives context", "context"))


# A case whose timeline has no events yet: no filters over nothing, one plain sentence instead.
NO_EVENTS_TO_LINK = ("<p role=\"status\"><i>This article's timeline has no events yet, so there is nothing to "
                     "link: name your evidence in your own words in step 4.</i></p>")


class EventPicker:
    """Filters over the timeline and a scrolling list of events to link; ``linked()`` is the answer."""

    def __init__(self, timeline: Timeline, on_change: Callable[[], None],
                 placeholder: str = "a word from the article") -> None:
        self.timeline = timeline
        self._on_change = on_change
        self._quiet = False
        t = timeline
        years = sorted({str(y) for e in t.events for y in range(e.first.year, e.last.year + 1)}) or ["—"]
        self.category = widgets.Dropdown(options=[("All categories", "")] + [(n, c) for c, n in t.categories],
                                         description="Category")
        self.years = widgets.SelectionRangeSlider(options=years, index=(0, len(years) - 1), description="Years",
                                                  layout=widgets.Layout(width="24rem"))
        self.words = widgets.Text(placeholder=placeholder, description="Words")
        self.only_linked = widgets.Checkbox(description="Only events I linked", indent=False)
        self.boxes: dict[str, widgets.Checkbox] = {}
        self.roles: dict[str, widgets.Dropdown] = {}
        self.rows: dict[str, widgets.VBox] = {}
        for e in t.events:
            box = widgets.Checkbox(description=f"{e.when()} · {e.short}", indent=False,
                                   layout=widgets.Layout(width="28rem"))
            box.add_class("mlkit-check-event")
            box.add_class(f"mlkit-event-{e.id}")
            role = widgets.Dropdown(options=ROLES, value="context", disabled=True, description="This event:",
                                    style={"description_width": "initial"}, layout=widgets.Layout(width="17rem"))
            role.add_class("mlkit-check-role")
            sources = "".join(f"<li>{source_html(s)}</li>" for s in t.sources_of(e))
            # folded: the list shows several events at once; the summary and sources open on demand
            about = widgets.HTML(f'<details class="mlkit-event-about"><summary>What happened, who says so'
                                 f"</summary><b>{html.escape(t.category_name(e.category))}.</b> "
                                 f"{html.escape(e.summary)}<ul>{sources}</ul></details>")
            box.observe(self._changed, names=["value"])
            role.observe(self._changed, names=["value"])
            self.boxes[e.id], self.roles[e.id] = box, role
            # rows keep their height: in a scrolling column, flex items would otherwise shrink and overlap
            keep = widgets.Layout(flex="0 0 auto")
            self.rows[e.id] = widgets.VBox([widgets.HBox([box, role], layout=keep), about],
                                           layout=widgets.Layout(flex="0 0 auto"))
        self.shown = widgets.HTML()
        self.summary = widgets.HTML()
        self.summary.add_class("mlkit-check-linked")
        listing = widgets.VBox(list(self.rows.values()), layout=widgets.Layout(
            max_height="24rem", overflow="auto", border="1px solid #bbb", padding="0 .4rem"))
        listing.add_class("mlkit-event-list")
        for control in (self.category, self.years, self.words, self.only_linked):
            control.observe(self.filter, names=["value"])
        self.widget = widgets.VBox([widgets.HBox([self.category, self.years]),
                                    widgets.HBox([self.words, self.only_linked]), self.shown, listing, self.summary]
                                   if t.events else [widgets.HTML(NO_EVENTS_TO_LINK)])
        self.filter()
        self._describe()

    def _changed(self, change: dict[str, Any]) -> None:
        for event_id, box in self.boxes.items():
            self.roles[event_id].disabled = box.disabled or not box.value
        self._describe()
        if not self._quiet:
            self._on_change()

    def _describe(self) -> None:
        chosen = [(self.timeline.event(e), self.roles[e].label) for e, box in self.boxes.items() if box.value]
        self.summary.value = ("<p><b>Linked:</b> " + "; ".join(
            f"{html.escape(e.short)} ({html.escape(r)})" for e, r in chosen if e) + "</p>"
            if chosen else "<p><i>No events linked yet.</i></p>")

    def filter(self, _: Any = None) -> None:
        """Show only the events that pass the filters."""
        low, high = self.years.value if self.timeline.events else (None, None)
        allowed = {e.id for e in filter_events(self.timeline, self.category.value or None, low, high, self.words.value)}
        if self.only_linked.value:
            allowed &= {eid for eid, box in self.boxes.items() if box.value}
        for event_id, row in self.rows.items():
            row.layout.display = None if event_id in allowed else "none"
        self.shown.value = f'<div role="status">Showing {len(allowed)} of {len(self.rows)} events.</div>'

    def linked(self) -> list[LinkedEvent]:
        """The linked events with their roles, in date order."""
        return [{"event_id": eid, "role": self.roles[eid].value} for eid, box in self.boxes.items() if box.value]

    def controls(self) -> dict[str, tuple[widgets.Widget, str]]:
        """The answer controls, for keeping drafts: each event's box and role."""
        return {**{f"event:{e}": (box, "value") for e, box in self.boxes.items()},
                **{f"role:{e}": (role, "index") for e, role in self.roles.items()}}

    def apply_draft(self, draft: Draft) -> bool:
        """Put a draft's links into the boxes without reporting a change; whether any changed."""
        changed = False
        self._quiet = True
        try:
            for event_id, box in self.boxes.items():
                linked = draft.flag(f"event:{event_id}")
                if linked is not None and not box.disabled:
                    changed = draft.put(box, "value", linked) or changed
                role = draft.index(f"role:{event_id}", len(ROLES))
                if role is not False and role is not None:
                    changed = draft.put(self.roles[event_id], "index", role) or changed
        finally:
            self._quiet = False
        if changed:
            self._changed({})
        return changed

    def lock(self, locked: bool) -> None:
        """Disable (or enable) linking, keeping what is linked."""
        for event_id, box in self.boxes.items():
            box.disabled = locked
            self.roles[event_id].disabled = locked or not box.value

    def set_linked(self, events: list[LinkedEvent], locked: bool = False) -> None:
        """Show a saved answer's links (without reporting a change); ``locked`` disables every box."""
        roles = {e.get("event_id"): e.get("role", "context") for e in events}
        self._quiet = True
        try:
            for event_id, box in self.boxes.items():
                box.disabled = locked
                box.value = event_id in roles
                self.roles[event_id].value = roles.get(event_id, "context")
                self.roles[event_id].disabled = locked or not box.value
        finally:
            self._quiet = False
        self._describe()
        if self.only_linked.value:
            self.filter()
