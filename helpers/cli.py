"""Command line for instructors: ``python -m helpers grade|report|export|handouts``, ``check-case|new-case|use-case``
and ``release``, and ``link|collect`` to hand the kit out and collect it on a JupyterHub.

Why a CLI: grading a class and checking an edited case are instructor jobs done outside notebooks,
often on a folder collected from an LMS, so they need a command with plain messages and exit codes.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

__all__ = ["main"]


# Each subcommand imports what it needs when it runs, so `--help` and the other subcommands stay fast.


def _grade(args: argparse.Namespace) -> int:
    """``_grade_class`` with the garbage collector off, as ``grading.heap`` keeps it while a class is graded.

    Why: what the grader loads first (its modules, the case, the settings) is kept for the whole run, so the
    ~30 collections loading it set off walked it and freed nothing (measured: ~7 ms of a 100-student run).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _grade_class(args)
    finally:
        if enabled:
            gc.enable()


def _grade_class(args: argparse.Namespace) -> int:
    from .case import CaseError, load_case
    from .case.switches import class_switches
    from .grading import RosterError, grade_folder, load_settings, read_roster

    if not Path(args.submissions).exists():
        print(f"error: {args.submissions} does not exist", file=sys.stderr)
        return 2
    try:
        settings = load_settings(Path(args.settings) if args.settings else None)
        roster = read_roster(Path(args.roster)) if args.roster else None
        # the class file the notebooks read, so grades match what students were shown
        switches = class_switches(load_case(), args.class_file, args.whole_key)
        report = grade_folder(Path(args.submissions), Path(args.out), settings=settings, roster=roster,
                              workers=args.workers, cases_dir=Path(args.cases) if args.cases else None,
                              switches=switches)
    except (CaseError, RosterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if switches is not None:
        print(f"Following the class file {switches.source}: scores compare with only what it showed students "
              f"({switches.summary()}). --whole-key grades against the whole key.")
    print(f"Graded {report.graded} of {report.files} file(s) for {report.students} student(s); "
          f"{report.errors} could not be graded.")
    for case_id, left_out in report.left_out.items():
        print(f"Case {case_id!r}: its key gives no claim a verdict, so {' and '.join(left_out)} (notebook 03) are "
              "left out of its students' totals (each row's notes say so).")
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


def _report(args: argparse.Namespace) -> int:
    from .report.__main__ import run

    return run(args)


def _export(args: argparse.Namespace) -> int:
    from .exports import export_folder

    if not Path(args.submissions).exists():
        print(f"error: {args.submissions} does not exist", file=sys.stderr)
        return 2
    report = export_folder(Path(args.submissions), Path(args.out), cases_dir=Path(args.cases) if args.cases else None)
    print(f"Read {report.files} notebook(s) of {report.students} student(s); wrote {len(report.written)} JSON-LD "
          f"file(s) to {args.out}/<student>/ (nothing was run).")
    print(f"  index:   {report.index}")
    print(f"  errors:  {report.errors_file}" + (f" ({len(report.errors)}; see the reasons there)" if report.errors
                                                 else " (empty)"))
    return 0 if report.written or not report.files else 1


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


# --- hand out and collect (helpers/distribute; self-contained, re-apply as one block) ---
def _link(args: argparse.Namespace) -> int:
    from .distribute.link import default_repo, describe, make_links

    repo = args.repo or default_repo()
    if not repo:
        print("error: give --repo (the kit's git URL); this checkout has no 'origin' remote", file=sys.stderr)
        return 2
    try:
        links = make_links(args.hub, repo, args.branch, args.notebook)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(describe(links, args.branch, args.notebook))
    return 0


def _collect(args: argparse.Namespace) -> int:
    from .distribute.collect import collect, describe

    if args.homes is None and args.exchange is None:
        print("error: give --from HOMES and/or --exchange INBOUND", file=sys.stderr)
        return 2
    for folder in (args.homes, args.exchange):
        if folder is not None and not Path(folder).is_dir():
            print(f"error: {folder} is not a folder", file=sys.stderr)
            return 2
    try:
        report = collect(
            args.homes and Path(args.homes), Path(args.out), exchange=args.exchange and Path(args.exchange),
            assignment=args.assignment, max_bytes=int(args.max_mb * 1024 * 1024), strip_prefix=args.strip_prefix,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(describe(report, Path(args.out)))
    return 0


def _add_distribute(sub: argparse._SubParsersAction) -> None:
    link = sub.add_parser("link", help="print the nbgitpuller links (JupyterHub, Canvas, Binder) that hand out the kit")
    link.add_argument("--hub", required=True, help="the JupyterHub's URL, e.g. https://hub.example.edu")
    link.add_argument("--repo", help="the kit's git URL (default: this checkout's 'origin' remote)")
    link.add_argument("--branch", default="main", help="branch to pull (default: main; nbgitpuller's own is master)")
    link.add_argument("--notebook", default="notebooks/00_welcome.ipynb", help="notebook to open, inside the kit")
    link.set_defaults(run=_link)

    collect = sub.add_parser("collect", help="copy students' saved notebooks from a hub's home folders for grading")
    collect.add_argument("--from", dest="homes", help="the folder holding one home folder per hub user")
    collect.add_argument("--exchange", help="an nbgrader exchange's course folder or its inbound/ folder")
    collect.add_argument("--out", required=True, help="folder to fill as <student>/<assignment>/...")
    collect.add_argument("--assignment", help="the kit folder in each home (default: any folder with notebooks/)")
    collect.add_argument("--max-mb", type=float, default=20, help="skip files larger than this (default: 20)")
    collect.add_argument("--strip-prefix", default="", help="home folders are <prefix><user> (TLJH: jupyter-)")
    collect.set_defaults(run=_collect)
# --- end of hand out and collect ---


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
    grade.add_argument("--roster", default=None,
                       help="roster.csv (student_id, name, email, sis_login): LMS ids, and who is missing")
    grade.add_argument("--settings", default=None, help="grading settings (default: lessons/grading.yaml)")
    grade.add_argument("--cases", default=None,
                       help="folder holding the case folders (default: lessons/cases); each record names its case")
    grade.add_argument("--workers", type=int, default=None, help="processes to use (default: automatic)")
    grade.add_argument("--class", dest="class_file", default=None,
                       help="the class file students worked under (default: the one the notebooks read, "
                       "MLKIT_CLASS or lessons/class.yaml, if any): compare with only what it showed them")
    grade.add_argument("--whole-key", action="store_true", help="ignore any class file; grade against the whole key")
    grade.set_defaults(run=_grade)

    report = sub.add_parser("report", help="one HTML page on what the class found, missed and disagreed on")
    report.add_argument("submissions", help="a folder of saved .ipynb files (searched recursively)")
    report.add_argument("--out", required=True, help="folder for class_report.html")
    report.add_argument("--case", default=None, help="case id or folder (default: the kit's case, lessons/kit.yaml)")
    report.add_argument("--names", action="store_true", help="show who wrote each written answer")
    report.add_argument("--no-prepost", action="store_true", help="leave out the pre/post check")
    report.add_argument("--class", dest="class_file", default=None,
                        help="the class file students worked under (default: MLKIT_CLASS or lessons/class.yaml)")
    report.add_argument("--whole-key", action="store_true", help="ignore any class file; compare with the whole key")
    report.set_defaults(run=_report)

    export = sub.add_parser("export", help="each student's verdicts (schema.org ClaimReview) and tags (W3C Web "
                            "Annotation) as JSON-LD files, read without running anything")
    export.add_argument("submissions", help="a folder of saved .ipynb files (searched recursively), or one file")
    export.add_argument("--out", required=True, help="folder for <student>/*.jsonld, index.csv and errors.csv")
    export.add_argument("--cases", default=None,
                        help="folder holding the case folders (default: lessons/cases); each record names its case")
    export.set_defaults(run=_export)

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

    _add_distribute(sub)
    handouts = sub.add_parser("handouts", help="printable pages: article, who's who and glossary, question cards, "
                              "teacher's answers (HTML, and PDF when Chromium is present)")
    handouts.add_argument("--out", required=True, help="folder to write the pages into")
    handouts.add_argument("--case", default=None, help="case id or folder (default: the kit's case)")
    handouts.add_argument("--no-pdf", action="store_true", help="write HTML only")
    handouts.set_defaults(run=_handouts)

    args = parser.parse_args(argv)
    return int(args.run(args))
