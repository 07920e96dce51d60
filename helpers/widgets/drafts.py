"""Keep an ipywidgets form's unconfirmed answers in the browser until the kernel has them on disk.

Why: the highlighter keeps its own unconfirmed edits and re-sends them after a kernel restart or death;
the forms (the claim check in 03, written answers, the rewrite) are ipywidgets controls whose changes die
with the kernel that never received them. This hidden widget sits inside a form, watches its answer
controls' models in the browser, and does for them what the highlighter does for tags: each change the
student makes (not one the kernel sends) is kept in browser storage as a snapshot of the form's answer
controls, sent to the kernel as an edit, and forgotten only when the kernel sets ``confirmed`` once the
answers are on disk. A form rendered again (a re-run after a restart, another tab) re-sends what is still
unconfirmed; applying a snapshot twice changes nothing. Until confirmed, the form says "not yet saved".
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from .frontend import module

__all__ = ["Draft", "DraftKeeper"]

# One answer control: the widget and the trait the browser changes ("value", or "index" for selections).
Control = tuple[widgets.Widget, str]


class Draft:
    """One snapshot from the browser: the answer controls' states (``values``) within a ``scope`` (the id of
    the claim or paragraph the form showed, or ``""``). The values are untrusted: use ``text``, ``index``
    and ``flag``, which return ``None`` (or ``False``) for anything malformed.

    ``live``: sent as the student changed the form, whose controls already show it (and tell the kernel
    themselves); otherwise sent again by a form just rendered, whose controls must be given the values.
    """

    def __init__(self, scope: str, values: Mapping[str, Any], live: bool) -> None:
        self.scope = scope
        self.values = values
        self.live = live

    def put(self, widget: widgets.Widget, trait: str, value: Any) -> bool:
        """Set a control's trait from this snapshot; whether it changed. A live snapshot sets it quietly
        (not sent back to the browser, whose control may already hold newer typing); a re-sent one sends it,
        so the form shows what was restored."""
        if getattr(widget, trait) == value:
            return False
        if self.live:
            with widget._lock_property(**{trait: value}):  # what ipywidgets does for a value from the browser
                setattr(widget, trait, value)
        else:
            setattr(widget, trait, value)
        return True

    def text(self, name: str, limit: int) -> str | None:
        value = self.values.get(name)
        return value[:limit] if isinstance(value, str) else None

    def index(self, name: str, size: int, *, empty: bool = False) -> int | bool | None:
        """A selection's index in ``range(size)``; ``None`` (when ``empty``) for no selection; ``False`` if
        missing or malformed."""
        value = self.values.get(name, False)
        if value is None and empty:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size:
            return value
        return False

    def flag(self, name: str) -> bool | None:
        value = self.values.get(name)
        return value if isinstance(value, bool) else None


class DraftKeeper(anywidget.AnyWidget):
    """Placed inside a form: keeps the browser's unconfirmed changes to ``controls`` and re-sends them.

    ``controls`` maps a name to ``[widget reference, trait]``; ``scope`` names the control (a selection)
    whose choice the others belong to, and ``scopes`` gives the id of each of its options, in order.
    """

    _esm = module("drafts.js")

    controls = traitlets.Dict().tag(sync=True)
    scope = traitlets.Unicode("").tag(sync=True)
    scopes = traitlets.List(traitlets.Unicode()).tag(sync=True)
    storage_key = traitlets.Unicode("").tag(sync=True)
    # from the browser: {"live": bool, "ops": [{"seq": n, "scope": id, "values": {...}}]}, every unconfirmed one
    edit = traitlets.Dict().tag(sync=True, echo_update=False)  # no use to any view: not echoed
    confirmed = traitlets.Int(0).tag(sync=True)  # the last snapshot (its seq) whose answers are on disk

    def __init__(self, controls: Mapping[str, Control] | None = None,
                 apply: Callable[[list[Draft]], bool] | None = None, *,
                 storage_key: str = "", scope: str = "", scopes: Sequence[str] = ()) -> None:
        """``apply`` puts snapshots into the form (as if typed) and saves once; it returns whether the
        answers are now on disk (then the snapshots are confirmed). Without ``apply``, nothing is kept."""
        refs = {name: [f"IPY_MODEL_{widget.model_id}", trait] for name, (widget, trait) in (controls or {}).items()}
        super().__init__(
            controls=refs,
            scope=scope, scopes=list(scopes), storage_key=storage_key,
        )
        self._apply = apply or (lambda drafts: False)
        self._applied = 0  # the newest snapshot applied (its seq)
        self._received = 0  # the newest snapshot received, to confirm once on disk
        self._lock = threading.RLock()
        self.observe(self._on_edit, names=["edit"])

    def _on_edit(self, change: dict[str, Any]) -> None:
        ops = change["new"].get("ops") if isinstance(change["new"], dict) else None
        if not isinstance(ops, list):
            return
        live = change["new"].get("live") is True
        with self._lock:
            fresh: list[tuple[int, Draft]] = []
            for op in ops:
                seq = op.get("seq") if isinstance(op, dict) else None
                values = op.get("values") if isinstance(op, dict) else None
                if not (isinstance(seq, int) and not isinstance(seq, bool) and isinstance(values, dict)):
                    continue
                if seq > self._applied:
                    fresh.append((seq, Draft(str(op.get("scope") or ""), values, live)))
            if not fresh:
                return
            self._applied = self._received = max(seq for seq, _ in fresh)
            if self._apply([draft for _, draft in sorted(fresh, key=lambda pair: pair[0])]):
                self.written()

    def written(self) -> None:
        """The form's answers are on disk: the browser may forget every snapshot received so far."""
        if self._received > self.confirmed:
            self.confirmed = self._received
