"""A page test runs a page as the server does: tests/app/harness.py and app.py both call
``ui.state.shell.run``, so what app.py runs around a page (the page's style, the bound on reruns,
the sidebar, "Take it to class") is in every page test."""

from pagetest import ROOT, open_page
from streamlit.testing.v1 import AppTest


def run_app(**params) -> AppTest:
    """app.py itself, under ``st.navigation``: its default page, the start page."""
    at = AppTest.from_file(str(ROOT / "lesson.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = str(value)
    return at.run()


def kinds(block) -> list[str]:
    """The kind of every element under ``block``, in order."""
    return [type(e).__name__ + ":" + str(getattr(e, "type", "")) for e in block]


def test_the_harness_runs_the_start_page_as_app_py_does():
    served, tested = run_app(h=4), open_page("start", h=4)
    assert not served.exception and not tested.exception
    assert kinds(tested.main) == kinds(served.main)
    assert kinds(tested.sidebar) == kinds(served.sidebar)
    # The page's own style (ui.show.page_style), an html element outside the main area and the sidebar.
    styles = [e.proto.body for e in served.get("html")]
    assert styles and styles[0].startswith("<style>")
    assert [e.proto.body for e in tested.get("html")] == styles
    # The same state, pace's note that the run finished among it.
    assert set(tested.session_state.keys()) - {"_test_page"} == set(served.session_state.keys())
