"""Helpers for the Media Literacy Notebook Kit: case data, answer storage, widgets, charts, scoring, grading.

Notebooks call one of these per step; everything a notebook shows or a grader computes lives here.
"""

from .answers import MIME_TYPE, AnswerError, AnswerStore
from .case import Case, CaseError, load_case
from .profile import set_student_name, student_name
from .tagging import ClaimTagger, SpanTagger, tag_claims
from .taxonomy import claim_types, devices, verdicts

__all__ = [
    "MIME_TYPE",
    "AnswerError",
    "AnswerStore",
    "Case",
    "CaseError",
    "ClaimTagger",
    "SpanTagger",
    "claim_types",
    "devices",
    "load_case",
    "set_student_name",
    "student_name",
    "tag_claims",
    "verdicts",
]
