"""What a visitor sends is only ever parsed as data: no code evaluation, no unpickling, no HTML
from a visitor, no file paths from a visitor; the server's protections are on."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", ROOT / "lesson.py",
           *[p for d in ("core", "ui", "pages") for p in sorted((ROOT / d).rglob("*.py"))]]
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "input", "breakpoint"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "subprocess", "ctypes"}
# The exceptions, each for one reason: the pages' cache keeps its own values pickled (never bytes from
# outside: it unpickles only what it pickled), and ui/pictures/heap.py hands freed memory back with glibc's
# malloc_trim, which only ctypes can call.
ALLOWED_MODULES = {"cache.py": {"pickle"}, "heap.py": {"ctypes"}}


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(), filename=str(path))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_code_evaluation_or_unpickling(path):
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {node.func.id}()"
        if isinstance(node, ast.Import):
            names = {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names = {(node.module or "").split(".")[0]}
        else:
            continue
        forbidden = names & FORBIDDEN_MODULES - ALLOWED_MODULES.get(path.name, set())
        assert not forbidden, f"{path.name}:{node.lineno} imports {forbidden}"


# ui/figures/ builds data; ui/show.py hands it to the renderer (static/lab.js), which writes text, not markup.
HTML_DRAWER = ROOT / "ui" / "show.py"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_raw_html_from_anywhere(path):
    """No page passes unsafe_allow_html, and only ui/show.py calls st.html (with what
    ui/figures writes): every other text goes through markdown's escaping, so text from an
    address or an upload cannot become markup."""
    if path == HTML_DRAWER:
        return
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html":
            assert isinstance(node.value, ast.Constant) and node.value.value is False, \
                f"{path.name}:{node.value.lineno} passes unsafe_allow_html"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr != "html", f"{path.name}:{node.lineno} calls .html() (st.html or a column's)"


def test_the_renderer_writes_text_never_markup():
    """The lesson's grids and players (static/*.js) get their words as data and set them as
    text: no HTML parser ever sees a title, a cell's text or a tooltip, whatever a visitor typed."""
    from ui.figures.cells import Words, grid_spec
    for script in sorted((ROOT / "static").glob("*.js")):  # lab.js and the lab_core.js it imports
        js = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in js, f"{script.name} uses {sink}"
    grid = grid_spec([[1.0, 2.0]], "<script>alert(1)</script>", key='k" onclick="x',
                     words=Words(text=[["<b>", "&"]], hover=[["<i>", "'"]])).to_json()
    assert grid["title"] == "<script>alert(1)</script>" and grid["labels"] == ["<b>", "&"]
    assert grid["tips"] == ["<i>", "'"]
    # The only styles the renderer sets from data are colours this code computed.
    assert all(re.fullmatch(r"rgb\(\d+,\d+,\d+\)|#[0-9a-f]{3,6}|transparent|inherit", c) for pair in grid["palette"]
               for c in pair)


def test_uploads_are_read_in_memory():
    """The upload reader never opens a path: no open(), no Path, no os, no tempfile."""
    tree = _tree(ROOT / "ui" / "pictures" / "upload.py")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "open", f"upload.py:{node.lineno} opens a file"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = {a.name for a in node.names} | {getattr(node, "module", None) or ""}
            assert not names & {"os", "tempfile", "shutil", "pathlib", "Path"}, f"upload.py:{node.lineno} {names}"


def test_server_protections_are_on():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    server, client = config["server"], config["client"]
    assert server["enableXsrfProtection"] is True
    assert 1 <= server["maxUploadSize"] <= 20  # megabytes
    assert client["showErrorDetails"] == "none"  # a traceback never reaches a visitor
    assert client["toolbarMode"] == "viewer"


def test_caches_are_bounded_by_bytes():
    """Every cached function goes through ui/cache.py (one store, bounded by bytes): no st.cache_data or
    st.cache_resource, which bound only the count of entries, whatever their size."""
    uses = 0
    for path in SOURCES:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Attribute) and node.attr in ("cache_data", "cache_resource"):
                raise AssertionError(f"{path.name}:{node.lineno} uses st.{node.attr}: use ui.cache.cached")
            uses += isinstance(node, ast.Name) and node.id == "cached"
    assert uses >= 10, f"only {uses} uses of ui.cache.cached found: has the way they are written changed?"


def test_no_mutable_state_at_module_level():
    """Sessions share modules: a module-level list, dict or set that code changes would leak
    one visitor's values to another. Module-level containers here are never assigned into."""
    for path in SOURCES:
        tree = _tree(path)
        containers = {t.id for node in tree.body if isinstance(node, ast.Assign)
                      for t in node.targets if isinstance(t, ast.Name)
                      and isinstance(node.value, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                raise AssertionError(f"{path.name}:{node.lineno} rebinds a module global")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in containers \
                    and node.func.attr in {"append", "extend", "update", "add", "pop", "clear", "insert",
                                           "setdefault", "remove", "discard", "popitem"}:
                raise AssertionError(f"{path.name}:{node.lineno} changes the module-level {node.func.value.id}")
            if isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id in containers:
                        raise AssertionError(f"{path.name}:{node.lineno} assigns into module-level {t.value.id}")
