"""The address bar: what a tampered address gets (a sentence, the defaults, nothing else lost),
and what the app writes back (every setting that differs from its default, nothing more)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pagetest import config, open_page, open_values

from ui.settings import address
from ui.settings.codec import encode
from ui.settings.presets import SEED_INPUT, SEED_KERNEL
from ui.settings.registry import DEFAULTS


def warnings(at) -> str:
    return "\n".join(str(w.value) for w in at.sidebar.get("warning"))


def query(at) -> dict[str, str]:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def test_a_clean_address_gets_no_sentence():
    at = open_page("start", h=5, sh=3, convention="keras-same")
    assert not at.exception and not warnings(at)
    assert query(at) == {"h": "5", "sh": "3", "convention": "keras-same"}


def test_an_old_link_with_conv_still_opens_its_convention():
    """Links from before the convention's parameter was named in full (``conv=``) keep working, and the
    address the app writes back uses today's name; when both are given, today's name wins."""
    at = open_page("start", conv="keras-same", h=5)
    assert not at.exception and not warnings(at)
    assert config(at).convention == "keras-same"
    assert query(at) == {"h": "5", "convention": "keras-same"}
    at = open_page("start", conv="keras-same", convention="keras-valid")
    assert config(at).convention == "keras-valid" and not warnings(at)


@pytest.mark.parametrize("key, value, kept, words", [
    ("h", "99", 3, "input height `99` is outside 1 to 8, so the input height is 3"),
    ("sh", "x", 2, "stride height `x` is not a whole number, so the stride height is 2"),
    ("d", "-1", 1, "dilation `-1` is outside 1 to 3"),
    ("ph", "2.5", 0, "padding height `2.5` is not a whole number"),
    ("seed", "123456789", 0, "seed `123456789` is not a whole number"),
])
def test_an_out_of_range_or_non_numeric_setting_is_explained(key, value, kept, words):
    at = open_page("start", w=4, **{key: value})
    assert not at.exception
    assert words in warnings(at)
    assert at.session_state[key] == kept
    assert config(at).input_size[1] == 4  # the other settings are kept


def test_an_unknown_choice_is_explained():
    at = open_page("start", convention="TensorFlow", fill="ones")
    assert not at.exception
    assert "convention `TensorFlow` is not one of pytorch, keras-valid, keras-same, so the convention is PyTorch" \
        in warnings(at)
    assert config(at).convention == "pytorch" and at.session_state["fill"] == "ones"


def test_unknown_keys_are_named_and_left_out_of_the_address():
    at = open_page("start", bogus="1", utm_source="mail", h=4)
    assert not at.exception
    assert "settings this lesson does not know (`bogus`, `utm_source`); they were left out" in warnings(at)
    assert query(at) == {"h": "4"}


def test_a_repeated_key_uses_its_last_value_and_says_so():
    at = open_page("start", h=["2", "6"])
    assert not at.exception
    assert "gives h 2 times; the last one, `6`, is used" in warnings(at)
    assert config(at).input_size[0] == 6
    assert at.query_params["h"] in ("6", ["6"])


def test_a_repeated_key_with_the_same_value_is_not_a_problem():
    at = open_page("start", h=["6", "6"])
    assert not warnings(at) and config(at).input_size[0] == 6


def test_both_typed_values_garbled_are_both_explained():
    at = open_page("start", fill="custom", x="1,2;3", k="a,b")
    assert not at.exception
    said = warnings(at)
    assert "The input in the address has rows of different lengths. Showing small integers instead." in said
    assert "The kernel in the address has a cell that is not a number. Showing small integers instead." in said


def test_output_padding_the_settings_do_not_allow_is_explained():
    at = open_page("start", sh=2, oph="3")
    assert not at.exception
    assert "output padding height `3` is not allowed with these settings (allowed: 0, 1), so the output " \
           "padding height is 0" in warnings(at)
    assert config(at).output_padding == (0, 0)


def test_markup_in_the_address_is_shown_as_text():
    at = open_page("start", **{"[click](http://example.com)": "1", "h": "<b>9</b>"})
    said = warnings(at)
    assert "`[click](http://example.c...`" in said and "`<b>9</b>`" in said  # code spans: shown as typed, inert


def test_the_sentence_is_said_once_then_the_page_goes_on():
    at = open_page("start", h="99")
    assert warnings(at)
    at.sidebar.slider(key="w").set_value(5).run()
    assert not at.exception and not warnings(at)
    assert query(at) == {"w": "5"}


def test_keras_output_padding_defaults_to_auto_and_stays_out_of_the_address():
    at = open_page("start", convention="keras-same")
    assert at.session_state["oph"] == "auto" and config(at).output_padding == (None, None)
    assert query(at) == {"convention": "keras-same"}
    at = open_page("start", convention="keras-same", oph="0")
    assert config(at).output_padding == (0, None)
    assert query(at) == {"convention": "keras-same", "oph": "0"}


def test_the_address_follows_every_change_and_preset():
    at = open_page("start")
    assert query(at) == {}
    at.sidebar.slider(key="sh").set_value(3).run()
    assert query(at) == {"sh": "3"}
    at.sidebar.selectbox(key="preset").set_value("Distill: kernel 4, stride 2 (even overlap)").run()
    after_preset = query(at)
    at.sidebar.slider(key="sh").set_value(3).run()
    assert query(at)["sh"] == "3"
    assert {k: v for k, v in query(at).items() if k != "sh"} == {k: v for k, v in after_preset.items() if k != "sh"}
    at.sidebar.radio(key="convention").set_value("keras-valid").run()
    open_values(at)
    at.sidebar.selectbox(key="fill").set_value("ones").run()
    assert query(at)["fill"] == "ones" and query(at)["convention"] == "keras-valid"


def test_padding_survives_a_trip_through_keras():
    """Keras's conventions take no padding; back in PyTorch's, the padding is the visitor's again."""
    at = open_page("start", ph=2, pw=1)
    at.sidebar.radio(key="convention").set_value("keras-same").run()
    assert "ph" not in query(at) or query(at)["ph"] == "2"
    at.sidebar.radio(key="convention").set_value("pytorch").run()
    assert not at.exception
    assert (at.sidebar.slider(key="ph").value, at.sidebar.slider(key="pw").value) == (2, 1)
    assert query(at) == {"ph": "2", "pw": "1"}
    assert config(at).settings["padding"] == ((2, 2), (1, 1))  # per side: (top, bottom), (left, right)
    assert config(at).padding == (2, 1)
    assert query(at) == {"ph": "2", "pw": "1"}


