"""Part credit for a label that is not the key's: the δ of the span measure, per activity.

Why apart from the formula: which wrong labels still show part of the skill is a teaching decision
(a claim found with another type; a device of the right family), not arithmetic.
"""

from __future__ import annotations

from functools import cache

from ..case.key import KeySpan
from ..case.taxonomy import load_claim_types, load_devices

__all__ = ["claim_near_miss", "device_near_miss", "family_of"]


@cache
def _claim_types() -> frozenset[str]:
    return frozenset(label.id for label in load_claim_types())


def claim_near_miss(label: str, key_span: KeySpan) -> float:
    """Claims: a located claim with another of the kit's claim types still earns half credit; any other
    label earns nothing."""
    return 0.5 if label in _claim_types() else 0.0


@cache
def _families() -> dict[str, str]:
    return {label.id: str(label.extra.get("family", "")) for label in load_devices()}


def family_of(device: str) -> str:
    """The family id of a device id ('' for an unknown device)."""
    return _families().get(device, "")


def device_near_miss(label: str, key_span: KeySpan) -> float:
    """δ for a device the key does not accept: 0.5 when it is in the same family as the key's device, else 0."""
    family = family_of(label)
    return 0.5 if family and family == family_of(key_span.label) else 0.0
