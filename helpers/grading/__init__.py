"""Grading: read saved notebooks as data and score them. Sits on case, record, scoring and activities only,
so grading a class loads no widget, display or plotting library.

``read`` finds and reads files safely, ``grade`` grades one file, ``classbook`` makes one row per student,
``hand`` keeps the teacher's hand scores, ``integrity`` flags what looks tampered with, ``lms`` writes the
files an LMS imports, ``folder`` does it all for a class.
"""

from .folder import GradeReport, grade_folder
from .read import SubmissionError, read_notebook
from .roster import RosterError, read_roster
from .settings import load_settings

__all__ = ["GradeReport", "RosterError", "SubmissionError", "grade_folder", "load_settings", "read_notebook",
           "read_roster"]