def test_typed_values_round_trip_through_the_address():
    at = open_page("start", fill="custom", h=2, w=2, kh=2, kw=2, sh=1, sw=1, convention="keras-valid",
                   x=encode(SEED_INPUT), k=encode(SEED_KERNEL))
    cfg = config(at)
    assert np.array_equal(cfg.input, SEED_INPUT) and np.array_equal(cfg.kernel, SEED_KERNEL)
    assert query(at)["x"] == "55,52;57,50"
    again = open_page("start", **query(at))
    assert config(again) == cfg and not warnings(again)


KEYS = st.sampled_from([*address.KNOWN, "bogus", "H", ""])
TEXTS = st.one_of(st.integers(-20, 20).map(str), st.sampled_from(["auto", "keras-same", "Keras 'valid'", "ones",
                                                                  "custom", "1,2;3,4", "nan", "", "1e999", "[x](y)"]),
                  st.text(max_size=12))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, st.lists(TEXTS, min_size=1, max_size=2), max_size=6))
def test_any_address_opens_and_reopens_the_same_configuration(params):
    """Whatever the address, the page opens; the address it writes back reopens the same thing."""
    at = open_page("start", **{k: v for k, v in params.items() if k})
    assert not at.exception
    again = open_page("start", **query(at))
    assert not again.exception and not warnings(again)
    assert config(again) == config(at)
    assert query(again) == query(at)


def test_read_is_pure_and_total():
    found, problems = address.read({"h": ["4"], "convention": ["Keras 'same'"], "oph": ["auto"]}, DEFAULTS)
    assert found == {"h": 4, "convention": "keras-same", "oph": "auto"} and problems == []
    assert address.query({**DEFAULTS, "h": 4, "convention": "keras-same", "oph": "auto", "opw": "auto"}, DEFAULTS) == {
        "h": "4", "convention": "keras-same"}


