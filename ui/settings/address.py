"""The configuration in the address bar: read when a visitor arrives, written after every run.

The sidebar's settings travel as query parameters (``?h=5&sh=3&convention=keras-same``), only those
that differ from the defaults, so a copied address reopens the same lesson. The app reads the
address once per session and writes the whole query after each run, in one message, only when
it changed: the address then always says what the sidebar shows, whatever set it (a slider, a
preset, a clamp, a typed cell). Anything in an address that the lesson cannot use is replaced by
its default and explained in a sentence; nothing a visitor types is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ui.inert import quote
from ui.settings import registry
from ui.settings.config import OutputPadding

# The address's tables, by kind, from the settings' declarations (``ui.settings.registry``).
WHOLE = {s.key: (s.lo, s.hi, s.said) for s in registry.of_kind(registry.WHOLE)}  # key -> (lowest, highest, name)
SWITCHES = {s.key: s.said for s in registry.of_kind(registry.SWITCH)}  # written 'on' or 'off'
CHOICES = {s.key: (s.options, s.said) for s in registry.of_kind(registry.CHOICE)}  # one of the options
LISTS = {s.key: (s.options, s.said) for s in registry.of_kind(registry.SEVERAL)}  # several, written 'a,b,c'
# Output padding: 'auto' (Keras's default) or a small number; the sidebar checks it against
# the stride and dilation once it knows them.
OUTPUT_PADDING = {s.key: s.said for s in registry.of_kind(registry.OUTPUT_PADDING)}
# Names that older links used, read as today's.
ALIASES = {"conv": "convention"}
VALUES = ("x", "k")  # typed values, in the form of ui.settings.codec.encode
# The convention first: output padding's default follows it.
SETTINGS = (*CHOICES, *WHOLE, *OUTPUT_PADDING, *LISTS, *SWITCHES)
KNOWN = (*SETTINGS, *VALUES)


def defaults_under(convention: str, defaults: Mapping[str, object]) -> dict:
    """The defaults under a convention: Keras's output padding is 'auto' unless chosen."""
    out = dict(defaults)
    if convention != "pytorch":
        out.update({key: OutputPadding(None).text for key in OUTPUT_PADDING})
    return out


def _whole(text: str) -> int | None:
    text = text.strip()
    return int(text) if re.fullmatch(r"[+-]?\d{1,6}", text) else None


def _canonical(params: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The parameters under today's names: an old name is read as its new one, unless both are given."""
    out = {key: [str(v) for v in values] for key, values in params.items() if key not in ALIASES}
    for old, new in ALIASES.items():
        if old in params and new not in out:
            out[new] = [str(v) for v in params[old]]
    return out


def _whole_setting(key: str, text: str, defaults, found) -> tuple[object, str | None]:
    lo, hi, what = WHOLE[key]
    value = _whole(text)
    if value is None or not lo <= value <= hi:
        reason = "not a whole number" if value is None else f"outside {lo} to {hi}"
        return None, f"The address's {what} {quote(text)} is {reason}, so the {what} is {defaults[key]}."
    return value, None


def _choice(key: str, text: str, defaults, found) -> tuple[object, str | None]:
    options, what = CHOICES[key]
    # The address form is the option's name; its label ("Keras 'same'") is understood too.
    by_label = {label.lower(): name for name, label in options.items()}
    name = text if text in options else by_label.get(text.strip().lower())
    if name is None:
        return None, (f"The address's {what} {quote(text)} is not one of {', '.join(options)}, so the "
                      f"{what} is {options[defaults[key]]}.")
    return name, None


def _output_padding(key: str, text: str, defaults, found) -> tuple[object, str | None]:
    try:
        return OutputPadding.read(text).text, None
    except ValueError as why:
        what = OUTPUT_PADDING[key]
        default = defaults_under(found.get("convention", defaults["convention"]), defaults)[key]
        return None, f"The address's {what} {quote(text)} is {why}, so the {what} is {default}."


def _several(key: str, text: str, defaults, found) -> tuple[object, str | None]:
    options, what = LISTS[key]
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in options]
    if unknown or not names:
        wrong = ", ".join(quote(n) for n in unknown) if unknown else "nothing"
        return None, (f"The address's {what} name {wrong}, not among {', '.join(options)}, so the {what} are "
                      f"{', '.join(defaults[key])}.")
    return list(dict.fromkeys(names)), None


def _switch(key: str, text: str, defaults, found) -> tuple[object, str | None]:
    word = text.strip().lower()
    if word in ("on", "off"):
        return word == "on", None
    what = SWITCHES[key]
    return None, (f"The address's {what} {quote(text)} is neither 'on' nor 'off', so the {what} is "
                  f"{_text(defaults[key])}.")


def _raw(key: str, text: str, defaults, found) -> tuple[object, str | None]:
    return text, None


READERS = {**dict.fromkeys(CHOICES, _choice), **dict.fromkeys(WHOLE, _whole_setting),
           **dict.fromkeys(OUTPUT_PADDING, _output_padding), **dict.fromkeys(LISTS, _several),
           **dict.fromkeys(SWITCHES, _switch),
           **dict.fromkeys(VALUES, _raw)}


def _text(value) -> str:
    """A setting as the address writes it: a list as 'a,b,c', a switch as 'on' or 'off'."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def read(params: Mapping[str, Sequence[str]], defaults: Mapping[str, object]) -> tuple[dict, list[str]]:
    """The settings an address asks for, and a sentence for each part that could not be used.

    params : every query parameter with all its values (a key may be repeated)
    defaults : the value of each setting when the address leaves it out
    Returns the settings found (only those present and usable; the typed values ``x`` and
    ``k`` as their raw text, which the sidebar decodes) and the sentences.
    """
    params = _canonical(params)
    found: dict[str, object] = {}
    problems: list[str] = []
    unknown = [key for key in params if key not in KNOWN]
    if unknown:
        names = ", ".join(quote(k) for k in unknown[:5]) + (" and others" if len(unknown) > 5 else "")
        problems.append(f"The address has {'a setting' if len(unknown) == 1 else 'settings'} this lesson "
                        f"does not know ({names}); {'it was' if len(unknown) == 1 else 'they were'} left out.")
    for key in KNOWN:  # the convention first: output padding's default follows it
        values = params.get(key)
        if not values:
            continue
        text = values[-1]
        if len(set(values)) > 1:
            problems.append(f"The address gives {key} {len(values)} times; the last one, {quote(text)}, is used.")
        value, problem = READERS[key](key, text, defaults, found)
        if problem:
            problems.append(problem)
        else:
            found[key] = value
    return found, problems


def query(settings: Mapping[str, object], defaults: Mapping[str, object],
          values: Mapping[str, str] | None = None) -> dict[str, str]:
    """The query that describes ``settings``: every setting that differs from its default, then
    the typed values (``values``: ``x`` and ``k`` in the URL form), if any."""
    defaults = defaults_under(str(settings.get("convention", defaults["convention"])), defaults)
    out = {key: _text(settings[key]) for key in SETTINGS
           if key in settings and _text(settings[key]) != _text(defaults[key])}
    out.update(values or {})
    return out
