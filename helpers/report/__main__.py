"""Write the class report for a folder of saved notebooks: ``run`` serves ``python -m helpers report``, and
``python -m helpers.report SUBMISSIONS --out DIR`` runs it alone.

``helpers/cli.py`` declares the same arguments itself rather than importing this module, so that the
command line's other subcommands (and ``--help``) do not load the report's numerical libraries.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import class_switches, report_folder
from .inputs import CaseError, load_case
from .page import write_page

__all__ = ["add_subcommand", "main", "run"]


def run(args: argparse.Namespace) -> int:
    """Build and write the report; print where it is. Exit status 2 for a bad folder or case."""
    if not Path(args.submissions).exists():
        print(f"error: {args.submissions} does not exist", file=sys.stderr)
        return 2
    try:
        case = load_case(args.case)
        # the class file the notebooks read, followed as ``grade`` follows it
        switches = class_switches(case, getattr(args, "class_file", None), getattr(args, "whole_key", False))
        report = report_folder(Path(args.submissions), case, names=args.names, prepost=not args.no_prepost,
                               switches=switches)
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if switches is not None:
        print(f"Following the class file {switches.source}: the report counts only the key items it showed "
              f"students ({switches.summary()}). --whole-key compares with the whole key.")
    path = write_page(report, Path(args.out))
    problems = sum(1 for row in report.progress if row.problems)
    print(f"Class report for {report.students} student(s) written to {path}"
          + (f" ({problems} with files that could not be read: see Progress)" if problems else ""))
    return 0


def add_subcommand(sub: argparse._SubParsersAction) -> None:
    """Add ``report`` to a subcommand parser (``helpers/cli.py`` calls this)."""
    report = sub.add_parser("report", help="one HTML page on what the class found, missed and disagreed on")
    report.add_argument("submissions", help="a folder of saved .ipynb files (searched recursively)")
    report.add_argument("--out", required=True, help="folder for class_report.html")
    report.add_argument("--case", default=None, help="case id or folder (default: the kit's case, lessons/kit.yaml)")
    report.add_argument("--names", action="store_true", help="show who wrote each written answer")
    report.add_argument("--no-prepost", action="store_true", help="leave out the pre/post check")
    report.add_argument("--class", dest="class_file", default=None,
                        help="the class file students worked under (default: MLKIT_CLASS or lessons/class.yaml)")
    report.add_argument("--whole-key", action="store_true", help="ignore any class file; compare with the whole key")
    report.set_defaults(run=run)


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and write the report."""
    parser = argparse.ArgumentParser(prog="python -m helpers.report", description="The class report.")
    sub = parser.add_subparsers(dest="command")
    add_subcommand(sub)
    args = parser.parse_args(["report", *(sys.argv[1:] if argv is None else argv)])
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