def test_choosing_keras_same_with_the_radio_gives_input_times_stride():
    """Clicking the Keras 'same' radio once kept PyTorch's output padding 0 (7x7 for a 4x4 input at stride
    2 with kernel 3, and oph=0 in the address) while the words said input x stride; a visitor choosing a
    convention now starts from its own default, as the address and the presets do."""
    at = open_page("start", h=4, w=4, kh=3, kw=3, sh=2, sw=2)
    at.sidebar.radio(key="convention").set_value("keras-same").run()
    assert not at.exception
    assert config(at).output_padding == (None, None) and config(at).output_size == (8, 8)
    assert "oph" not in query(at) and "opw" not in query(at)
    at.sidebar.selectbox(key="oph").set_value("1").run()  # a number the visitor picks stays
    assert config(at).output_padding == (1, None)
    at.sidebar.radio(key="convention").set_value("pytorch").run()
    assert config(at).output_padding == (0, 0) and config(at).output_size == (9, 9)
    # The same configuration by the address and by a preset: 8x8 too.
    assert config(open_page("start", h=4, w=4, kh=3, kw=3, sh=2, sw=2, convention="keras-same")).output_size == (8, 8)


def test_typed_values_bring_their_size_and_a_size_that_disagrees_is_said():
    at = open_page("start", fill="custom", x="5,6;7,8", k="1")
    assert not at.exception and not warnings(at)
    assert config(at).input.tolist() == [[5, 6], [7, 8]]  # not padded with ones to the default 3x3
    assert (at.session_state["h"], at.session_state["w"]) == (2, 2)
    at = open_page("start", fill="custom", x="5,6;7,8", k="1", h=4)
    assert "The address's input values are 2x2 but its input size says 4x2; the input is 2x2, as its values are." \
        in warnings(at)
    assert config(at).input.tolist() == [[5, 6], [7, 8]]


def test_typed_values_without_a_custom_fill_or_a_custom_fill_without_values_are_said():
    at = open_page("start", x="5,6;7,8")
    assert "The address carries typed values of the input, which only a fill of custom uses, so they were left " \
           "out and the input shows small integers." in warnings(at)
    at = open_page("start", fill="custom", x="5,6;7,8")
    assert "The address asks for typed values (fill custom) but carries none for the kernel, so the kernel shows " \
           "small integers." in warnings(at)


def test_switching_to_keras_and_back_keeps_the_visitors_output_padding():
    at = open_page("start", ph=1, pw=1, oph=1, opw=1)
    assert config(at).output_size == (6, 6)
    at.sidebar.radio(key="convention").set_value("keras-same").run()
    assert config(at).output_padding == (None, None)  # Keras starts from its own 'auto'
    at.sidebar.radio(key="convention").set_value("pytorch").run()
    assert not at.exception
    assert config(at).output_padding == (1, 1) and config(at).output_size == (6, 6)
    assert query(at)["oph"] == "1" and query(at)["opw"] == "1"


def test_an_address_streamlit_would_not_read_is_said_not_ignored():
    at = open_page("start", h=5, **{f"p{i}": "1" for i in range(1000)})  # 1,001 parameters: Streamlit reads none
    assert not at.exception
    assert "The address was too long to read (1,001 parameters" in warnings(at)
    # the sidebar shows the defaults (the address itself is the browser's, which Streamlit would not read)
    assert (at.sidebar.slider(key="h").value, at.sidebar.slider(key="w").value) == (3, 3)


@pytest.mark.parametrize("page, kind, key, value", [
    ("upsampling", "slider", "upsampling_scale", 3),
    ("checkerboard", "radio", "checkerboard_kernel", 4),
    ("practice", "radio", "practice_kind", "shape"),
])
def test_a_pages_simple_control_reopens_from_the_address(page, kind, key, value):
    """Reloading lost the upsampling page's scale, the checkerboard's picture kernel and the practice page's
    question kind: each is now in the address, written when it changes and read when the page reopens."""
    at = open_page(page)
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception
    assert query(at)[key] == str(value)
    again = open_page(page, **{key: value})  # a reload: a new session, the same address
    assert not again.exception and not warnings(again)
    assert getattr(again, kind)(key=key).value == value
    assert query(again)[key] == str(value)


def test_the_start_page_says_what_the_address_keeps():
    """It promised the address "always reopens exactly what is on screen" while page controls were not in it."""
    said = " ".join(" ".join(m.value.split()) for m in open_page("start").markdown)
    assert "always reopens exactly what is on screen" not in said
    assert "The address in your browser keeps the sidebar's settings" in said
