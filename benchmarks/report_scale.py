"""Does the class report keep up with grading? Report time against ``python -m helpers grade`` on the same folder,
and the report's peak memory at 200 and at 1,000 students (it should stay flat).

Both run as fresh processes, start-up included, as an instructor runs them. Target: the report takes at most
2x the grader's time. Run: ``.venv/bin/python benchmarks/report_scale.py [COUNT] [--keep DIR]``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report_class import ROOT, make_class


def _timed(args: list[str]) -> tuple[float, int]:
    """Run ``python -m <args>`` in a fresh process; return (wall seconds, peak RSS of that process in MB)."""
    code = ("import resource,runpy,sys,time;sys.argv=sys.argv[1:];t=time.perf_counter();\n"
            "try:\n runpy.run_module(sys.argv[0],run_name='__main__',alter_sys=True)\n"
            "except SystemExit:\n pass\n"
            "r=resource.getrusage;print('BENCH',time.perf_counter()-t,"
            "max(r(resource.RUSAGE_SELF).ru_maxrss,r(resource.RUSAGE_CHILDREN).ru_maxrss)//1024)")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                            check=True)
    wall = time.perf_counter() - start
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH"))
    return wall, int(line.split()[2])


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1000
    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    work = keep or Path(tempfile.mkdtemp(prefix="mlkit-report-bench-"))
    try:
        start = time.perf_counter()
        paths = make_class(work / "class", count)
        print(f"made {count} students ({len(paths)} saved notebooks) in {time.perf_counter() - start:.1f} s")
        grade, grade_mb = _timed(["helpers", "grade", str(work / "class"), "--out", str(work / "grades")])
        report, report_mb = _timed(["helpers.report", str(work / "class"), "--out", str(work / "report")])
        small = work / "small"
        small.mkdir(exist_ok=True)
        for n in range(max(1, count // 5)):
            shutil.copytree(work / "class" / f"student-{n:04d}", small / f"student-{n:04d}", dirs_exist_ok=True)
        _, small_mb = _timed(["helpers.report", str(small), "--out", str(work / "report-small")])
        size = (work / "report" / "class_report.html").stat().st_size / 1024
        print(f"grade  ({count} students): {grade:6.2f} s wall, peak {grade_mb} MB (largest process)")
        print(f"report ({count} students): {report:6.2f} s wall, peak {report_mb} MB; page {size:.0f} KB")
        print(f"report / grade: {report / grade:.2f}x (target <= 2x)")
        print(f"report peak memory: {small_mb} MB at {max(1, count // 5)} students, {report_mb} MB at {count}")
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
