"""Export a student's work in the open formats that fact-checkers and annotation tools publish in.

Why: a verdict written as schema.org ClaimReview is the same structured data newsrooms attach to their
fact-checks (Google's fact-check markup reads it), and tags written as W3C Web Annotations can be read
by annotation tools; students see that their work has the shape of the real thing. Each export is a
JSON-LD list, checked against a small JSON Schema written from the published shape
(``schemas/claimreview.schema.json``, ``schemas/web-annotation.schema.json``).

ClaimReview rating scale: the verdicts on the true–false line in the order of ``verdicts.yaml`` score
from ``bestRating`` (accurate) down to ``worstRating`` 1 (inaccurate); "unverifiable" is not on that line,
so it carries its name (``alternateName``) and no ``ratingValue``. Web Annotation positions
(``TextPositionSelector``) count characters of the case's ``article.md``, the annotation's source.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..case.model import Case
from ..case.taxonomy import load_claim_types, load_devices, load_verdicts
from ..case.timeline import load_timeline

__all__ = ["claim_review_jsonld", "validate_export", "web_annotation_jsonld"]

SCHEMAS = {"claimreview": "claimreview.schema.json", "annotation": "web-annotation.schema.json"}


@cache
def _schema(kind: str) -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "schemas" / SCHEMAS[kind]).read_text(encoding="utf-8"))


def validate_export(data: Any, kind: str) -> Any:
    """Return ``data`` if it has the published shape (``kind``: "claimreview" or "annotation"), else raise
    ``jsonschema.ValidationError``."""
    import jsonschema  # imported here on purpose: slow to import, and needed only when a student exports

    schema = _schema(kind)
    cls = jsonschema.validators.validator_for(schema)
    cls(schema, format_checker=cls.FORMAT_CHECKER).validate(data)
    return data


def _person(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name or "A student"}


def _article(case: Case) -> dict[str, Any]:
    meta = case.meta
    work: dict[str, Any] = {
        "@type": "OpinionNewsArticle" if meta.get("genre") == "opinion" else "NewsArticle",
        "headline": case.headline,
        "author": _person(str(meta.get("author", ""))),
        "publisher": {"@type": "Organization", "name": str(meta.get("outlet", ""))},
        "datePublished": str(meta.get("published", "")),
    }
    if str(meta.get("url", "")).startswith(("http://", "https://")):
        work["url"] = meta["url"]
    return work


def claim_review_jsonld(record: Mapping[str, Any], case: Case, *,
                        page: str = "03_check_the_timeline.ipynb") -> list[dict[str, Any]]:
    """One ClaimReview per committed verdict in a "checks" answer record; ``url`` is ``page#<claim id>``."""
    scale = sorted((v for v in load_verdicts() if v.extra.get("truthfulness") is not None),
                   key=lambda v: v.extra["order"])
    value = {v.id: len(scale) - n for n, v in enumerate(scale)}
    names = {v.id: v.name for v in load_verdicts()}
    timeline = load_timeline(case)
    student = str(record.get("student", {}).get("name", ""))
    reviews = []
    for item in record.get("items", []):
        if not (item.get("committed") and item.get("verdict")):
            continue
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": names.get(item["verdict"], item["verdict"]),
                                  "bestRating": len(scale), "worstRating": 1}
        if item["verdict"] in value:
            rating["ratingValue"] = value[item["verdict"]]
        if item.get("reason"):
            rating["ratingExplanation"] = " ".join(str(item["reason"]).split())
        citations, seen = [], set()
        for link in item.get("events", []):
            event = timeline.event(str(link.get("event_id")))
            for source in timeline.sources_of(event) if event else []:
                if source.id not in seen:
                    seen.add(source.id)
                    cited = {"@type": "CreativeWork", "name": source.title,
                             "publisher": {"@type": "Organization", "name": source.publisher},
                             "datePublished": source.date}
                    if source.url.startswith(("http://", "https://")):
                        cited["url"] = source.url
                    citations.append(cited)
        review = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{page}#{item['id']}",
            "datePublished": str(item.get("committed_at") or record.get("saved_at", ""))[:10],
            "author": _person(student),
            "claimReviewed": item["claim"]["exact"],
            "reviewRating": rating,
            "itemReviewed": {"@type": "Claim", "author": _person(str(case.meta.get("author", ""))),
                             "datePublished": str(case.meta.get("published", "")), "appearance": _article(case)},
        }
        if citations:
            review["citation"] = citations
        reviews.append(review)
    return reviews


def web_annotation_jsonld(claims_record: Mapping[str, Any], case: Case, *,
                          activity: str = "claims") -> list[dict[str, Any]]:
    """One W3C Web Annotation per tagged span in a span answer record: "claims" (notebook 02, bodies are claim
    types) or "devices" (notebook 04, bodies are devices)."""
    source_text = case.file("article.md").read_text(encoding="utf-8")
    labels = load_devices() if activity == "devices" else load_claim_types()
    names = {label.id: label.name for label in labels}
    student = str(claims_record.get("student", {}).get("name", ""))
    annotations = []
    for item in claims_record.get("items", []):
        target = item.get("target", {})
        try:
            paragraph = case.paragraph(int(target["paragraph"]))
        except (KeyError, TypeError, ValueError):
            continue
        offset = source_text.find(paragraph.text)
        selectors: list[dict[str, Any]] = [{"type": "TextQuoteSelector", "exact": target["exact"],
                                            "prefix": target.get("prefix", ""), "suffix": target.get("suffix", "")}]
        if offset >= 0:
            selectors.append({"type": "TextPositionSelector", "start": offset + int(target["start"]),
                              "end": offset + int(target["end"])})
        annotation: dict[str, Any] = {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": f"urn:mlkit:{case.id}:{activity}:{item['id']}",
            "type": "Annotation",
            "motivation": "classifying",
            "creator": {"type": "Person", "name": student or "A student"},
            "body": [{"type": "TextualBody", "value": names.get(label, label), "purpose": "tagging"}
                     for label in item.get("labels", [])],
            "target": {"source": f"urn:mlkit:{case.id}:article.md", "selector": selectors},
        }
        if item.get("created_at"):
            annotation["created"] = item["created_at"]
        annotations.append(annotation)
    return annotations
