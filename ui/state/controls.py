"""The shared controls in the sidebar, kept in the address bar.

``sidebar()`` runs in ``app.py`` on every rerun, so the controls persist across pages;
pages read the result with ``current()``. Every widget's key is its query parameter
(see ``ui.settings.address``): the address is read when a session starts and written after every
run, so a copied link reopens what the sidebar shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.inert import quote
from ui.pages import BY_NAME
from ui.sentences import settings_used
from ui.settings import address, configure
from ui.settings.codec import cell, decode, encode
from ui.settings.config import MAX_INPUT, MAX_KERNEL, Config, OutputPadding
from ui.settings.presets import PRESETS
from ui.settings.registry import DEFAULTS, SETTING
from ui.settings.values import FILLS, as_matrix, read_value
from ui.state import bar, projector, widgets  # bar: the settings bar, which writes the sidebar's keys
from ui.state.rules import KEPT as _KEPT
from ui.state.rules import UNSEEN, convention_changed, output_padding_choices
from ui.text import text
from ui.words import number, size

_CONFIG = "_config"
_VALUES = "_address_values"  # the typed input and kernel the address carries, if any
_PROBLEMS = "address_problems"
CELL_PX, CHAR_PX, ROW_PX = 16, 8, 24  # the value editor's narrowest column, a character's width, the row numbers'

_EDITORS = "_editors_drawn"  # how many times the value editors were drawn anew after a refused cell
_PRESET = "_preset_wrote"  # the settings the preset in the Preset box wrote, as it wrote them


def current() -> Config:
    """The configuration the sidebar made in this rerun."""
    if _CONFIG not in st.session_state:
        _leave_legacy_pages_mode()
    return st.session_state[_CONFIG]


def _leave_legacy_pages_mode() -> None:
    """Run app.py when Streamlit ran a page without it.

    With a folder named ``pages/`` beside the entrypoint, a fresh server process serves its first
    run in the legacy pages-folder mode until some run calls ``st.navigation``: a visitor whose
    first request is a deep link (``/scatter``) gets the page script alone, without app.py and
    its sidebar (Streamlit 1.67, ``PagesManager.uses_pages_directory``; upstream: streamlit/streamlit
    #9624, #9446). Clearing that flag, as ``st.navigation`` itself does, and rerunning serves the
    same address through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


def intro(page: str, section: str = "intro") -> str:
    """A page's introduction (``section`` of its lesson text), then the sentence that names the sidebar's settings
    it uses (``ui.pages.Page.uses``): one paragraph more in the same element."""
    return f"{text(page, section)}\n\n{uses(page)}"


def uses(page: str) -> str:
    """The sentence that names the sidebar's settings page ``page`` uses."""
    return settings_used(BY_NAME[page].uses)


def caption(page: str, cfg: Config) -> None:
    """The sidebar's settings as a caption where the page's figures begin and, on a narrow screen, the settings
    bar under it (``ui.state.bar``): the settings beside the figures they drive."""
    st.caption(cfg.describe())
    bar.draw(page)


def opening(page: str, title: str) -> Config:
    """A page's opening: its title, its introduction (``intro``: its lesson text's, with the settings it uses),
    the sidebar's settings as a caption, and its ``problem`` sentence when they give no output. Returns the
    configuration."""
    cfg = current()
    st.title(title)
    st.markdown(intro(page))
    caption(page, cfg)
    if cfg.problem:
        st.info(text(page, "problem"))
    return cfg


_MISSING = object()


def _held(keys=address.SETTINGS) -> dict:
    """The settings among ``keys`` the session holds now (a page's own ones once its page drew them).

    One read of each: a session-state read goes through Streamlit's widget bookkeeping, and a ``key in
    state`` before it is a second one (bench/RESULTS.md, issue 24)."""
    state = st.session_state
    return {key: value for key in keys if (value := state.get(key, _MISSING)) is not _MISSING}


def _settings(held: dict | None = None) -> dict:
    """The settings as the session holds them now, each missing one at its default."""
    return DEFAULTS | (_held() if held is None else held)


_VALUE_KEYS = ("fill", "seed", *configure.SHAPES["x"], *configure.SHAPES["k"])  # what the values follow


def _values(which: str):
    """The values on screen of the input (``which`` 'x') or the kernel ('k')."""
    settings = DEFAULTS | _held(_VALUE_KEYS)
    return configure.values(which, settings, st.session_state.get(f"{which}_values"))


def _freeze_values() -> None:
    """Make the values on screen the custom values (before an edit or a preset)."""
    state = st.session_state
    for which in ("x", "k"):
        state[f"{which}_values"] = _values(which)
    state["fill"] = "custom"


def _apply_preset() -> None:
    state = st.session_state
    name = state.get("preset")
    if name not in PRESETS:
        return
    preset = dict(PRESETS[name])
    values = preset.pop("values", None)
    for key, value in preset.items():
        state[key] = OutputPadding.read(value).text if key in address.OUTPUT_PADDING else value
    written = list(preset)
    if values is not None:
        _freeze_values()
        for which, matrix, (hk, wk) in zip(("x", "k"), values, (("h", "w"), ("kh", "kw"))):
            if matrix is None:
                matrix = state[f"{which}_values"]
            state[f"{which}_values"] = matrix
            state[hk], state[wk] = len(matrix), len(matrix[0])
        written += ["fill", "x_values", "k_values", "h", "w", "kh", "kw"]
    state[_PRESET] = {key: state[key] for key in written}


def _show_preset() -> None:
    """The Preset box keeps showing the preset applied while every setting it wrote holds; once one differs,
    the box is empty again, so choosing that preset again applies it again."""
    state = st.session_state
    if state.get("preset") is not None and any(state.get(k) != v for k, v in state.get(_PRESET, {}).items()):
        state["preset"] = None


def _apply_edit(which: str, editor: str) -> None:
    """Typed cells make the values custom; a cell the page cannot read keeps its value, said in a sentence,
    and the editor is drawn anew so that it shows the value the figures use."""
    state = st.session_state
    values = np.array(_values(which), dtype=float)
    refused, accepted = [], 0
    # Rows come by position; columns by their names, which count from 0 like every grid (see the editor).
    for row, cells in state[editor].get("edited_rows", {}).items():
        for name, typed in cells.items():
            if not str(name).isdigit() or not (0 <= int(row) < values.shape[0] and int(name) < values.shape[1]):
                continue
            r, c = int(row), int(name)
            try:
                values[r, c] = read_value(typed)
                accepted += 1
            except ValueError as why:
                refused.append(f"The {'input' if which == 'x' else 'kernel'} cell at row {r}, column {c} kept its "
                               f"value {number(values[r, c])}: {why}.")
    if accepted:  # the values on screen become custom, with the cells typed
        _freeze_values()
        state[f"{which}_values"] = as_matrix(values)
    if refused:
        state["values_problem"] = " ".join(refused)
        state[_EDITORS] = state.get(_EDITORS, 0) + 1  # a new editor, showing the values kept


def _editor(which: str, label: str, values) -> None:
    """The data editor of the input's or kernel's values: text cells, read by ``read_value`` (Streamlit's
    number cells turn '1e30' into 130 and '1,5' into 15 before the page sees them)."""
    st.caption(f"{label} ({len(values)}x{len(values[0])})")
    # Rows and columns count from 0, as in every grid, table and sentence of the lesson.
    columns = [str(c) for c in range(len(values[0]))]
    frame = pd.DataFrame([[cell(v) for v in row] for row in values], columns=columns)
    frame.index = [str(r) for r in range(len(values))]
    generation = st.session_state.get(_EDITORS, 0)
    key = f"{which}_editor" + (f"_{generation}" if generation else "")
    # Columns as narrow as their longest value, which the grid's stretch widens to share its width: the nine of
    # an 8-wide input of small integers (with the row numbers) fit the sidebar without scrolling sideways, in
    # projector mode too; longer values ('-1.3') keep their width, readable, and the grid scrolls.
    width = max(CELL_PX, CHAR_PX * max(len(text) for text in frame.to_numpy().ravel()))
    narrow = {c: st.column_config.TextColumn(c, width=width) for c in columns}
    st.data_editor(frame, key=key, on_change=_apply_edit, args=(which, key), width="stretch",
                   column_config=narrow | {"_index": st.column_config.TextColumn(width=ROW_PX)})


def _read_address() -> None:
    """Seed the settings: from the address on a session's first run, else from the last run.

    A widget that was not drawn in a run (padding under a Keras convention) loses its state
    in Streamlit; the copy kept in ``_KEPT`` brings it back. (A page's own controls keep theirs
    while the visitor is on other pages with ``persist_state="session"``.)
    """
    state = st.session_state
    if _KEPT in state:
        for key, value in state[_KEPT].items():
            if key not in state:
                state[key] = value
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    found, problems = address.read(params, DEFAULTS)
    problems += _unread_address(params)
    defaults = address.defaults_under(str(found.get("convention", DEFAULTS["convention"])), DEFAULTS)
    for key in address.SETTINGS:
        if key not in found and key in state:
            continue  # set before the session's first run (by a test, say); the address would have said otherwise
        value = found.get(key, defaults[key])
        if value is None:
            continue  # a default that follows other settings (the designer's sizes): its page starts it
        state[key] = list(value) if isinstance(value, tuple) else value  # a widget's own copy of a list
    for which in ("x", "k"):
        problems += _typed_values(which, found)
    state[_PROBLEMS] = problems
    state[_KEPT] = {}


def _unread_address(params: dict) -> list[str]:
    """A sentence when the browser sent an address that Streamlit would not read at all (more than 1,000
    parameters, or over 512 KiB): it hands the page no parameter and says nothing."""
    ctx = get_script_run_ctx()
    raw = ctx.query_string if ctx is not None else ""
    if not raw or params:
        return []
    fields = raw.count("&") + 1
    return [f"The address was too long to read ({fields:,} parameters, {len(raw):,} characters; a lesson's own "
            "address has a few dozen at most), so every setting is at its default."]


_TYPED = {"x": ("input", MAX_INPUT, ("h", "w")), "k": ("kernel", MAX_KERNEL, ("kh", "kw"))}


def _typed_values(which: str, found: dict) -> list[str]:
    """Put the address's typed values of the input (``x``) or the kernel (``k``) into the settings, their size
    with them; the sentences that say what could not be used, and what was shown instead."""
    state = st.session_state
    what, limit, (rows, cols) = _TYPED[which]
    state[f"{which}_values"] = None
    custom = state.get("fill") == "custom"
    if which not in found:
        return [f"The address asks for typed values (fill custom) but carries none for the {what}, so the "
                f"{what} shows small integers."] if custom else []
    if not custom:
        return [f"The address carries typed values of the {what}, which only a fill of custom uses, so they "
                f"were left out and the {what} shows {FILLS[state['fill']]}."]
    try:
        values = decode(found[which], what, limit)
    except ValueError as exc:
        return [f"{exc} Showing small integers instead."]
    state[f"{which}_values"] = values
    shape = (len(values), len(values[0]))
    said = (found.get(rows, shape[0]), found.get(cols, shape[1]))
    state[rows], state[cols] = shape
    if said == shape:
        return []
    return [f"The address's {what} values are {size(shape)} but its {what} size says {size(said)}; the {what} is "
            f"{size(shape)}, as its values are."]


def keep_address() -> None:
    """Write the address again from the settings now: for a fragment that changed one the address
    holds (a followed cell), whose rerun does not run the sidebar."""
    _write_address(st.session_state.get(_VALUES, {}), _held())


def _write_address(config_values: dict[str, str], settings: dict) -> None:
    """Make the address describe this run's settings (``settings``: those the session holds): one message,
    only when it differs."""
    state = st.session_state
    state[_VALUES] = config_values
    state[_KEPT] = settings
    wanted = address.query(settings, DEFAULTS, config_values)
    if st.query_params.to_dict() != wanted or any(len(st.query_params.get_all(k)) > 1 for k in wanted):
        st.query_params.from_dict(wanted)


def _clamp(key: str, options: list, what: str) -> None:
    """Keep a choice among the options the other settings allow; say so when the address asked
    for one that is not allowed."""
    state = st.session_state
    if key in state and state[key] not in options:
        if state.get(_PROBLEMS) is not None and key in st.query_params:
            state[_PROBLEMS].append(
                f"The address's {what} {quote(state[key])} is not allowed with these settings "
                f"(allowed: {', '.join(options)}), so the {what} is {options[0]}.")
        state[key] = options[0]


def _pair(keys: tuple[str, str], highest: tuple[int, int] | None = None) -> tuple[int, int]:
    """Two sliders, height and width, side by side; a caption instead of a slider whose range is one value."""
    out = []
    row = _side_by_side()
    for key, top in zip(keys, highest or (None, None)):
        s = SETTING[key]
        top = s.hi if top is None else top
        if key in st.session_state and st.session_state[key] > top:
            st.session_state[key] = top
        with row:
            if top <= s.lo:
                st.session_state[key] = s.lo
                st.caption(f"{s.label}: {s.lo}")
                out.append(s.lo)
                continue
            out.append(_slider(key, top))
    return out[0], out[1]


def _side_by_side():
    """A row for a pair of controls, which share its width: one block, where two columns are three (the sidebar's
    five pairs sent 15 blocks a rerun; bench/RESULTS.md, issue 24)."""
    return st.container(horizontal=True, wrap=False, gap="small")


def _slider(key: str, top: int | None = None) -> int:
    """A sidebar slider whose value is its key's in session state. Passed as ``value`` (the same value
    Streamlit would take from the state): without one, Streamlit builds a copy of the whole session state
    on every run to tell a single slider from a range (``filtered_state``), a server cost that grows with
    the session (bench/RESULTS.md, issue 24)."""
    return widgets.slider(st, key, hi=top, value=st.session_state.get(key, SETTING[key].lo))


def _output_padding(convention: str, stride: tuple[int, int], dilation: int) -> None:
    """The output padding's two boxes, offering what the stride and dilation allow under the convention."""
    keras = convention != "pytorch"
    choices = output_padding_choices(convention, stride, dilation)
    for key, options in zip(address.OUTPUT_PADDING, choices):
        _clamp(key, options, address.OUTPUT_PADDING[key])
    allowed = "the stride. 'auto' is Keras's default." if keras else "max(stride, dilation)."
    with _side_by_side():
        for key, options in zip(address.OUTPUT_PADDING, choices):
            s = SETTING[key]
            st.selectbox(s.label, options, key=key, help=f"{s.help} Allowed: below {allowed}")


def _padding(convention: str) -> None:
    if convention == "pytorch":
        _pair(("ph", "pw"))
        return
    # Keras has no padding to set (its mode crops); one element in the padding's place
    # keeps the Values expander below where it was, so it stays open.
    st.caption("Padding: set by the Keras mode ('valid' crops nothing; 'same' crops the "
               "output to input x stride).")


def _values_box() -> tuple:
    """The Values expander: the fill, its seed and the editors of the input's and kernel's values."""
    state = st.session_state
    # What the expander holds is drawn only while it is open: two data grids cost a rerun as much as a bare
    # app does, and a box and a number box copy the whole session state each (bench/RESULTS.md, issue 24);
    # nothing else on the page needs them. A setting not drawn keeps its value (``_read_address``).
    box = st.expander("Values", expanded=False, key="values_open", on_change="rerun")
    with box:
        if box.open:
            fill = widgets.choice(st, "fill")
            widgets.number_box(st, "seed", disabled=fill in ("ones", "custom"))
        x, k = _values("x"), _values("k")
        if state.get("values_problem"):
            st.warning(state.pop("values_problem"))
        for which, label, values in (("x", "Input", x), ("k", "Kernel", k)) if box.open else ():
            _editor(which, label, values)
    return x, k


def sidebar() -> Config:
    """Draw the shared controls and remember the configuration they describe."""
    _read_address()
    _show_preset()
    state = st.session_state
    bar = st.sidebar
    with bar:
        st.selectbox("Preset", list(PRESETS), index=None, key="preset", on_change=_apply_preset,
                     placeholder="Choose a preset...",
                     help="Sets sizes, settings and values in one go; every control stays movable.")
        said = st.empty()  # what the address asked for and could not get, filled at the end
        if state.get("preset") is not None:  # the name in full: the box cuts most names in the sidebar
            st.caption(f"Preset: {state['preset']}")
        convention = widgets.buttons(st, "convention", on_change=convention_changed)
        _pair(("h", "w"))
        _pair(("kh", "kw"))
        stride = _pair(("sh", "sw"))
        _output_padding(convention, stride, _slider("d"))
        _padding(convention)
        x, k = _values_box()

    projector.toggle()
    widgets.switch(st.sidebar, "predict")
    if state.get(_PROBLEMS):
        said.warning("\n\n".join(state[_PROBLEMS]))
        state[UNSEEN] = state[_PROBLEMS]  # a narrow screen does not see the sidebar: the settings bar says it
    state[_PROBLEMS] = None  # said once, in the run the address was read
    held = _held()
    _write_address({"x": encode(x), "k": encode(k)} if held.get("fill") == "custom" else {}, held)

    config = configure.configuration(_settings(held), {"x": state.get("x_values"), "k": state.get("k_values")})
    if config.problem:
        bar.error(config.problem)
    state[_CONFIG] = config
    return config
