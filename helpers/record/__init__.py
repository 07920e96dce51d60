"""Layer 2, the answer record: its schema and types, the autosave store, the notebook mirror, the student.

Sits on the case layer only; knows nothing about activities, scoring or widgets.
"""

from .atomic import write_atomic
from .choose import Chosen, from_widget_state, newest
from .layout import KIT_FOLDER
from .merge import apply_edits, changed_items, merge, same_answers
from .notebook import MIME_TYPE, find_in_notebook, summarise
from .profile import set_student_name, student_name
from .schema import AnswerError, new_document, now_iso, upgrade, validate
from .store import AnswerStore, autosave_path, legacy_autosave_path, notebook_path, read_autosave, read_autosaves
from .types import AnswerRecord, CheckItem, Item, ItemKind, SpanItem, TextItem

__all__ = [
    "KIT_FOLDER", "MIME_TYPE", "AnswerError", "AnswerRecord", "AnswerStore", "CheckItem", "Chosen", "Item",
    "ItemKind", "SpanItem", "TextItem", "apply_edits", "autosave_path", "changed_items", "find_in_notebook",
    "from_widget_state", "legacy_autosave_path", "merge", "new_document", "newest", "notebook_path", "now_iso",
    "read_autosave", "read_autosaves", "same_answers", "set_student_name", "student_name", "summarise", "upgrade",
    "validate", "write_atomic",
]
