"""Helpers for the Media Literacy Notebook Kit: case data, answer storage, widgets, charts, scoring, grading.

Notebooks call one of these per step; everything a notebook shows or a grader computes lives here.
"""

from .answers import MIME_TYPE, AnswerError, AnswerStore
from .case import Case, CaseError, load_case
from .checking import ClaimChecker, check_claims_against_timeline
from .checks_grading import score_checks
from .checks_summary import check_verdicts, checks_table, show_verdict_scale
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
from .exports import claim_review_jsonld, export_tags, export_verdicts, web_annotation_jsonld
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
from .submission import pack_submission, show_answers, show_submission_status, submission_status
from .tagging import ClaimTagger, SpanTagger, tag_claims
from .taxonomy import claim_types, devices, verdicts
from .time_phrases import resolve_time_phrases, time_phrases
from .timeline import load_timeline, publication_window
from .timeline_chart import plot_timeline
from .timeline_table import show_time_phrases, show_timeline, timeline_table

__all__ = [
    "MIME_TYPE",
    "AnswerError",
    "AnswerStore",
    "Case",
    "CaseError",
    "ClaimChecker",
    "ClaimTagger",
    "DeviceTagger",
    "LoadedCount",
    "QuestionForm",
    "RewriteExercise",
    "SpanTagger",
    "ask",
    "check_claims",
    "check_claims_against_timeline",
    "check_devices",
    "check_verdicts",
    "checks_table",
    "claim_review_jsonld",
    "claim_types",
    "claims_per_paragraph",
    "count_loaded",
    "count_signals",
    "device_counts",
    "device_near_miss",
    "devices",
    "enter_name",
    "export_tags",
    "export_verdicts",
    "families_per_paragraph",
    "grade_folder",
    "load_case",
    "load_loaded_words",
    "load_timeline",
    "loaded_by_paragraph",
    "pack_submission",
    "paragraph_table",
    "plot_claims",
    "plot_device_counts",
    "plot_family_heatmap",
    "plot_loaded_density",
    "plot_rewrite",
    "plot_timeline",
    "publication_window",
    "resolve_time_phrases",
    "rewrite_exercise",
    "score_checks",
    "score_devices",
    "set_student_name",
    "show_anatomy",
    "show_answers",
    "show_article",
    "show_device_gallery",
    "show_labels",
    "show_submission_status",
    "show_time_phrases",
    "show_timeline",
    "show_verdict_scale",
    "student_name",
    "submission_status",
    "tag_claims",
    "tag_devices",
    "time_phrases",
    "timeline_table",
    "verdicts",
    "web_annotation_jsonld",
]
