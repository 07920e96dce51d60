"""Exports: a class's work in the formats fact-checkers and annotation tools use (schema.org ClaimReview,
W3C Web Annotation), as JSON-LD, written by the teacher's ``python -m helpers export``."""

from .folder import ExportReport, export_folder
from .jsonld import claim_review_jsonld, validate_export, web_annotation_jsonld

__all__ = ["ExportReport", "claim_review_jsonld", "export_folder", "validate_export", "web_annotation_jsonld"]
