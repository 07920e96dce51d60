"""A hidden widget that lets students work an ipywidgets form with the keyboard inside JupyterLab.

Why: in command mode JupyterLab takes ↑/↓ (and a few other keys) for moving between cells, even when a
list box or dropdown in a cell's output has the focus, so the arrow keys never reach the control. The
front end (the kit's one keyboard guard, ``static/keyguard.js``, which the highlighter uses too) marks the
form's list boxes, dropdowns, checkboxes, slider handles and buttons with Lumino's
``data-lm-suppress-shortcuts``, and lifts it for Ctrl/⌘ keys so Ctrl+S always saves.
It can also give one-letter keys to buttons (``shortcuts``), as the verdict scale's letters in notebook 03.
"""

from __future__ import annotations

import anywidget
import traitlets

from .frontend import module

__all__ = ["KeyGuard"]


class KeyGuard(anywidget.AnyWidget):
    """Place inside a container matching ``root``; guards the ``controls`` (a CSS selector) within it, and
    clicks ``shortcuts[letter]`` (a CSS selector) when that letter is pressed outside a text box."""

    _esm = module("keyguard_widget.js")
    root = traitlets.Unicode(".mlkit-check").tag(sync=True)
    controls = traitlets.Unicode("select, input[type=checkbox], .noUi-handle, button").tag(sync=True)
    shortcuts = traitlets.Dict().tag(sync=True)
