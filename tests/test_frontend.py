"""The widgets' front ends: one keyboard guard, shared by every widget, and no front-end code in Python strings."""

from __future__ import annotations

from pathlib import Path

from helpers.widgets.frontend import STATIC, module
from helpers.widgets.highlighter import Highlighter
from helpers.widgets.key_guard import KeyGuard

GUARD = (STATIC / "keyguard.js").read_text(encoding="utf-8")


def test_only_the_guard_touches_the_shortcut_attribute():
    touching = sorted(p.name for p in STATIC.glob("*.js") if "data-lm-suppress-shortcuts" in p.read_text("utf-8"))
    assert touching == ["keyguard.js"]


def test_every_widget_module_starts_with_the_one_guard():
    for widget in (Highlighter, KeyGuard):
        esm = widget._esm
        assert isinstance(esm, str) and esm.startswith(GUARD)
        assert "guardShortcuts(" in esm[len(GUARD):]  # and uses it


PENDING = (STATIC / "pending.js").read_text(encoding="utf-8")


def test_a_module_is_the_guard_the_pending_store_then_the_widget():
    assert module("highlighter.js") == "\n".join(
        [GUARD, PENDING, (STATIC / "highlighter.js").read_text(encoding="utf-8")])


def test_only_the_pending_store_touches_browser_storage_and_every_durable_widget_uses_it():
    from helpers.widgets.drafts import DraftKeeper
    from helpers.widgets.prepost import RatingSheet

    touching = sorted(p.name for p in STATIC.glob("*.js") if "localStorage" in p.read_text("utf-8"))
    assert touching == ["pending.js"]
    for widget in (Highlighter, RatingSheet, DraftKeeper):
        esm = widget._esm
        assert isinstance(esm, str) and PENDING in esm and "pendingStore(" in esm[esm.index(PENDING) + len(PENDING):]


def test_the_python_sources_hold_no_front_end_code():
    for path in Path(STATIC).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "function render" not in text and "addEventListener" not in text, path
