"""Notebook 04's device gallery: each family of devices, how to spot each one, and the article's example.

Why a gallery before tagging: naming a device ("loaded language", "straw man") lets a student say how a
passage works on a reader without arguing about whether the writer is right. All text is escaped.
"""

from __future__ import annotations

import html

from IPython.display import HTML

from ..case.model import Case
from ..case.taxonomy import Label, load_device_families, load_devices
from ..case.teaching import label_example, worked_example
from .style import simple_markdown as render_markdown
from .style import styled, swatch

__all__ = ["show_device_gallery"]


def _example(label: Label, case: Case) -> str:
    example = label_example(case, "devices", label.id)
    if example is None:
        return "<i>No clear instance in this article.</i>"
    return f"{example.where}: “{html.escape(example.quote)}”"


def show_device_gallery(case: Case) -> HTML:
    """Each family of devices, with every device's definition, how to spot it and the article's example."""
    c = case
    parts = ['<div class="mlkit-gallery">']
    widths = "".join(f'<col class="{name}">' for name in ("key", "device", "what", "spot", "example"))
    head = (f"<colgroup>{widths}</colgroup><tr><th>Key</th><th>Device</th><th>What it is</th><th>How to spot it</th>"
            "<th>In this article</th></tr>")
    for family in load_device_families():
        members = [label for label in load_devices() if label.extra.get("family") == family.id]
        rows = []
        for label in members:
            # plain words for where the device comes from (devices.yaml: `ptc` or `classic`)
            source = "from propaganda research" if label.extra.get("source") == "ptc" else "classic rhetoric"
            spot = " ".join(str(label.extra.get("how_to_spot", "")).split())
            rows.append(
                f"<tr><td>{swatch(label.color)} {f'<kbd>{html.escape(label.key)}</kbd>' if label.key else ''}</td>"
                f"<td><b>{html.escape(label.name)}</b>"
                f'<br><span class="src">{html.escape(source)}</span></td><td>{html.escape(label.definition)}</td>'
                f"<td>{html.escape(spot)}</td><td>{_example(label, c)}</td></tr>"
            )
        description = " ".join(str(family.extra.get("description", "")).split())
        # Only the first family starts open: the whole gallery open is taller than the point at which
        # Notebook 7 folds an output into a scroll box, and one family at a time is easier to teach.
        opened = " open" if not any("<details" in part for part in parts) else ""
        parts.append(
            f"<details{opened}><summary>{html.escape(family.name)} ({len(members)} devices)</summary>"
            f"<p>{html.escape(description)}</p><table>{head}{''.join(rows)}</table></details>"
        )
    parts.append("</div>")
    worked = worked_example(c, "devices")
    if worked:
        parts.append(f'<div class="mlkit-worked"><h4>A worked example</h4>{render_markdown(worked)}</div>')
    return HTML(styled("".join(parts)))
