"""Helpers for the Media Literacy Notebook Kit: case data, answer storage, widgets, charts, scoring, grading.

Notebooks call one of these per step; everything a notebook shows or a grader computes lives here.
"""

from .answers import MIME_TYPE, AnswerError, AnswerStore
from .case import Case, CaseError, load_case
from .claims import check_claims, claims_per_paragraph, plot_claims
from .device_charts import (
    device_counts,
    families_per_paragraph,
    plot_device_counts,
    plot_family_heatmap,
    plot_loaded_density,
    plot_rewrite,
)
from .device_tagging import (
    DeviceTagger,
    check_devices,
    device_near_miss,
    score_devices,
    show_device_gallery,
    tag_devices,
)
from .grading import grade_folder
from .profile import set_student_name, student_name
from .questions import QuestionForm, ask, enter_name
from .reading import paragraph_table, show_anatomy, show_article, show_labels
from .rewrite import (
    LoadedCount,
    RewriteExercise,
    count_loaded,
    count_signals,
    load_loaded_words,
    loaded_by_paragraph,
    rewrite_exercise,
)
from .submission import pack_submission, show_answers, submission_status
from .tagging import ClaimTagger, SpanTagger, tag_claims
from .taxonomy import claim_types, devices, verdicts

__all__ = [
    "MIME_TYPE",
    "AnswerError",
    "AnswerStore",
    "Case",
    "CaseError",
    "ClaimTagger",
    "DeviceTagger",
    "LoadedCount",
    "QuestionForm",
    "RewriteExercise",
    "SpanTagger",
    "ask",
    "check_claims",
    "check_devices",
    "claim_types",
    "claims_per_paragraph",
    "count_loaded",
    "count_signals",
    "device_counts",
    "device_near_miss",
    "devices",
    "enter_name",
    "families_per_paragraph",
    "grade_folder",
    "load_case",
    "load_loaded_words",
    "loaded_by_paragraph",
    "pack_submission",
    "paragraph_table",
    "plot_claims",
    "plot_device_counts",
    "plot_family_heatmap",
    "plot_loaded_density",
    "plot_rewrite",
    "rewrite_exercise",
    "score_devices",
    "set_student_name",
    "show_anatomy",
    "show_answers",
    "show_article",
    "show_device_gallery",
    "show_labels",
    "student_name",
    "submission_status",
    "tag_claims",
    "tag_devices",
    "verdicts",
]
