"""What does ``import helpers`` cost, beside the libraries every notebook needs anyway? And what does grading load?

Prints, measured alternately in this one run (fresh subprocesses, median of RUNS each), the time of
``import helpers`` against the floor ``import pandas, matplotlib.pyplot, ipywidgets`` and their ratio
(the target is at most 1.15). Also the time of the notebook API in full (every name in ``helpers.__all__``
resolved), for scale, and which heavy libraries the grader loads: ``python -m helpers grade --help`` and
grading a folder must load no widget, display or plotting library, nor jsonschema.
Run: ``make bench`` or ``.venv/bin/python benchmarks/import_time.py [RUNS]``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
TARGET = 1.15
HEAVY = ("ipywidgets", "anywidget", "IPython", "matplotlib", "pandas", "jsonschema", "traitlets")

FLOOR = "import pandas, matplotlib.pyplot, ipywidgets"
KIT = "import helpers"
FULL = "import helpers\nfor name in helpers.__all__: getattr(helpers, name)"
LOADED = "import sys\nprint('LOADED:', *(m for m in {heavy!r} if m in sys.modules))"
GRADE_HELP = (
    "import runpy, sys\nsys.argv = ['helpers', 'grade', '--help']\n"
    "try:\n    runpy.run_module('helpers', run_name='__main__')\nexcept SystemExit:\n    pass\n"
)
GRADE_FOLDER = (
    "import sys\nfrom pathlib import Path\n"
    "from helpers.grading import grade_folder\n"
    "fixture = Path('tests/fixtures/release-0.1')\n"
    "report = grade_folder(fixture / 'submissions', Path(sys.argv[1]), cases_dir=fixture / 'case')\n"
    "assert report.graded, 'the fixture class graded nothing'\n"
)


def _time(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def _loaded(code: str, *args: str) -> list[str]:
    script = code + "\n" + LOADED.format(heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, check=True, capture_output=True,
                            text=True)
    last = result.stdout.strip().splitlines()[-1]
    return last.removeprefix("LOADED:").split()


def main() -> int:
    _time(FULL)  # warm the file cache and the .pyc files once, so the first measured run is not penalised
    samples: dict[str, list[float]] = {"floor": [], "kit": [], "full": []}
    for _ in range(RUNS):  # alternate, so a busy machine slows all three alike
        samples["floor"].append(_time(FLOOR))
        samples["kit"].append(_time(KIT))
        samples["full"].append(_time(FULL))
    floor, kit, full = (statistics.median(samples[k]) for k in ("floor", "kit", "full"))
    ratio = kit / floor
    print(f"Import cost, median of {RUNS} fresh processes each, measured alternately:")
    print(f"  {FLOOR:<48} {floor:6.2f} s  (the floor)")
    print(f"  {KIT:<48} {kit:6.2f} s  ratio {ratio:.2f} (target at most {TARGET})")
    print(f"  {'import helpers + every notebook API name':<48} {full:6.2f} s  ratio {full / floor:.2f} (for scale)")
    with tempfile.TemporaryDirectory() as out:
        footprints = {
            "import helpers": _loaded(KIT),
            "python -m helpers grade --help": _loaded(GRADE_HELP),
            "grade_folder on the release-0.1 fixture": _loaded(GRADE_FOLDER, out),
        }
    print(f"Heavy libraries loaded (of {', '.join(HEAVY)}):")
    for what, modules in footprints.items():
        print(f"  {what:<42} {', '.join(modules) or 'none'}")
    grader_clean = not footprints["python -m helpers grade --help"] and not footprints[
        "grade_folder on the release-0.1 fixture"]
    return 0 if ratio <= TARGET and grader_clean else 1


if __name__ == "__main__":
    sys.exit(main())
