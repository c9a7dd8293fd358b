"""The core is NumPy only: importing it pulls in no oracle, plotting or app library."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "core"
HEAVY = ("torch", "keras", "streamlit", "plotly", "matplotlib", "tensorflow", "jax", "scipy", "pandas")


def test_import_core_loads_no_heavy_library():
    code = ("import json, sys; import core; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSTARTUP"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "core" in loaded and "numpy" in loaded
    assert not loaded & set(HEAVY), f"import core loaded {sorted(loaded & set(HEAVY))}"


def _imports(path: Path) -> list[tuple[str, int]]:
    """Top-level module names imported by a file, with their relative level (0 = absolute)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append(((node.module or "").split(".")[0], node.level))
    return found


def test_core_sources_import_only_numpy_and_the_standard_library():
    files = sorted(CORE.glob("*.py"))
    assert len(files) >= 10, "every core module is scanned"
    outside = {}
    for path in files:
        for name, level in _imports(path):
            if level == 0 and name != "numpy" and name not in sys.stdlib_module_names:
                outside.setdefault(path.name, []).append(name)
    assert not outside, f"core modules import more than numpy: {outside}"
    assert any(name == "numpy" for path in files for name, _ in _imports(path))


def test_import_scanner_sees_imports():
    """The scanner itself: it must report absolute, relative and nested imports."""
    sample = CORE.parent / "tests" / "core" / "test_import.py"
    names = {name for name, _ in _imports(sample)}
    assert {"ast", "json", "subprocess", "pathlib", "__future__"} <= names
