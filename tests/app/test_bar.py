"""The settings bar (ui/state/bar.py): on a narrow screen, the sidebar's settings a page uses at its top, in
widgets of their own kept in step with the sidebar's both ways: from the bar, from the sidebar, from an address,
from a preset. A wide screen's session draws none of it."""

from __future__ import annotations

import pytest
from pagetest import HARNESS, config, open_page, texts
from streamlit.testing.v1 import AppTest

from ui.pages import BY_NAME, PAGES
from ui.settings.presets import PRESETS
from ui.settings.registry import SETTING
from ui.show import NARROW
from ui.state.bar import KEY, OPEN, own


def narrow_page(page: str, opened: bool = True, **params) -> AppTest:
    """Page ``page`` in a session whose screen said it is narrow, the bar open (or closed), the address ``params``."""
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.session_state["_test_page"] = page
    at.session_state[NARROW] = True
    at.session_state[OPEN] = opened
    for key, value in params.items():
        at.query_params[key] = str(value)
    return at.run()


def bar_keys(at: AppTest) -> list[str]:
    return [e.key for kind in ("number_input", "selectbox") for e in at.main.get(kind)
            if e.key and e.key.startswith("bar_")]


def bar_value(at: AppTest, key: str):
    kind = "selectbox" if SETTING[key].kind != "whole" else "number_input"
    return getattr(at.main, kind)(key=own(key)).value


def test_a_wide_screen_draws_no_bar():
    at = open_page("scatter")
    assert not at.exception
    assert not bar_keys(at)
    assert not [e for e in at.main.get("expander") if getattr(e.proto, "id", "").endswith(OPEN)]
    assert KEY not in str(at.main)


@pytest.mark.parametrize("page", [p for p in PAGES if p.uses], ids=lambda p: p.name)
def test_the_bar_holds_the_settings_the_page_uses_in_the_sidebars_order(page):
    at = narrow_page(page.name)
    assert not at.exception
    order = [key for key in SETTING if SETTING[key].page is None]
    wanted = sorted(page.uses, key=order.index)
    assert sorted(bar_keys(at), key=lambda k: order.index(k.removeprefix("bar_"))) == [own(k) for k in wanted]


def test_a_closed_bar_draws_no_boxes():
    at = narrow_page("scatter", opened=False)
    assert not at.exception
    assert not bar_keys(at)


def test_a_change_in_the_bar_is_the_sidebars_and_the_addresss():
    at = narrow_page("scatter")
    at.main.number_input(key=own("h")).set_value(5).run()
    at.main.number_input(key=own("sw")).set_value(3).run()
    assert not at.exception
    assert config(at).input_size == (5, 3) and config(at).stride == (2, 3)
    assert at.sidebar.slider(key="h").value == 5 and at.sidebar.slider(key="sw").value == 3
    assert at.query_params["h"] == "5" and at.query_params["sw"] == "3"
    assert "5x3 input" in texts(at)


def test_a_change_in_the_sidebar_shows_in_the_bar():
    at = narrow_page("checkerboard")
    at.sidebar.slider(key="kw").set_value(4).run()
    at.sidebar.radio(key="convention").set_value("keras-valid").run()
    assert not at.exception
    assert bar_value(at, "kw") == 4 and bar_value(at, "convention") == "keras-valid"
    assert own("ph") not in bar_keys(at)  # Keras has no padding to set, in the sidebar or the bar
    assert bar_value(at, "oph") == "auto"


def test_the_bars_convention_changes_the_output_padding_as_the_sidebars_does():
    at = narrow_page("scatter", opw=1)
    at.main.selectbox(key=own("convention")).set_value("keras-same").run()
    assert not at.exception
    assert config(at).convention == "keras-same"
    assert at.sidebar.selectbox(key="opw").value == "auto" == bar_value(at, "opw")
    at.main.selectbox(key=own("convention")).set_value("pytorch").run()
    assert bar_value(at, "opw") == "1"  # PyTorch's output padding comes back, as when the sidebar changes it


def test_the_bar_opens_at_the_addresss_settings_and_says_what_it_could_not_use():
    at = narrow_page("shapes", h=6, kh=99, convention="keras-valid")
    assert not at.exception
    assert bar_value(at, "h") == 6 and bar_value(at, "kh") == 3 and bar_value(at, "convention") == "keras-valid"
    said = [str(w.value) for w in at.main.get("warning")]
    assert any("kernel height `99` is outside 1 to" in s for s in said), said
    at.main.number_input(key=own("w")).set_value(2).run()
    assert not [w for w in at.main.get("warning") if "kernel height" in str(w.value)]  # said once


def test_a_preset_shows_in_the_bar_and_a_change_there_leaves_it():
    name = "Distill: kernel 4, stride 2 (even overlap)"
    at = narrow_page("checkerboard")
    at.sidebar.selectbox(key="preset").set_value(name).run()
    assert not at.exception
    preset = PRESETS[name]
    assert [bar_value(at, k) for k in ("h", "kh", "sh")] == [preset["h"], preset["kh"], preset["sh"]]
    at.main.number_input(key=own("kh")).set_value(3).run()
    assert config(at).kernel_size == (3, 4)
    assert at.sidebar.selectbox(key="preset").value is None  # the preset no longer holds, as after a sidebar change


def test_the_bar_follows_a_fill_with_the_seed_it_uses():
    at = narrow_page("start")
    at.main.selectbox(key=own("fill")).set_value("ones").run()
    assert at.query_params["fill"] == "ones"  # the sidebar's fill (its box is drawn while Values is open)
    assert at.main.number_input(key=own("seed")).proto.disabled  # ones take no seed, in the sidebar or the bar
    assert BY_NAME["start"].uses[-1] == "seed"


def test_a_closed_bar_says_what_the_address_could_not_give_until_it_is_opened():
    """The sidebar says it in the run the address is read, where a phone does not look; the bar says it until
    the student opens it (the renderer's word that the screen is narrow comes a run later)."""
    at = narrow_page("start", opened=False, sh=0)

    def said():
        return [str(w.value) for w in at.main.get("warning") if "stride height `0`" in str(w.value)]

    assert said()
    at.run()
    assert said()
    at.session_state[OPEN] = True
    at.run()
    assert said()
    at.main.number_input(key=own("h")).set_value(2).run()
    assert not said()
