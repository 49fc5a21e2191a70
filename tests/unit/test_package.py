"""The package's shape: concept folders, one-way imports, one public API, a current stub.

The architecture is declared here, in ``LAYERS``: which concept may import which. A new
import that goes against it, an import cycle, an import of another concept's private
module, a function-level import without a stated reason, or a module that outgrows
``MAX_LINES`` fails a test that names it.
"""

from __future__ import annotations

import ast
import graphlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

import kernelkeras
from kernelkeras._protocols import MODULE_NAME, MODULE_VERSION

PACKAGE = Path(kernelkeras.__file__).parent
PROJECT = PACKAGE.parent
MAX_LINES = 400
#: Each part of kernelkeras and the parts it may import ("_x" are top-level modules).
#: Read bottom-up: data flows model -> callback (live) -> record -> frames and figures.
LAYERS: dict[str, set[str]] = {
    "_version": set(),
    "_backend": set(),
    "_options": set(),
    "_text": set(),
    "_configs": set(),
    "_protocols": {"_version"},
    "pipe": {"_text", "_backend"},
    "ops": {"_text", "_backend", "pipe"},
    "frames": {"_text", "_backend"},
    "plot": {"_text", "_backend", "_protocols", "frames"},
    "frontend": {"_text", "_protocols", "plot"},
    "live": {"_text", "_backend", "_protocols", "frames", "frontend", "plot"},
    "verbs": {"_text", "_configs", "_backend", "_options", "frames", "live"},
    "datasets": {"_text", "_backend"},
    "images": {"_text", "_backend"},
    "applications": {"_text", "_backend"},
    "preprocessing": {"_text", "_backend"},
    "text": {"_text", "_backend", "preprocessing"},
    "builder": {
        "_backend",
        "_configs",
        "_text",
        "_options",
        "datasets",
        "frames",
        "frontend",
        "pipe",
        "plot",
        "verbs",
    },
}
LAZY_MARK = "# lazy:"


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (``kernelkeras.pipe._layers``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PROJECT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def part_of(module: str) -> str:
    """``kernelkeras.pipe._layers`` -> ``pipe``; ``kernelkeras._backend`` -> ``_backend``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path, name: str) -> list[tuple[str, int, bool]]:
    """``(imported kernelkeras module, line, inside a function)`` for each import in a file."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            in_function |= {id(sub) for sub in ast.walk(node) if sub is not node}
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            known = modules()
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for target in targets:
            found.append((target, node.lineno, id(node) in in_function))
    return found


def graph() -> dict[str, set[str]]:
    """Module -> the kernelkeras modules it imports (anywhere in the file)."""
    known = modules()
    return {
        name: {t for t, _, _ in imports(path, name) if t in known and t != name}
        for name, path in known.items()
    }


def test_concept_folders_are_the_architecture():
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert folders == sorted(k for k in LAYERS if not k.startswith("_"))
    top = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert top == sorted(k for k in LAYERS if k.startswith("_"))


def test_no_import_cycles():
    try:
        graphlib.TopologicalSorter(graph()).prepare()
    except graphlib.CycleError as err:
        pytest.fail(f"import cycle: {' -> '.join(err.args[1])}")


def test_parts_import_only_the_parts_below_them():
    wrong = []
    for name, targets in graph().items():
        part = part_of(name)
        if part == "__init__":
            continue
        for target in targets:
            other = part_of(target)
            if other != part and other not in LAYERS[part]:
                wrong.append(f"{name} imports {target} ({part} may import {sorted(LAYERS[part])})")
    assert not wrong, "\n".join(wrong)


def test_other_parts_use_a_concept_through_its_package():
    """``from kernelkeras.pipe import x``, never ``kernelkeras.pipe._layers`` from outside pipe."""
    wrong = []
    for name, targets in graph().items():
        for target in targets:
            parts = target.split(".")
            private = len(parts) > 2 and parts[2].startswith("_")
            if private and part_of(target) != part_of(name) and part_of(name) != "__init__":
                wrong.append(f"{name} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_function_level_imports_state_their_reason():
    unexplained = []
    for name, path in modules().items():
        lines = path.read_text().splitlines()
        for target, line, in_function in imports(path, name):
            if in_function and not _explained(lines, line - 1):
                unexplained.append(f"{path.relative_to(PROJECT)}:{line} imports {target}")
    assert not unexplained, (
        f"function-level imports need a reason on their line or the one above "
        f"({LAZY_MARK} ...):\n" + "\n".join(unexplained)
    )


def _explained(lines: list[str], at: int) -> bool:
    """Whether line ``at`` (0-based), or the comment above its block of imports, says why."""
    while at >= 0:
        text = lines[at].strip()
        if LAZY_MARK in text:
            return True
        if not (text.startswith(("import ", "from ", "#")) or text == ""):
            return False
        at -= 1
    return False


def test_no_module_is_too_long():
    long = {
        str(path.relative_to(PROJECT)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines (split them by concept): {long}"


def test_the_public_api_is_declared_once():
    names = kernelkeras.__all__
    assert len(names) == len(set(names)), "a name is twice in kernelkeras.__all__"
    missing = [n for n in names if not hasattr(kernelkeras, n)]
    assert not missing
    for package in {part_of(m) for m in modules()} - {"__init__"}:
        module = sys.modules.get(f"kernelkeras.{package}")
        if module is not None and hasattr(module, "__all__"):
            assert not set(module.__all__) - set(dir(module)), package


def _stub_script():
    spec = importlib.util.spec_from_file_location(
        "generate_stub", PROJECT / "scripts" / "generate_stub.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_the_stub_matches_the_runtime_api():
    script = _stub_script()
    stub = PACKAGE / "__init__.pyi"
    assert stub.exists(), f"no {stub}; create it with: {script.REGENERATE}"
    committed = stub.read_text()
    assert committed == script.render(), (
        f"kernelkeras/__init__.pyi is out of date with kernelkeras.__all__ or Keras; "
        f"regenerate it with: {script.REGENERATE}"
    )
    declared = ast.literal_eval(
        next(
            node.value
            for node in ast.parse(committed).body
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__"
        )
    )
    assert declared == kernelkeras.__all__


def test_the_stub_check_fails_on_a_mismatch(monkeypatch):
    script = _stub_script()
    monkeypatch.setattr(kernelkeras, "__all__", [*kernelkeras.__all__, "layer_from_the_future"])
    monkeypatch.setitem(
        kernelkeras.LAYER_FUNCTIONS, "layer_from_the_future", kernelkeras.layer_dense
    )
    assert "def layer_from_the_future(" in script.render()
    assert script.render() != (PACKAGE / "__init__.pyi").read_text()


@pytest.mark.slow
def test_mypy_sees_real_signatures(tmp_path):
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from kernelkeras import layer_dense, optimizer_adam\n"
        "reveal_type(layer_dense)\n"
        "reveal_type(optimizer_adam)\n"
        "layer_dense(unitz=3)\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-incremental", snippet],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    out = result.stdout
    assert "units: Any" in out and "activation: Any =" in out, out
    assert "learning_rate: Any =" in out, out
    assert 'No overload variant of "layer_dense"' in out, out  # units is required


def test_one_version_for_python_and_the_front_end():
    package_json = json.loads((PROJECT / "labextension" / "package.json").read_text())
    assert kernelkeras.__version__ == package_json["version"]
    assert package_json["name"] == MODULE_NAME
    assert f"^{package_json['version']}" == MODULE_VERSION
