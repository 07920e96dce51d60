"""Command line for instructors: ``python -m helpers grade|check-case|release|handouts``.

Why a CLI: grading a class and checking an edited case are instructor jobs done outside notebooks,
often on a folder collected from an LMS, so they need a command with plain messages and exit codes.
"""

from __future__ import annotations

import argparse
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


def _release(args: argparse.Namespace) -> int:
    from .release import make_release

    try:
        path = make_release(Path(args.out), force=args.force)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Student release written to {path} (no answer keys inside).")
    return 0


def _handouts(args: argparse.Namespace) -> int:
    from .case import CaseError, load_case
    from .handouts import write_handouts

    try:
        written = write_handouts(Path(args.out), load_case(args.case), pdf=False if args.no_pdf else None)
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {len(written)} file(s) to {args.out}:")
    for path in written:
        print(f"  {path.name}")
    if not any(p.suffix == ".pdf" for p in written) and not args.no_pdf:
        print("(no PDF: Chromium is not installed; print the HTML pages from a browser instead)")
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

    release = sub.add_parser("release", help="copy the kit for students, without answer keys")
    release.add_argument("out", help="folder to create")
    release.add_argument("--force", action="store_true", help="replace the folder if it exists")
    release.set_defaults(run=_release)

    handouts = sub.add_parser("handouts", help="printable pages: article, who's who and glossary, question cards, "
                              "teacher's answers (HTML, and PDF when Chromium is present)")
    handouts.add_argument("--out", required=True, help="folder to write the pages into")
    handouts.add_argument("--case", default=None, help="case id or folder (default: the kit's case)")
    handouts.add_argument("--no-pdf", action="store_true", help="write HTML only")
    handouts.set_defaults(run=_handouts)

    args = parser.parse_args(argv)
    return int(args.run(args))
