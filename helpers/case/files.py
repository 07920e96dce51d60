"""Read the plain files instructors edit (CSV, YAML), naming the file and line of any problem.

Why: every part of a case is a file a teacher edits without Python, so every reader turns a mistake into a
message that says where it is. Nothing here knows about articles or answers.
"""

from __future__ import annotations

import contextlib
import csv
import re
from pathlib import Path
from typing import Any

import yaml

__all__ = ["ID_PATTERN", "LESSONS_DIR", "CaseError", "read_csv", "read_yaml"]

LESSONS_DIR = Path(__file__).resolve().parent.parent.parent / "lessons"
ID_PATTERN = re.compile(r"^[a-z0-9-]+$")


class CaseError(ValueError):
    """A case file is missing or malformed; the message names the file and line."""


# libyaml's parser, where PyYAML was built with it: the same safe constructor and resolver as ``safe_load``,
# with the scanning done in C (a grading run reads the taxonomy, case and settings files, ~60 ms in Python).
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning syntax errors into a message with the file and line.

    A file libyaml cannot parse is parsed again by PyYAML's own parser, which words any problem (and reads
    the file exactly as it always did if libyaml alone refused it).
    """
    try:
        text = path.read_text(encoding="utf-8")
        if _FAST_LOADER is not None:
            with contextlib.suppress(yaml.YAMLError):
                return yaml.load(text, Loader=_FAST_LOADER)  # a safe loader: CSafeLoader
        return yaml.safe_load(text)
    except FileNotFoundError as exc:
        raise CaseError(f"{path}: file is missing") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise CaseError(f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc


def read_csv(path: Path, required: tuple[str, ...] = ("id",)) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file, each with its line number under ``_line`` (the header is line 1)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise CaseError(f"{path}:1: missing column(s) {', '.join(missing)}")
            rows = []
            for row in reader:
                if None in row:
                    raise CaseError(f"{path}:{reader.line_num}: more cells than the header has columns")
                clean = {k: (v or "").strip() for k, v in row.items()}
                clean["_line"] = str(reader.line_num)
                rows.append(clean)
            return rows
    except FileNotFoundError as exc:
        raise CaseError(f"{path}: file is missing") from exc
    except UnicodeDecodeError as exc:
        raise CaseError(f"{path}: not UTF-8 text ({exc.reason})") from exc
