"""Write a student's work as JSON-LD files beside the notebook (notebook 03's export cells).

Why apart from the builders: building JSON-LD is pure and tested on its own; writing a file and showing a
link to it is what a notebook cell does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from ..activities.checks import tagged_claims_notebook
from ..case.model import load_case
from ..record.atomic import write_atomic
from ..record.store import AnswerStore, notebook_path
from .jsonld import claim_review_jsonld, validate_export, web_annotation_jsonld

__all__ = ["export_tags", "export_verdicts"]


def _folder() -> Path:
    """Where exports go: ``MLKIT_ANSWERS_DIR`` if set (tests), else beside this notebook, else here."""
    here = notebook_path()
    return Path(os.environ.get("MLKIT_ANSWERS_DIR") or (here.parent if here else Path.cwd()))


def _write(name: str, data: list[dict[str, Any]], what: str) -> Path:
    from IPython.display import HTML, FileLink, display  # imported here: only a notebook shows the link

    path = _folder() / name
    write_atomic(path, orjson.dumps(data, option=orjson.OPT_INDENT_2))
    display(HTML(f"<p>Wrote {len(data)} {what} to <code>{path.name}</code>:</p>"))
    display(FileLink(os.path.relpath(path)) if path.is_relative_to(Path.cwd()) else HTML(f"<code>{path}</code>"))
    return path


def export_verdicts(checker: Any) -> Path:
    """Write the committed verdicts of a ClaimChecker as ClaimReview JSON-LD beside the notebook; return the path."""
    record = dict(checker.store.document, items=checker.items())
    data = validate_export(claim_review_jsonld(record, checker.case), "claimreview")
    return _write("my-verdicts.claimreview.jsonld", data, "ClaimReview(s)")


def export_tags(checker: Any = None) -> Path:
    """Write notebook 02's claim tags as W3C Web Annotation JSON-LD beside the notebook; return the path.
    ``checker`` (anything with a ``case``) names the case; default: the kit's case."""
    case = getattr(checker, "case", None) or load_case()
    record = AnswerStore("claims", case.id, notebook=tagged_claims_notebook()).document
    data = validate_export(web_annotation_jsonld(record, case), "annotation")
    return _write("my-claim-tags.annotations.jsonld", data, "Web Annotation(s)")
