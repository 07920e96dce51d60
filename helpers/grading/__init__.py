"""Grading: read saved notebooks as data and score them. Sits on case, record, scoring and activities only,
so grading a class loads no widget, display or plotting library."""

from .grade import GradeReport, grade_file, grade_folder
from .read import SubmissionError, read_notebook

__all__ = ["GradeReport", "SubmissionError", "grade_file", "grade_folder", "read_notebook"]
