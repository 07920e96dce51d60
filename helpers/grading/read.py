"""Read a submitted notebook as data, never executing it, with a size cap and plain reasons for failure.

Why: a hostile or damaged notebook must be able to do nothing but fail to parse, and the instructor needs
to know why a file was skipped in words they can act on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

__all__ = ["MAX_NOTEBOOK_BYTES", "SubmissionError", "read_notebook"]

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024


class SubmissionError(ValueError):
    """A file that cannot be graded; the message says why in words an instructor can act on."""


def read_notebook(path: Path) -> dict[str, Any]:
    """Parse a notebook file as data (never executed), or raise ``SubmissionError`` saying why not."""
    try:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            raise SubmissionError(
                f"file is {size // 1_048_576} MB, larger than the {MAX_NOTEBOOK_BYTES // 1_048_576} MB limit"
            )
        data = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise SubmissionError(f"cannot read the file ({exc.strerror or exc})") from exc
    except orjson.JSONDecodeError as exc:
        raise SubmissionError(f"not a readable notebook: the file is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise SubmissionError("not a Jupyter notebook: it has no list of cells")
    return data
