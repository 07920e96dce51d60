"""Load the shared label sets (claim types, verdicts, devices) that every case uses.

Why: labels live in YAML that teachers edit, and the widgets, charts and scoring must all agree on
the same ids, names, keyboard keys and colours, so they are read and checked in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .files import ID_PATTERN, LESSONS_DIR, CaseError, read_yaml
from .palette import PALETTE

__all__ = [
    "PALETTE", "TAXONOMY_DIR", "Label", "load_claim_types", "load_device_families", "load_devices", "load_labels",
    "load_verdicts",
]

TAXONOMY_DIR = LESSONS_DIR / "taxonomy"

HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "++", "--", "**")


@dataclass(frozen=True)
class Label:
    """One label a student can apply: id, display name, keyboard key, colour and hatch pattern."""

    id: str
    name: str
    key: str
    color: str
    hatch: str
    definition: str
    extra: dict[str, Any]

    def as_widget_label(self) -> dict[str, str]:
        """The fields the front end needs."""
        return {"id": self.id, "name": self.name, "key": self.key, "color": self.color, "definition": self.definition}


def load_labels(path: Path, section: str) -> tuple[Label, ...]:
    """Read the list under ``section`` of a taxonomy YAML file, checking ids and keys are unique."""
    data = read_yaml(path)
    items = data.get(section) if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise CaseError(f"{path}: expected a non-empty list under {section!r}")
    labels: list[Label] = []
    seen_ids: set[str] = set()
    seen_keys: set[str] = set()
    for n, item in enumerate(items):
        where = f"{path}: {section}[{n}]"
        if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
            raise CaseError(f"{where}: every entry needs an id and a name")
        ident = str(item["id"])
        if not ID_PATTERN.match(ident):
            raise CaseError(f"{where}: id {ident!r} must be lowercase letters, digits and hyphens")
        if ident in seen_ids:
            raise CaseError(f"{where}: id {ident!r} is used twice")
        key = str(item.get("key") or "").lower()
        if key and (len(key) != 1 or key in seen_keys):
            raise CaseError(f"{where}: key {key!r} must be one character, not used by another entry")
        seen_ids.add(ident)
        if key:
            seen_keys.add(key)
        labels.append(
            Label(
                id=ident,
                name=str(item["name"]),
                key=key,
                color=str(item.get("color") or PALETTE[n % len(PALETTE)]),
                hatch=HATCHES[n % len(HATCHES)],
                definition=" ".join(str(item.get("definition", "")).split()),
                extra={k: v for k, v in item.items() if k not in {"id", "name", "key", "color", "definition"}},
            )
        )
    return tuple(labels)


@cache
def load_claim_types() -> tuple[Label, ...]:
    """The claim types of ``lessons/taxonomy/claim_types.yaml``."""
    return load_labels(TAXONOMY_DIR / "claim_types.yaml", "claim_types")


@cache
def load_verdicts() -> tuple[Label, ...]:
    """The verdict scale of ``lessons/taxonomy/verdicts.yaml``."""
    return load_labels(TAXONOMY_DIR / "verdicts.yaml", "verdicts")


@cache
def load_devices() -> tuple[Label, ...]:
    """The rhetorical devices of ``lessons/taxonomy/devices.yaml``."""
    return load_labels(TAXONOMY_DIR / "devices.yaml", "devices")


@cache
def load_device_families() -> tuple[Label, ...]:
    """The device families (groups that keep charts readable)."""
    return load_labels(TAXONOMY_DIR / "devices.yaml", "families")
