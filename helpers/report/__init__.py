"""The class report: what a class found, missed and disagreed on, and whether it learned (issue 15).

Why a package of its own: it reads saved notebooks the way the grader does (through ``inputs.py``, its
one adapter to the rest of ``helpers``), aggregates them one student at a time, and shows the result as
one self-contained HTML page (``python -m helpers report SUBMISSIONS --out DIR``) or, view by view, in
``instructor/class_report.ipynb``.
"""

from __future__ import annotations

from .build import ClassReport, build_report
from .inputs import ClassWork, StudentWork, load_class
from .page import write_page
from .views import (
    load_report,
    show_agreement,
    show_checks,
    show_claims,
    show_devices,
    show_glance,
    show_key_review,
    show_prepost,
    show_progress,
    show_written,
)

__all__ = [
    "ClassReport", "ClassWork", "StudentWork", "build_report", "load_class", "load_report", "show_agreement",
    "show_checks", "show_claims", "show_devices", "show_glance", "show_key_review", "show_prepost", "show_progress",
    "show_written", "write_page",
]
