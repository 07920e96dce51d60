"""Layer 2, the answer record: its schema and types, the autosave store, the notebook mirror, the student.

Sits on the case layer only; knows nothing about activities, scoring or widgets.
"""

from .atomic import write_atomic
from .notebook import MIME_TYPE, find_in_notebook, summarise
from .profile import set_student_name, student_name
from .schema import AnswerError, new_document, now_iso, validate
from .store import AnswerStore, autosave_path, notebook_path, read_autosave
from .types import AnswerRecord, CheckItem, Item, ItemKind, SpanItem, TextItem

__all__ = [
    "MIME_TYPE", "AnswerError", "AnswerRecord", "AnswerStore", "CheckItem", "Item", "ItemKind", "SpanItem", "TextItem",
    "autosave_path", "find_in_notebook", "new_document", "notebook_path", "now_iso", "read_autosave",
    "set_student_name", "student_name", "summarise", "validate", "write_atomic",
]
