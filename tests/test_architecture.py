"""The layers of ``helpers`` hold: each imports only from layers below it, there are no import cycles, imports
inside functions only load heavy libraries lazily, and the grader loads no widget, display or plotting library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "helpers"

# Lowest first. A module may import modules of a lower layer, and modules of its own subpackage.
LAYERS = {
    "distribute": 1,  # hand out and collect: the standard library only, beside the case data
    "case": 1,
    "record": 2,
    "scoring": 3,
    "activities": 4,
    "views": 5, "grading": 5, "release": 5, "handouts": 5,
    "report": 6,  # the class report: reads the class as the grader does, and draws its own SVG
    "exports": 6,  # the teacher's JSON-LD exports: read the class as the grader does
    "widgets": 6,
    "cli": 7,
    "__main__": 8,  # python -m helpers: runs the command line
    "": 9,  # helpers/__init__.py: the notebook API
}
# Grading, the release and the command line sit on data, record, scoring and activities only.
DATA_ONLY = {"grading", "release", "cli", "__main__"}
DATA_LAYERS = {"case", "record", "scoring", "activities", "grading", "release", "handouts", "cli", "distribute",
               "report", "exports"}
# Third-party libraries a layer must not import at module level.
UI_LIBRARIES = {"IPython", "ipywidgets", "anywidget", "traitlets", "matplotlib", "pandas", "jsonschema"}
NO_UI = {"case", "record", "scoring", "activities", "grading", "release", "handouts", "cli", "__main__", "",
         "distribute", "exports"}
# Imports allowed inside a function body: heavy libraries, loaded when first needed (and said so in a comment).
# concurrent.futures (with multiprocessing and logging) is the grader's process pool, only where there is no fork.
# tempfile (with random) is ``record.atomic``'s, which the grader needs only for a teacher's hand scores; signal is
# the grader's only to stop a forked copy when grading stops early.
LAZY_THIRD_PARTY = {"IPython", "matplotlib", "jsonschema", "fastjsonschema", "concurrent", "tempfile", "signal"}


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _group(module: str) -> str:
    """The layer group of a module: its subpackage under helpers, or '' for the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _resolve(module: str, node: ast.ImportFrom) -> list[str]:
    """The helpers modules an ``import from`` statement loads."""
    is_package = MODULES[module].name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
        target = ".".join([*base, *(node.module.split(".") if node.module else [])])
    else:
        target = node.module or ""
    submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
    # `from . import x` loads the package, then its submodule x; importing names defined in the package
    # itself depends on the package.
    names_from_package = len(submodules) < len(node.names)
    return ([target] if target in MODULES and (node.module or names_from_package) else []) + submodules


class _Imports(ast.NodeVisitor):
    """Every import of a module: (what, line, in a function?, under ``if TYPE_CHECKING``?, is it ours?)."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.found: list[tuple[str, int, bool, bool, bool]] = []
        self._depth = 0
        self._typing = 0

    def visit_FunctionDef(self, node: ast.AST) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        typing = isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        self._typing += typing
        for child in node.body:
            self.visit(child)
        self._typing -= typing
        for child in node.orelse:
            self.visit(child)

    def _add(self, what: str, line: int, ours: bool) -> None:
        self.found.append((what, line, self._depth > 0, self._typing > 0, ours))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno, alias.name.split(".")[0] == "helpers")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        ours = node.level > 0 or (node.module or "").split(".")[0] == "helpers"
        if ours:
            for target in _resolve(self.module, node):
                self._add(target, node.lineno, True)
        else:
            self._add(node.module or "", node.lineno, False)


IMPORTS = {}
for _module, _path in MODULES.items():
    _visitor = _Imports(_module)
    _visitor.visit(ast.parse(_path.read_text(encoding="utf-8")))
    IMPORTS[_module] = _visitor.found


def test_every_subpackage_has_a_layer():
    assert {_group(m) for m in MODULES} <= set(LAYERS)


def test_each_layer_imports_only_from_layers_below():
    wrong = []
    for module, imports in IMPORTS.items():
        for target, line, _, typing, ours in imports:
            if not ours or typing:
                continue
            mine, theirs = _group(module), _group(target)
            if mine != theirs and not LAYERS[theirs] < LAYERS[mine]:
                wrong.append(f"{module}:{line} imports {target} (layer {LAYERS[theirs]} ≥ {LAYERS[mine]})")
    assert not wrong, "\n".join(wrong)


def test_grading_release_and_cli_use_data_layers_only():
    wrong = [f"{m}:{line} imports {t}" for m, imports in IMPORTS.items() if _group(m) in DATA_ONLY
             for t, line, _, typing, ours in imports if ours and not typing and _group(t) not in DATA_LAYERS]
    assert not wrong, "\n".join(wrong)


def test_lower_layers_import_no_display_or_plotting_library_at_module_level():
    wrong = [f"{m}:{line} imports {t}" for m, imports in IMPORTS.items() if _group(m) in NO_UI
             for t, line, inside, typing, ours in imports
             if not ours and not inside and not typing and t.split(".")[0] in UI_LIBRARIES]
    assert not wrong, "\n".join(wrong)


def test_imports_inside_functions_only_load_heavy_libraries_lazily_and_say_so():
    wrong = []
    for module, imports in IMPORTS.items():
        lines = MODULES[module].read_text(encoding="utf-8").splitlines()
        for target, line, inside, _, ours in imports:
            if not inside:
                continue
            if module == "helpers.cli" and ours:
                continue  # each subcommand loads its own stage, so `--help` stays fast (said at the top of cli.py)
            lazy = not ours and target.split(".")[0] in LAZY_THIRD_PARTY
            if not lazy or "imported here" not in lines[line - 1]:
                wrong.append(f"{module}:{line}: {lines[line - 1].strip()}")
    assert not wrong, "\n".join(wrong)


def test_there_are_no_import_cycles():
    graph = {m: sorted({t for t, _, _, typing, ours in imports if ours and not typing and t != m})
             for m, imports in IMPORTS.items()}
    # A package's __init__ importing its own submodules is how Python builds a package, not a cycle,
    # unless a submodule imports the package back: that edge is kept, so such a cycle is still found.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in graph:
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


HEAVY = ("ipywidgets", "anywidget", "IPython", "matplotlib", "pandas", "jsonschema")


def _loaded_after(code: str, *args: str) -> list[str]:
    script = f"{code}\nimport sys\nprint('LOADED:', *(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    return result.stdout.strip().splitlines()[-1].removeprefix("LOADED:").split()


@pytest.mark.parametrize("code", [
    "import helpers.grading",
    "import helpers",
    "import runpy, sys\nsys.argv = ['helpers', 'grade', '--help']\ntry:\n"
    "    runpy.run_module('helpers', run_name='__main__')\nexcept SystemExit:\n    pass",
], ids=["import helpers.grading", "import helpers", "python -m helpers grade --help"])
def test_the_grader_and_the_package_load_no_heavy_library(code: str):
    assert _loaded_after(code) == []


def test_grading_a_folder_loads_no_heavy_library(tmp_path: Path):
    code = ("import sys\nfrom pathlib import Path\n"
            "from helpers.grading import grade_folder\nfixture = Path('tests/fixtures/release-0.1')\n"
            "r = grade_folder(fixture / 'submissions', Path(sys.argv[1]), cases_dir=fixture / 'case')\n"
            "assert r.graded == 4")
    assert _loaded_after(code, str(tmp_path)) == []
