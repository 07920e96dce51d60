"""The kit's colours, defined once: Okabe & Ito's colour-blind-safe palette (plus two greys).

Why one place: labels, charts and the stylesheet must agree, and a colour written in three files drifts.
Taxonomy labels take these in order, charts name them, and ``views/style.py`` turns them into CSS custom
properties (``--mlkit-blue`` …) that ``static/kit.css`` uses. Every chart also labels in text or hatching,
never by colour alone.
"""

from __future__ import annotations

__all__ = ["COLOURS", "PALETTE"]

# name -> hex, in the fixed order labels take them, so a label keeps its colour across notebooks.
COLOURS: dict[str, str] = {
    "orange": "#E69F00",
    "sky-blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
    "black": "#000000",
}
PALETTE: tuple[str, ...] = tuple(COLOURS.values())
