"""The class report's views for the instructor notebook: one call per cell, each returning displayable HTML.

Why thin wrappers: the notebook and the HTML page must show the same thing, so each view here is a
section of ``page.py`` wrapped for Jupyter, with the page's stylesheet included once by ``load_report``.
"""

from __future__ import annotations

from pathlib import Path

from .build import ClassReport, class_switches, report_folder
from .class_sections import section_checks, section_glance, section_prepost, section_progress, section_written
from .inputs import load_case
from .markup import style_element
from .page import write_page
from .span_sections import section_agreement, section_claims, section_devices, section_key_review

__all__ = [
    "ReportView", "load_report", "show_agreement", "show_checks", "show_claims", "show_devices", "show_glance",
    "show_key_review", "show_prepost", "show_progress", "show_written", "write_page",
]


class ReportView:
    """HTML that Jupyter displays (``_repr_html_``) and that tests can read (``.html``)."""

    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return f'<div class="mlkit-report">{self.html}</div>'


class _Loaded(ReportView):
    def __init__(self, report: ClassReport) -> None:
        super().__init__(f"{style_element()}<p>Read {report.students} students in {report.seconds:.1f} s.</p>")
        self.report = report


def load_report(submissions: str | Path, case: str | None = None, *, names: bool = False,
                class_file: str | Path | None = None, whole_key: bool = False) -> ClassReport:
    """Read a folder of saved notebooks (nothing is executed) and return the class report, counting only the key
    items the class file (``class_file``, else ``MLKIT_CLASS`` or ``lessons/class.yaml``) showed students, as
    ``grade`` does; ``whole_key`` compares with the whole key."""
    loaded = load_case(case)
    return report_folder(submissions, loaded, names=names, switches=class_switches(loaded, class_file, whole_key))


def show_glance(report: ClassReport) -> ReportView:
    """What to re-teach tomorrow, in a few lines (the page's stylesheet comes with it)."""
    return ReportView(style_element() + section_glance(report))


def show_claims(report: ClassReport) -> ReportView:
    """Claims: heat strip, key claims found, claim-type confusion."""
    return ReportView(section_claims(report))


def show_checks(report: ClassReport) -> ReportView:
    """Verdicts beside the key's, discernment, calibration."""
    return ReportView(section_checks(report))


def show_devices(report: ClassReport) -> ReportView:
    """Devices: heat strip, key devices found, confusions."""
    return ReportView(section_devices(report))


def show_agreement(report: ClassReport) -> ReportView:
    """Krippendorff's alpha per label."""
    return ReportView(section_agreement(report))


def show_key_review(report: ClassReport) -> ReportView:
    """Where most of the class disagreed with the key."""
    return ReportView(section_key_review(report))


def show_prepost(report: ClassReport) -> ReportView:
    """The pre/post change with its 95% interval."""
    return ReportView(section_prepost(report))


def show_written(report: ClassReport) -> ReportView:
    """Written answers grouped by question."""
    return ReportView(section_written(report))


def show_progress(report: ClassReport) -> ReportView:
    """Who has started, saved and handed in what."""
    return ReportView(section_progress(report))
