"""The code's habits, checked on the code itself: the layers of ARCHITECTURE.md, pages short without squeezing,
no widget made in a comprehension, and no test that learns the configuration from a session key."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py"), ROOT / "lesson.py", ROOT / "app.py"])
# Modules that must run without Streamlit (the settings, figures, files, text and words; the core).
STREAMLIT_FREE = ["core", "ui/settings", "ui/figures", "ui/exports", "ui/pictures", "ui/code", "ui/text.py",
                  "ui/pages.py", "ui/words.py", "ui/sentences.py", "ui/formulas.py", "ui/questions.py", "ui/inert.py",
                  "ui/cache.py", "ui/sounds"]
WIDGETS = {"slider", "number_input", "selectbox", "radio", "toggle", "multiselect", "button", "text_input",
           "data_editor", "checkbox", "select_slider", "file_uploader", "download_button"}


def _modules(entry: str) -> list[Path]:
    path = ROOT / entry
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("path", [p for entry in STREAMLIT_FREE for p in _modules(entry)],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_lower_layers_never_import_streamlit_or_the_state(path):
    bad = {name for name in _imports(path) if name.split(".")[0] == "streamlit" or name.startswith("ui.state")
           or name.startswith("ui.show")}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_no_conditional_expression_nests_another():
    nested = []
    for path in APP:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.IfExp) and any(isinstance(n, ast.IfExp) for n in ast.walk(node) if n is not node):
                nested.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not nested, nested


def test_no_widget_is_made_in_a_comprehension():
    found = []
    for path in APP:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp)):
                calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
                found += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in calls if n.func.attr in WIDGETS]
    assert not found, found


def test_pages_are_under_150_lines():
    long = {p.name: n for p in ROOT.glob("pages/*.py") if (n := len(p.read_text().splitlines())) >= 150}
    assert not long, long


def test_no_test_learns_the_configuration_from_a_session_key():
    readers = [p.name for p in ROOT.glob("tests/**/*.py") if p != Path(__file__) and '["_config"]' in p.read_text()]
    assert not readers, readers
