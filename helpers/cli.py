"""Command line for instructors: ``python -m helpers grade|check-case|new-case|use-case|release``.

Why a CLI: grading a class and checking an edited case are instructor jobs done outside notebooks,
often on a folder collected from an LMS, so they need a command with plain messages and exit codes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["main"]


# Each subcommand imports what it needs when it runs, so `--help` and the other subcommands stay fast.


def _grade(args: argparse.Namespace) -> int:
    from .case import CaseError, load_case
    from .grading import SubmissionError, grade_folder

    if not Path(args.submissions).exists():
        print(f"error: {args.submissions} does not exist", file=sys.stderr)
        return 2
    try:
        case = load_case(args.case)  # None: the kit's current case (lessons/kit.yaml)
        report = grade_folder(Path(args.submissions), Path(args.out), case, workers=args.workers)
    except (CaseError, SubmissionError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Graded {report.graded} notebook(s); {report.errors} could not be graded.")
    print(f"  gradebook: {report.gradebook}")
    print(f"  feedback:  {report.feedback_dir}/")
    print(f"  errors:    {report.errors_file}" + (" (see the reasons there)" if report.errors else " (empty)"))
    return 0


def _check_case(args: argparse.Namespace) -> int:
    from .case.check import main as check_case_main

    return check_case_main([args.case_dir])


def _new_case(args: argparse.Namespace) -> int:
    from .case import CaseError
    from .case.files import LESSONS_DIR
    from .case.new import new_case

    cases = Path(args.cases_dir) if args.cases_dir else LESSONS_DIR / "cases"
    try:
        folder = new_case(args.id, Path(args.article), cases, force=args.force)
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"New case written to {folder}:")
    for name in ("article.md", "case.yaml", "teaching.yaml", "guide.md", "sources.csv", "timeline.csv",
                 "key/claims.csv", "key/devices.csv"):
        print(f"  {name}")
    print("Next: fill in the TODOs of case.yaml, add sources, events and key rows (lessons/README.md shows how),")
    print(f"then run `python -m helpers check-case {folder}` and `python -m helpers use-case {args.id}`.")
    return 0


def _use_case(args: argparse.Namespace) -> int:
    from .case import CaseError, load_case
    from .case.check import find_problems
    from .case.files import LESSONS_DIR
    from .case.selection import CASE_ENV, use_case

    lessons = Path(args.lessons_dir) if args.lessons_dir else LESSONS_DIR
    folder = lessons / "cases" / args.id
    if not (folder / "case.yaml").is_file():
        known = sorted(p.parent.name for p in (lessons / "cases").glob("*/case.yaml"))
        print(f"error: no case {args.id!r} in {lessons / 'cases'} (cases there: {', '.join(known) or 'none'})",
              file=sys.stderr)
        return 2
    problems = find_problems(folder)
    if problems:
        for problem in problems:
            print(problem)
        print(f"error: {len(problems)} problem(s) in {folder}; the kit still teaches its current case. Fix them "
              f"(python -m helpers check-case {folder}) and try again.", file=sys.stderr)
        return 1
    try:
        old, new = use_case(args.id, lessons)
        case = load_case(folder)
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    about = f"“{case.title}” by {case.meta.get('author')} ({case.meta.get('outlet')}, {case.meta.get('published')})"
    if old == new:
        print(f"The kit already teaches {new}: {about}. Nothing changed.")
    else:
        print(f"The kit now teaches {new}: {about}.")
        print(f"  {lessons / 'kit.yaml'}: case: {old or '(none)'} → {new}")
        print("  Notebooks pick it up when their cells are run again (Kernel → Restart Kernel and Run All Cells);")
        print("  `python -m helpers grade` and `python -m helpers release` use it from now on.")
    if os.environ.get(CASE_ENV):
        print(f"  Note: {CASE_ENV}={os.environ[CASE_ENV]} is set in this shell and overrides kit.yaml.")
    return 0


def _release(args: argparse.Namespace) -> int:
    from .case import CaseError
    from .release import make_release

    try:
        path = make_release(Path(args.out), force=args.force, case=args.case)
    except (FileExistsError, CaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Student release written to {path} (no answer keys inside).")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; return its exit status."""
    parser = argparse.ArgumentParser(prog="python -m helpers", description="Media Literacy Notebook Kit tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    grade = sub.add_parser("grade", help="grade every saved notebook under a folder, without running them")
    grade.add_argument("submissions", help="a folder of saved .ipynb files (searched recursively), or one file")
    grade.add_argument("--out", required=True, help="folder for gradebook.csv, errors.csv and feedback/")
    grade.add_argument("--case", default=None,
                       help="case id or folder (default: the kit's case, named in lessons/kit.yaml)")
    grade.add_argument("--workers", type=int, default=None, help="processes to use (default: automatic)")
    grade.set_defaults(run=_grade)

    check = sub.add_parser("check-case", help="validate a case folder; exit 0 only when clean")
    check.add_argument("case_dir")
    check.set_defaults(run=_check_case)

    new = sub.add_parser("new-case", help="start a case folder from an article's text (plain text or Markdown)")
    new.add_argument("id", help="the new case's id, e.g. school-meals-2024 (lowercase, digits, hyphens)")
    new.add_argument("--article", required=True, help="the article as a .txt or .md file")
    new.add_argument("--cases-dir", default=None, help="where to create it (default: lessons/cases)")
    new.add_argument("--force", action="store_true", help="overwrite the files of an existing folder")
    new.set_defaults(run=_new_case)

    use = sub.add_parser("use-case", help="check a case, then make it the one the kit teaches (lessons/kit.yaml)")
    use.add_argument("id", help="a folder of lessons/cases/")
    use.add_argument("--lessons-dir", default=None, help=argparse.SUPPRESS)
    use.set_defaults(run=_use_case)

    release = sub.add_parser("release", help="copy the kit for students, without answer keys")
    release.add_argument("out", help="folder to create")
    release.add_argument("--force", action="store_true", help="replace the folder if it exists")
    release.add_argument("--case", default=None,
                         help="ship only this case (and make it the release's case); default: every case")
    release.set_defaults(run=_release)

    args = parser.parse_args(argv)
    return int(args.run(args))
