"""Make a student release of the kit: everything but the answer keys.

Why: in a classroom the key must not travel with the notebooks. The release is a plain copy of the
kit with every case's ``key/`` folder left out, so notebooks fall back to their no-key behaviour
("check my work" says the key is not included) and nothing needs to be edited by hand. Notebook 03 still
needs to know which claims are checkable, so each case gets ``claims_to_check.csv`` in place of its key:
ids, paragraphs and quotes only, with no types, verdicts, events or explanations.

The instructor material that discusses answers stays behind too: each lesson plan is replaced by a short
note (so the notebooks' links still open something), each case's ``guide.md``, ``plans.md`` and
``prepost.csv`` (the pre/post items with their verdicts) are left out, and the verdict examples (in a
case's ``teaching.yaml``) are removed, since they name the key's verdict for real claims of the article.
The pre/post check still runs: each case with an item bank gets ``prepost_statements.csv`` (id, form and
statement only), which is all the widget shows.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from .activities.checks import CLAIMS_TO_CHECK, claims_to_check_csv
from .case.check import find_problems
from .case.files import CaseError
from .case.model import Case, load_case
from .case.prepost import STATEMENTS_FILE, statements_csv
from .case.selection import use_case
from .case.teaching import about_case

__all__ = ["make_release"]

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = ("notebooks", "lessons", "helpers", "requirements.txt", "pyproject.toml", "README.md", "Makefile")
IGNORE = shutil.ignore_patterns(
    "key", "__pycache__", "*.pyc", ".ipynb_checkpoints", "*.answers.json", "*.answers.json.*", ".mlkit", "kit-files",
    "*.egg-info", "*.jsonld", "guide.md", "plans.md", "prepost.csv",
)  # with the keys: the kit's own files of whoever used this copy (kit-files/, and where earlier releases kept them)
PLAN_NOTE = """# {title}

This lesson plan is part of the instructor copy of the Media Literacy Notebook Kit. It discusses the
answers, so it is not included in the student copy. Ask your teacher if you need it.
"""
# An `example:` mapping inside a YAML list item, up to the next key at the same or a lower indent.
_EXAMPLE_BLOCK = re.compile(r"^(?P<indent>[ ]+)example:[^\n]*\n(?:(?P=indent)[ ]+[^\n]*\n)*", re.MULTILINE)


# The README's opening paragraph about the article, replaced by the released case's own introduction.
_README_INTRO = re.compile(r"^Students read \*\*one real opinion article\*\*.*?(?=\n\n)", re.MULTILINE | re.DOTALL)


def make_release(out: Path, *, force: bool = False, case: str | None = None) -> Path:
    """Copy the kit to ``out`` without answer keys; refuse to overwrite unless ``force``.

    With ``case`` (an id in ``lessons/cases/``), only that case is shipped: it must pass ``check-case``,
    it becomes the release's ``kit.yaml`` case, and the README introduces its article from ``case.yaml``.
    """
    chosen = _checked_case(case) if case else None
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
    if chosen is not None:
        _keep_only(out, chosen)
    _write_claims_to_check(out)
    _write_prepost_statements(out)
    _withhold_instructor_material(out)
    leaked = [p for p in out.rglob("key") if p.is_dir()]
    if leaked:
        raise RuntimeError(f"answer keys still present in the release: {leaked}")
    return out


def _checked_case(case: str) -> Case:
    folder = ROOT / "lessons" / "cases" / case
    if not (folder / "case.yaml").is_file():
        raise CaseError(f"no case {case!r} in {folder.parent}")
    problems = find_problems(folder)
    if problems:
        listed = "; ".join(str(p) for p in problems[:5])
        raise CaseError(f"{case} has {len(problems)} problem(s) (python -m helpers check-case {folder}): {listed}")
    return load_case(folder)


def _keep_only(out: Path, case: Case) -> None:
    """Drop every other case, name this one in kit.yaml, and introduce its article in the README."""
    for folder in (out / "lessons" / "cases").iterdir():
        if folder.is_dir() and folder.name != case.id:
            shutil.rmtree(folder)
    use_case(case.id, out / "lessons")
    readme = out / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        text = _README_INTRO.sub(lambda _: about_case(case, readme=True), text, count=1)
        readme.write_text(re.sub(r"lessons/cases/[a-z0-9-]+", f"lessons/cases/{case.id}", text), encoding="utf-8")


def _write_claims_to_check(out: Path) -> None:
    """Give each copied case the quotes of its checkable claims, read from the instructor copy's key."""
    for case_dir in sorted((out / "lessons" / "cases").glob("*/")):
        source = ROOT / "lessons" / "cases" / case_dir.name
        if (source / "case.yaml").is_file():
            text = claims_to_check_csv(load_case(source))
            if text is not None:
                (case_dir / CLAIMS_TO_CHECK).write_text(text, encoding="utf-8")


def _write_prepost_statements(out: Path) -> None:
    """Give each copied case the statements of its pre/post check, without verdicts, sources or explanations."""
    for case_dir in sorted((out / "lessons" / "cases").glob("*/")):
        source = ROOT / "lessons" / "cases" / case_dir.name
        if (source / "case.yaml").is_file():
            text = statements_csv(load_case(source))
            if text is not None:
                (case_dir / STATEMENTS_FILE).write_text(text, encoding="utf-8")


def _withhold_instructor_material(out: Path) -> None:
    """Replace lesson plans with a note and strip the verdict scale's worked examples."""
    for plan in sorted((out / "lessons" / "plans").glob("*.md")):
        first = plan.read_text(encoding="utf-8").splitlines()[:1]
        title = first[0].lstrip("# ").strip() if first else plan.stem
        plan.write_text(PLAN_NOTE.format(title=title), encoding="utf-8")
    for teaching in sorted((out / "lessons" / "cases").glob("*/teaching.yaml")):
        _withhold_verdict_examples(teaching)
    verdicts = out / "lessons" / "taxonomy" / "verdicts.yaml"
    if verdicts.is_file():
        text = verdicts.read_text(encoding="utf-8")
        verdicts.write_text(_EXAMPLE_BLOCK.sub("", text), encoding="utf-8")


def _withhold_verdict_examples(path: Path) -> None:
    """A case's example beside each verdict names the key's verdict for a real claim: leave it out."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examples = data.get("examples") if isinstance(data, dict) else None
    if isinstance(examples, dict) and examples.pop("verdicts", None) is not None:
        path.write_text("# Student copy: the verdict examples are left out (they are answers).\n"
                        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
