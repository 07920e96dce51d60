"""How fast does a class grade? The kit's grader beside the parse-only floor and beside executing notebooks.

Prints ratios measured in this one run: notebooks per second for (a) orjson parsing alone, the floor any
reader of these files pays, (b) ``helpers.grading.grade_folder``, and (c) executing a sample with
nbclient, which is what nbgrader's autograde does for every submission. Also the peak memory of
grading a small and a large class, to show it stays flat as the class grows.
Run: ``make bench`` or ``.venv/bin/python benchmarks/grading_throughput.py [COUNT]``.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
from _class import ROOT, make_class

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
SAMPLE_EXECUTED = 3


def _grade_in_child(folder: Path, out: Path) -> tuple[float, int]:
    """Grade in a fresh process; return (seconds, peak RSS in MB) of that process alone."""
    code = (
        "import sys,time,resource;from pathlib import Path;from helpers.grading import grade_folder;"
        "t=time.perf_counter();r=grade_folder(Path(sys.argv[1]),Path(sys.argv[2]));"
        "d=time.perf_counter()-t;"
        "m=max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "print(d,m//1024,r.graded,r.errors)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(out)], capture_output=True, text=True, check=True
    )
    seconds, megabytes, _graded, errors = result.stdout.split()
    assert int(errors) == 0, "benchmark notebooks should all grade"
    return float(seconds), int(megabytes)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="mlkit-bench-"))
    try:
        start = time.perf_counter()
        paths = make_class(work / "class", COUNT)
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
        print(f"made {COUNT} saved notebooks (mean {size:.0f} KB) in {time.perf_counter() - start:.1f} s")

        start = time.perf_counter()
        for path in paths:
            orjson.loads(path.read_bytes())
        floor = time.perf_counter() - start

        seconds, peak = _grade_in_child(work / "class", work / "out")
        small = work / "small"
        small.mkdir()
        for path in paths[: max(1, COUNT // 5)]:
            shutil.copytree(path.parent, small / path.parent.name)
        _, small_peak = _grade_in_child(small, work / "out-small")

        import nbformat
        from nbclient import NotebookClient

        start = time.perf_counter()
        for path in paths[:SAMPLE_EXECUTED]:
            notebook = nbformat.read(path, as_version=4)
            NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
        executed = (time.perf_counter() - start) / SAMPLE_EXECUTED

        rows = [
            ("parse only (orjson)", COUNT / floor, f"{floor:.2f} s for {COUNT}"),
            ("kit grader", COUNT / seconds, f"{seconds:.2f} s for {COUNT}; target <= 2 s"),
            ("execute (nbclient)", 1 / executed, f"{executed:.2f} s each, sample of {SAMPLE_EXECUTED}"),
        ]
        for name, rate, note in rows:
            print(f"{name + ':':24}{rate:10.2f} notebooks/s  ({note})")
        print(f"grader vs parse floor:  {floor / seconds:.2f}x the floor's speed")
        print(f"grader vs executing:    {executed * COUNT / seconds:,.0f}x faster than running every notebook")
        print(f"peak memory: {small_peak} MB grading {max(1, COUNT // 5)}, {peak} MB grading {COUNT}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, resource.getrlimit(resource.RLIMIT_NOFILE))
    main()
