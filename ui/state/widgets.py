"""A setting's widget, drawn from its declaration (``ui.settings.registry``): its label, range or options, help
and key come from there. A page's own setting keeps its value across pages (``persist_state="session"``);
the sidebar's are kept by the address (``ui.state.controls``).
"""

from __future__ import annotations

from ui.settings.registry import SETTING, Setting
from ui.words import number


def _common(setting: Setting, more: dict) -> dict:
    """The key (the setting's, unless ``widget_key`` names another: a second widget of one setting, in the
    settings bar), the help (the declaration's, unless the page gives its own) and, for a page's own setting,
    its keeping across pages; then what the page adds (an on_change, say)."""
    common = {"key": more.pop("widget_key", setting.key), "help": setting.help or None}
    if setting.page:
        common["persist_state"] = "session"
    return common | more


def slider(where, key: str, hi: int | None = None, **more) -> int:
    """A whole-number setting on a slider, up to ``hi`` when other settings lower its highest value."""
    s = SETTING[key]
    return where.slider(s.label, s.lo, s.hi if hi is None else hi, step=s.step, **_common(s, more))


def number_box(where, key: str, **more) -> int:
    """A whole-number setting in a number box that keeps to its range."""
    s = SETTING[key]
    return where.number_input(s.label, s.lo, s.hi, **_common(s, more))


def whole(where, key: str, default: int | None = None) -> int | None:
    """A whole-number setting in a box that takes any number, then says under it, in a sentence, when the
    number is outside the range (and returns None: the page computes nothing with it). ``default``: the value
    it starts from when it follows other settings (the designer's sizes follow the sidebar's input)."""
    s = SETTING[key]
    start = s.default if default is None else default
    value = where.number_input(s.label, min_value=None, max_value=None, value=start, step=1, **_common(s, {}))
    if value is None:
        where.warning(f"{s.label}: type a whole number from {number(s.lo)} to {number(s.hi)}.")
        return None
    if not s.lo <= value <= s.hi:
        where.warning(f"{s.label} {number(value)} is outside what this box takes, {number(s.lo)} to "
                      f"{number(s.hi)}, so nothing is computed with it: type a number in that range.")
        return None
    return int(value)


def choice(where, key: str, label: str | None = None, **more) -> str:
    """A setting chosen among its options, in a box."""
    s = SETTING[key]
    return where.selectbox(label or s.label, list(s.options), format_func=s.options.get,
                           **_common(s, more))


def buttons(where, key: str, label: str | None = None, **more) -> str:
    """A setting chosen among its options, as radio buttons in a row."""
    s = SETTING[key]
    return where.radio(label or s.label, list(s.options), format_func=s.options.get, horizontal=True,
                       **_common(s, more))


def among(where, key: str, label: str | None = None, **more) -> int:
    """A whole-number setting with a few values, as radio buttons in a row."""
    s = SETTING[key]
    return where.radio(label or s.label, list(range(s.lo, s.hi + 1)), horizontal=True, **_common(s, more))


def several(where, key: str, **more) -> list[str]:
    """A setting that holds several of its options."""
    s = SETTING[key]
    return where.multiselect(s.label, list(s.options), format_func=s.options.get, **_common(s, more))


def switch(where, key: str, **more) -> bool:
    """An on-or-off setting."""
    s = SETTING[key]
    return where.toggle(s.label, **_common(s, more))
