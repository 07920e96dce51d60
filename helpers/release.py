"""Make a student release of the kit: everything but the answer keys.

Why: in a classroom the key must not travel with the notebooks. The release is a plain copy of the
kit with every case's ``key/`` folder left out, so notebooks fall back to their no-key behaviour
("check my work" says the key is not included) and nothing needs to be edited by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["make_release"]

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = ("notebooks", "lessons", "helpers", "requirements.txt", "pyproject.toml", "README.md", "Makefile")
IGNORE = shutil.ignore_patterns(
    "key", "__pycache__", "*.pyc", ".ipynb_checkpoints", "*.answers.json", "*.answers.json.*", ".mlkit", "*.egg-info"
)


def make_release(out: Path, *, force: bool = False) -> Path:
    """Copy the kit to ``out`` without answer keys; refuse to overwrite unless ``force``."""
    out = Path(out).resolve()
    if out.exists():
        if not force:
            raise FileExistsError(f"{out} already exists (use --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in INCLUDE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=IGNORE)
        elif source.is_file():
            shutil.copy2(source, out / name)
    leaked = [p for p in out.rglob("key") if p.is_dir()]
    if leaked:
        raise RuntimeError(f"answer keys still present in the release: {leaked}")
    return out
