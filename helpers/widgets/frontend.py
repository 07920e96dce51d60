"""The widgets' front-end modules, assembled from ``static/``: each widget's module is the kit's one keyboard
guard (``keyguard.js``) and its one store of changes not yet confirmed on disk (``pending.js``), followed by the
widget's own code.

Why assembled here: anywidget loads one ES module per widget from a string, with no bundler and no relative
imports, so a module shared by two widgets is shared by prepending it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SHARED", "STATIC", "module"]

STATIC = Path(__file__).parent / "static"


SHARED = ("keyguard.js", "pending.js")


def module(name: str) -> str:
    """The front-end module of a widget: the shared parts (``SHARED``) then ``static/<name>``."""
    return "\n".join((STATIC / part).read_text(encoding="utf-8") for part in (*SHARED, name))
