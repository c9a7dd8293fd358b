"""What runs around every lesson page, on every run: the one sequence ``app.py`` and the page tests share.

The page's style (``static/page.css``), the bound on one visitor's reruns (``pace``), the sidebar and its
configuration (``controls``), on a narrow screen the settings bar (``bar``), then the page's own script, then the
"Take it to class" area (``classroom``); last, a rerun a fragment asked for during this full run (``followup``).
``app.py`` picks the page with ``st.navigation``; tests/app/harness.py picks it from the session, as AppTest cannot
run a page under ``st.navigation``; both call ``run``.
"""

from __future__ import annotations

from collections.abc import Callable

from ui import show
from ui.pages import BY_PATH
from ui.state import bar, classroom, controls, followup, pace, state_copy

state_copy.install()  # every choice widget looks up its own key, not a copy of the session (ui/state/state_copy.py)


def run(page: Callable[[], None], path: str) -> None:
    """Run the lesson page ``page`` (its script, called once) at the address ``path`` ('' for the start page)."""
    show.page_style()
    pace.begin()  # a visitor whose requests overtake their runs waits a moment (ui/state/pace.py)
    controls.sidebar()
    if not BY_PATH[path].captioned:  # a captioned page places it under its caption (ui.state.controls.caption)
        bar.draw(BY_PATH[path].name)  # on a narrow screen, the sidebar's settings the page uses, at its top
    show.forget_shown()
    page()
    classroom.take_to_class(path)  # a GIF of the page's player, slides of its figures
    pace.end()
    followup.finish()  # a fragment that asked to go on during this full run (training) runs again, now
