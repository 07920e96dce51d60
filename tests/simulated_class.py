"""A simulated class for span activities: the tags each kind of student would make on a real case's key.

Each strategy is a function (case, key, core ids, labels) -> tags; the tests score every strategy and
compare them, and ``benchmarks`` reuse them to build class folders. Strategies know the key only where a
real student could (the perfect and diligent students stand for students who read well).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tag:
    paragraph: int
    start: int
    end: int
    label: str


Strategy = Callable[[Any, Sequence[Any], set[str], Sequence[str]], list[Tag]]


def _exact(item: Any, label: str | None = None) -> Tag:
    return Tag(item.paragraph, item.start, item.end, label or item.label)


def _core(key: Sequence[Any], core: set[str]) -> list[Any]:
    return [item for item in key if item.id in core] or list(key)


def _sentences(case: Any) -> list[tuple[int, int, int]]:
    return [(p.number, start, end) for p in case.paragraphs for start, end in p.sentences]


def _sentence_around(case: Any, item: Any) -> Tag:
    """The whole sentence (or sentences) holding a key item: how a careful student often highlights."""
    paragraph = case.paragraph(item.paragraph)
    starts = [s for s, e in paragraph.sentences if s <= item.start < e] or [item.start]
    ends = [e for s, e in paragraph.sentences if s < item.end <= e] or [item.end]
    return Tag(item.paragraph, min(starts), max(ends), item.label)


def _natural(case: Any, item: Any) -> Tag:
    """How a careful student highlights: a short phrase with a word either side, a claim as its sentence."""
    if item.end - item.start >= 60:
        return _sentence_around(case, item)
    text = case.paragraph(item.paragraph).text
    start = text.rfind(" ", 0, max(0, item.start - 1)) + 1
    end = text.find(" ", min(len(text), item.end + 1))
    return Tag(item.paragraph, start, len(text) if end < 0 else end, item.label)


def _most_common(key: Sequence[Any]) -> str:
    return Counter(item.label for item in key).most_common(1)[0][0]


def perfect_core(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    return [_exact(item) for item in _core(key, core)]


def perfect_key(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    return [_exact(item) for item in key]


def empty(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    return []


def diligent_half_core(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    """Half the core exactly, nothing else: the benchmark every trick must stay clearly below."""
    return [_exact(item) for item in _core(key, core)[::2]]


def diligent_reader(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    """Half the core and a third of the rest, highlighted loosely (a word either side of a phrase, a claim's
    whole sentence), plus two tags off the key."""
    items = _core(key, core)[::2] + [item for item in key if item.id not in core][::3]
    tags = [_natural(case, item) for item in items]
    off = [s for s in _sentences(case) if not any(t.paragraph == s[0] and t.start < s[2] and s[1] < t.end
                                                  for t in key)]
    return tags + [Tag(p, s, e, labels[0]) for p, s, e in off[:2]]


def diligent_with_slips(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    """Half the core, two of those with a wrong label, and one tag off the key: an honest, imperfect student."""
    items = _core(key, core)[::2]
    tags = [_exact(item) for item in items]
    for n in (1, 3):
        if n < len(items):
            tags[n] = _exact(items[n], next(label for label in labels if not items[n].accepts(label)))
    off = [s for s in _sentences(case) if not any(t.paragraph == s[0] and t.start < s[2] and s[1] < t.end
                                                  for t in key)]
    return tags + [Tag(p, s, e, labels[0]) for p, s, e in off[:1]]


def partial(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    """Three core items, one with the wrong label: a student who stopped early."""
    items = _core(key, core)[:3]
    wrong = next(label for label in labels if not items[0].accepts(label))
    return [_exact(items[0], wrong), *(_exact(item) for item in items[1:])]


def every_paragraph(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    label = _most_common(key)
    return [Tag(p.number, 0, len(p.text), label) for p in case.paragraphs]


def every_sentence(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    label = _most_common(key)
    return [Tag(p, s, e, label) for p, s, e in _sentences(case)]


def every_sentence_every_label(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    return [Tag(p, s, e, label) for p, s, e in _sentences(case) for label in labels]


def copies_plus_paragraphs(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    """400 copies of one key span (some shifted by a character) plus every paragraph."""
    item = _core(key, core)[0]
    copies = [_exact(item)] * 200 + [
        Tag(item.paragraph, max(0, item.start - n % 3), item.end + n % 2, item.label) for n in range(200)
    ]
    return copies + every_paragraph(case, key, core, labels)


def banana(case: Any, key: Sequence[Any], core: set[str], labels: Sequence[str]) -> list[Tag]:
    """The right spans with a label that is not in the taxonomy."""
    return [_exact(item, "banana") for item in _core(key, core)]


STRATEGIES: dict[str, Strategy] = {
    "perfect: the core exactly": perfect_core,
    "perfect: the whole key exactly": perfect_key,
    "diligent: half the core exactly": diligent_half_core,
    "diligent reader: sentences, some extras, two off the key": diligent_reader,
    "diligent with slips: half the core, two mislabelled, one off the key": diligent_with_slips,
    "partial: three core items, one mislabelled": partial,
    "empty": empty,
    "gaming: every paragraph, most common label": every_paragraph,
    "gaming: every sentence, most common label": every_sentence,
    "gaming: every sentence, every label": every_sentence_every_label,
    "gaming: 400 copies of one key span + every paragraph": copies_plus_paragraphs,
    "gaming: right spans, label 'banana'": banana,
}
GAMING = [name for name in STRATEGIES if name.startswith("gaming")]
