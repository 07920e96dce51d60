"""Teacher switches: a plain YAML file that shortens or scaffolds the activities for one class.

Why a file: a teacher changes what students see (which paragraphs, a short device palette, which claims to
check, events linked in advance, parts to leave out) without touching code or notebooks. The file is
``MLKIT_CLASS`` if set, else ``class.yaml`` in the students' notebook folder (the kernel's working folder),
else ``lessons/class.yaml``; without any, students get everything.
Loading checks every id against the case and the taxonomy, and names the file and key of any problem.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from .article import PART_CELLS
from .files import LESSONS_DIR, CaseError, read_yaml
from .memo import table
from .taxonomy import load_devices

__all__ = ["CLASS_ENV", "CLASS_FILE", "SECTIONS", "Switches", "class_switches", "load_switches"]

CLASS_FILE = LESSONS_DIR / "class.yaml"
CLASS_ENV = "MLKIT_CLASS"
# The parts a one-lesson path may leave out, by the name lessons/README.md gives them.
SECTIONS = ("time-words", "family-heatmap", "loaded-words", "rewrite")
# 'paragraphs:' names the headline and dek in words, as the keys do; inside the kit they are 0 and -1.
_PARTS = PART_CELLS


class _KeyRow(Protocol):
    @property
    def paragraph(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def accepted(self) -> tuple[str, ...]: ...


K = TypeVar("K", bound=_KeyRow)


@dataclass(frozen=True)
class Switches:
    """What one class sees; every field empty means "everything"."""

    paragraphs: tuple[int, ...] = ()
    devices: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    events: dict[str, tuple[str, ...]] = field(default_factory=dict)
    skip: tuple[str, ...] = ()
    source: Path | None = None
    prepost: bool = True  # the pre/post check of notebooks 00 and 05 (``prepost: false`` turns it off)

    def shows_paragraph(self, number: int) -> bool:
        """Whether the highlighters offer paragraph ``number`` for tagging (0 the headline, -1 the dek): all of
        them when the teacher chose none, else only those listed (``headline`` and ``dek`` by name)."""
        return not self.paragraphs or number in self.paragraphs

    def skips(self, section: str) -> bool:
        """Whether the teacher left ``section`` (one of ``SECTIONS``) out."""
        return section in self.skip

    def shown_key(self, key: Sequence[K], *, palette: bool = False) -> tuple[K, ...]:
        """The key items a student could find under these switches: those in a paragraph the highlighter shows
        and, with ``palette`` (the device key), whose device, or one the key also accepts, is on the palette.
        Check-my-work and, given the class file, the grader compare with these only."""
        # The same tuple for the same key and switches (``memo``), so what is remembered per key holds for it.
        memo = table(key, ("switches.shown_key", self.paragraphs, self.devices, palette)) if type(key) is tuple \
            else None
        if memo:
            return cast(tuple[K, ...], memo["shown"])
        shown = tuple(k for k in key if self.shows_paragraph(k.paragraph)
                      and (not palette or not self.devices or {k.label, *k.accepted} & set(self.devices)))
        if memo is not None:
            memo["shown"] = shown
        return shown

    def summary(self) -> str:
        """What the switches keep, in words ("paragraphs 1, 5; 2 devices"), or "everything"."""
        shown = [f"paragraphs {', '.join(map(str, self.paragraphs))}" if self.paragraphs else "",
                 f"{len(self.devices)} devices" if self.devices else "",
                 f"{len(self.claims)} claims to check" if self.claims else ""]
        return "; ".join(filter(None, shown)) or "everything"

    @property
    def limits_tagging(self) -> bool:
        """Whether the switches hide part of the article or of the device menu."""
        return bool(self.paragraphs or self.devices)


def _ids(data: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CaseError(f"{path}: '{key}:' must be a list of ids, e.g. [{key[:-1]}-one, {key[:-1]}-two]")
    return tuple(value)


def load_switches(path: Path | str | None = None, case: Any = None) -> Switches:
    """The switches in ``path`` (default: ``MLKIT_CLASS`` or ``lessons/class.yaml``); none if there is no file.
    With ``case``, paragraph numbers and device ids are checked against it and the taxonomy."""
    beside = Path.cwd() / "class.yaml"
    chosen = Path(path or os.environ.get(CLASS_ENV) or (beside if beside.is_file() else CLASS_FILE))
    if not chosen.is_file():
        if path or os.environ.get(CLASS_ENV):
            raise CaseError(f"{chosen}: file is missing")
        return Switches()
    data = read_yaml(chosen) or {}
    if not isinstance(data, dict):
        raise CaseError(f"{chosen}: expected keys such as 'paragraphs:', 'devices:', 'claims:'")
    unknown = set(data) - {"paragraphs", "devices", "claims", "events", "skip", "prepost"}
    if unknown:
        raise CaseError(f"{chosen}: unknown key(s) {', '.join(sorted(unknown))}; the keys are paragraphs, devices, "
                        "claims, events, skip and prepost")
    paragraphs = data.get("paragraphs") or []
    if not isinstance(paragraphs, list) or not all(
            (isinstance(n, int) and not isinstance(n, bool)) or n in _PARTS for n in paragraphs):
        raise CaseError(f"{chosen}: 'paragraphs:' must be a list of paragraph numbers, 'headline' and 'dek', "
                        "e.g. [headline, 1, 5, 9]")
    paragraphs = [_PARTS.get(n, n) if isinstance(n, str) else n for n in paragraphs]
    events = data.get("events") or {}
    if not isinstance(events, dict) or not all(isinstance(v, list) for v in events.values()):
        raise CaseError(f"{chosen}: 'events:' maps a claim id to a list of event ids")
    skip = _ids(data, "skip", chosen)
    for section in skip:
        if section not in SECTIONS:
            raise CaseError(f"{chosen}: 'skip:' has {section!r}; the parts you can leave out are {', '.join(SECTIONS)}")
    prepost = data.get("prepost", True)
    if not isinstance(prepost, bool):
        raise CaseError(f"{chosen}: 'prepost:' must be true or false (false leaves out the check before and after)")
    switches = Switches(tuple(paragraphs), _ids(data, "devices", chosen), _ids(data, "claims", chosen),
                        {str(k): tuple(str(e) for e in v) for k, v in events.items()}, skip, chosen, prepost)
    if case is not None:
        _check(switches, case, chosen)
    return switches


def _check(switches: Switches, case: Any, path: Path) -> None:
    numbers = {p.number for p in case.paragraphs}
    for n in switches.paragraphs:
        if n == -1 and not case.has_part(n):
            raise CaseError(f"{path}: 'paragraphs:' has dek, but the article has no dek")
        if n not in numbers and n not in (0, -1):
            raise CaseError(f"{path}: 'paragraphs:' has {n}, but the article has paragraphs 1 to {max(numbers)}")
    devices = {d.id for d in load_devices()}
    for d in switches.devices:
        if d not in devices:
            raise CaseError(f"{path}: 'devices:' has {d!r}, which is not a device id in lessons/taxonomy/devices.yaml")


def class_switches(case: Any, class_file: Path | str | None = None, whole_key: bool = False) -> Switches | None:
    """The class file students worked under (``class_file``, else ``MLKIT_CLASS`` or ``lessons/class.yaml``),
    checked against ``case``: what ``grade`` and ``report`` compare with. ``None`` with ``whole_key`` or without
    a file; ``CaseError`` for a broken one."""
    if whole_key:
        return None
    found = load_switches(Path(class_file) if class_file else None)
    return load_switches(found.source, case=case) if found.source else None
