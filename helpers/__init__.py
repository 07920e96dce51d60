"""Helpers for the Media Literacy Notebook Kit: case data, answer storage, widgets, charts, scoring, grading.

Notebooks call one of these per step; everything a notebook shows or a grader computes lives here.
"""

from .answers import MIME_TYPE, AnswerError, AnswerStore
from .case import Case, CaseError, load_case
from .claims import check_claims, claims_per_paragraph, plot_claims
from .grading import grade_folder
from .profile import set_student_name, student_name
from .questions import QuestionForm, ask, enter_name
from .reading import paragraph_table, show_anatomy, show_article, show_labels
from .tagging import ClaimTagger, SpanTagger, tag_claims
from .taxonomy import claim_types, devices, verdicts

__all__ = [
    "MIME_TYPE",
    "AnswerError",
    "AnswerStore",
    "Case",
    "CaseError",
    "ClaimTagger",
    "QuestionForm",
    "SpanTagger",
    "ask",
    "check_claims",
    "claim_types",
    "claims_per_paragraph",
    "devices",
    "enter_name",
    "grade_folder",
    "load_case",
    "paragraph_table",
    "plot_claims",
    "set_student_name",
    "show_anatomy",
    "show_article",
    "show_labels",
    "student_name",
    "tag_claims",
    "verdicts",
]
