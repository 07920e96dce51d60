"""Layer 4, activities: one module per activity (what its answers are, how they are scored and worded),
and ``registry.ACTIVITIES``, which declares each one once. No widgets or display here."""

from .base import Activity, ActivityGrade, ManualScoring
from .registry import ACTIVITIES, activity, gradebook_columns, graded, notebooks

__all__ = ["ACTIVITIES", "Activity", "ActivityGrade", "ManualScoring", "activity", "gradebook_columns", "graded",
           "notebooks"]
