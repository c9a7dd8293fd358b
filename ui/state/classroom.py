"""'Take it to class': the area at the end of a page that makes files of what the page shows.

``take_to_class(page)`` (one line at the end of a page) offers an animated GIF of each step player
the page drew and a slide of any of its figures; ``worksheet(cfg)`` (the practice page) offers a
worksheet and its answer key. The figures come from ``ui.show.shown()``, so a file shows what the
page shows now. The files are built by ``ui.exports`` only when asked: a GIF by a button that
shows its progress frame by frame (in the server's one GIF process, ``ui.exports.worker``, so the
server's own interpreter stays free for other visitors; one at a time, in the order asked, and
only for visitors still on the page), a slide and a worksheet (a second or less) by the download
button itself, after the click.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
from collections.abc import Callable

import numpy as np
import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import questions, show
from ui.exports import gif, slides, worker
from ui.exports import worksheet as sheets
from ui.figures.spec import Player
from ui.pages import PAGES
from ui.state import controls, widgets
from ui.text import text

SHEET_KINDS = {"mixed": "All kinds", **questions.KINDS}  # as the practice page names them


def _players() -> dict[str, Player]:
    return {key: f for key, f in show.shown().items() if isinstance(f, Player)}


def _settings() -> str:
    cfg = controls.current()
    return "" if cfg.problem else cfg.describe()


AREA_OPEN = "class_open"  # the area's expander: its makers are drawn only while it is open


def take_to_class(path: str) -> None:
    """The GIF and slide makers of the page at ``path`` (its address), in an expander at its end.

    The makers are drawn only while the expander is open (opening it reruns the page): closed, the area is
    one element, where its boxes and buttons were a dozen, two of which copy the whole session state on every
    rerun of every page (bench/RESULTS.md, issue 24)."""
    page = path or "start"
    area = st.expander(text("exports", "area-title"), icon=":material/co_present:", key=AREA_OPEN,
                       on_change="rerun")
    with area:
        if not area.open:
            return
        if not any(slides.problem(f) is None for f in show.shown().values()):
            st.markdown(text("exports", "area-empty"))
            return
        st.markdown(text("exports", "area-intro"))
        if _players():
            gif_maker(page)
        slide_maker(page)


@st.fragment
def gif_maker(page: str) -> None:
    players = _players()
    if not players:
        return
    key = next(iter(players))
    if len(players) > 1:
        key = st.selectbox("Player", list(players), format_func=lambda k: slides.name(players[k]),
                           key=f"{page}_gif_player")
    player = players.get(key) or players[next(iter(players))]
    cols = st.columns(2)
    width = cols[0].radio("Width (pixels)", gif.WIDTHS, index=1, key=f"{page}_gif_width",
                          persist_state="session", horizontal=True)
    speed = cols[1].slider("Time a frame (ms)", gif.FASTEST, gif.SLOWEST, int(player.speed), step=100,
                           key=f"{page}_gif_speed", persist_state="session")
    options = gif.GifOptions(width=width, frame_ms=speed, title=_settings())
    try:
        plan = gif.plan(player, options)
    except ValueError as exc:
        st.info(str(exc))
        return
    if plan.note:
        st.info(plan.note)
    made = f"{page}_gif_made"
    label = text("exports", "gif-button", frames=len(plan.chosen))
    if st.button(label, key=f"{page}_gif_build", icon=":material/gif:"):
        st.session_state[made] = ((_signature(player), options), _build_gif(player, options))
    built = st.session_state.get(made)
    # A GIF made before the settings changed is not offered (the digest is taken only once one was made).
    if built and built[1] and built[0] == (_signature(player), options):
        st.download_button(text("exports", "gif-download", size=len(built[1]) // 1024), built[1],
                           file_name=f"{page}-{player.key}.gif", mime="image/gif", on_click="ignore",
                           key=f"{page}_gif_download", icon=":material/download:", type="primary")


def _signature(player: Player) -> str:
    """A digest of everything a player shows: two players with the same one draw the same GIF."""
    return hashlib.sha256(json.dumps(player.to_json(), sort_keys=True, default=str).encode()).hexdigest()


def _build_gif(player: Player, options: gif.GifOptions) -> bytes | None:
    """Build the GIF in the server's GIF process, the bar following the frames drawn; None (and a
    sentence) if that process failed, None if this visitor asked for another GIF meanwhile."""
    bar = st.progress(0.0, text=text("exports", "gif-starting"))
    session, present = _visitor()
    try:
        data = worker.build_gif(player, options, lambda done, total: bar.progress(
            done / total, text=text("exports", "gif-progress", done=done, total=total)),
            lambda ahead: bar.progress(0.0, text=text("exports", "gif-waiting", ahead=ahead)),
            visitor=session, present=present)
    except concurrent.futures.process.BrokenProcessPool:
        st.warning(text("exports", "gif-failed"))
        return None
    except worker.Dropped:
        return None
    finally:
        bar.empty()
    return data


def _visitor() -> tuple[str | None, Callable[[], bool]]:
    """This visitor's session, and whether it is still open: a GIF is built only for someone still here.

    The bar's updates are where Streamlit stops a run its visitor left or reran (it raises there);
    ``present`` also tells the builder, which drops a departed visitor's request without waiting
    for their run to notice."""
    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():  # no server (a page test): always here
        return None, lambda: True
    server, session = runtime.get_instance(), ctx.session_id
    return session, lambda: server.is_active_session(session)


def _title(page: str) -> str:
    """The navigation title of the page whose address is ``page`` ('start' for the start page)."""
    return next((p.title for p in PAGES if (p.path or "start") == page), page)


@st.fragment
def slide_maker(page: str) -> None:
    shown = show.shown()  # the page's own list: a fragment that redraws a figure updates it in place
    figures = {k: f for k, f in shown.items() if slides.problem(f) is None}
    if not figures:
        return
    cols = st.columns([3, 1])
    key = cols[0].selectbox("Slide of", list(figures), format_func=lambda k: slides.name(figures[k]),
                            key=f"{page}_slide_figure")
    kind = cols[1].radio("Format", list(slides.FORMATS), format_func=str.upper, key=f"{page}_slide_format",
                         persist_state="session",
                         horizontal=True)
    figure = figures.get(key) or next(iter(figures.values()))
    options = slides.SlideOptions(heading=_title(page), settings=_settings(),
                                  format=kind)
    # The slide is drawn after the click, from the figure as the page shows it then.
    st.download_button(text("exports", "slide-download", format=kind.upper()),
                       lambda: slides.slide(shown.get(key, figure), options),
                       file_name=f"{page}-{key}.{kind}", mime=slides.FORMATS[kind], on_click="ignore",
                       key=f"{page}_slide_download", icon=":material/slideshow:")


@st.fragment
def worksheet(cfg) -> None:
    """The practice page's worksheet maker: questions from a seed, on generated values or the sidebar's."""
    state = st.session_state
    if state.get("sheet_seed") is None:
        state["sheet_seed"] = int(np.random.default_rng().integers(1000, 10000))
    with st.expander(text("exports", "sheet-area"), icon=":material/print:"):
        st.markdown(text("exports", "sheet-intro"))
        cols = st.columns(3)
        seed = widgets.number_box(cols[0], "sheet_seed", help=text("exports", "sheet-seed-help"))
        count = widgets.number_box(cols[1], "sheet_n")
        kind = cols[2].selectbox("Kinds", list(SHEET_KINDS), format_func=SHEET_KINDS.get, key="sheet_kind",
                                 persist_state="session")
        own = st.toggle(text("practice", "toggle"), key="sheet_use_sidebar",
                        persist_state="session", disabled=bool(cfg.problem))
        sidebar = (cfg.input, cfg.kernel, cfg.settings, f"the sidebar's {cfg.describe()}") if own and not cfg.problem \
            else None
        options = sheets.SheetOptions(seed=int(seed), count=int(count), kind=kind, sidebar=sidebar)
        cols = st.columns(2)
        for col, (what, build) in zip(cols, (("worksheet", sheets.worksheet), ("answer-key", sheets.answer_key))):
            col.download_button(text("exports", f"{what}-download"), lambda build=build: build(options),
                                file_name=f"{what}-{options.seed}.pdf", mime="application/pdf", on_click="ignore",
                                key=f"sheet_{what}", icon=":material/picture_as_pdf:")
