"""Command line for instructors: ``python -m helpers grade|check-case|release``.

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
    from .case import CaseError
    from .grading import RosterError, grade_folder, load_settings, read_roster

    if not Path(args.submissions).exists():
        print(f"error: {args.submissions} does not exist", file=sys.stderr)
        return 2
    try:
        settings = load_settings(Path(args.settings) if args.settings else None)
        roster = read_roster(Path(args.roster)) if args.roster else None
        report = grade_folder(Path(args.submissions), Path(args.out), settings=settings, roster=roster,
                              workers=args.workers, cases_dir=Path(args.cases) if args.cases else None)
    except (CaseError, RosterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Graded {report.graded} of {report.files} file(s) for {report.students} student(s); "
          f"{report.errors} could not be graded.")
    print(f"  gradebook:  {report.gradebook}")
    print(f"  feedback:   {report.feedback_dir}/ (one .md and one .txt per student)")
    print(f"  to read:    {report.out}/hand/ ({report.to_read} written answer(s) without a level yet)")
    print(f"  LMS files:  {report.out}/lms/ (canvas.csv, moodle.csv, nbgrader.csv)")
    print(f"  flags:      {report.out}/flags.csv ({report.flags} to look at)")
    print(f"  errors:     {report.errors_file}" + (" (see the reasons there)" if report.errors else " (empty)"))
    if not report.graded:
        print("error: nothing was graded; see errors.csv for why", file=sys.stderr)
        return 1
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


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; return its exit status."""
    parser = argparse.ArgumentParser(prog="python -m helpers", description="Media Literacy Notebook Kit tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    grade = sub.add_parser("grade", help="grade every saved notebook under a folder, without running them")
    grade.add_argument("submissions", help="a folder of saved .ipynb files (searched recursively), or one file")
    grade.add_argument("--out", required=True, help="folder for gradebook.csv, errors.csv and feedback/")
    grade.add_argument("--roster", default=None,
                       help="roster.csv (student_id, name, email, sis_login): LMS ids, and who is missing")
    grade.add_argument("--settings", default=None, help="grading settings (default: lessons/grading.yaml)")
    grade.add_argument("--cases", default=None,
                       help="folder holding the case folders (default: lessons/cases); each record names its case")
    grade.add_argument("--workers", type=int, default=None, help="processes to use (default: automatic)")
    grade.set_defaults(run=_grade)

    check = sub.add_parser("check-case", help="validate a case folder; exit 0 only when clean")
    check.add_argument("case_dir")
    check.set_defaults(run=_check_case)

    release = sub.add_parser("release", help="copy the kit for students, without answer keys")
    release.add_argument("out", help="folder to create")
    release.add_argument("--force", action="store_true", help="replace the folder if it exists")
    release.set_defaults(run=_release)

    args = parser.parse_args(argv)
    return int(args.run(args))
