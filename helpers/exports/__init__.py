"""Exports: a student's work in the formats fact-checkers and annotation tools use (schema.org ClaimReview,
W3C Web Annotation), as JSON-LD."""

from .files import export_tags, export_verdicts
from .jsonld import claim_review_jsonld, validate_export, web_annotation_jsonld

__all__ = ["claim_review_jsonld", "export_tags", "export_verdicts", "validate_export", "web_annotation_jsonld"]
