"""From settings to the configuration the pages compute with. No Streamlit here.

The sidebar's widgets hold settings (``ui.settings.registry``); the address holds the same settings as text
(``ui.settings.address``). ``configuration`` turns settings into a ``Config``, and ``from_address`` reads an
address into one: the sidebar and the page tests make the configuration through the same function, so a
test learns what a page computed with from the address the page wrote, as a visitor's copied link would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ui.settings import address
from ui.settings.codec import decode
from ui.settings.config import MAX_INPUT, MAX_KERNEL, Config, OutputPadding
from ui.settings.registry import DEFAULTS
from ui.settings.values import Matrix, fill_values, resize

SHAPES = {"x": ("h", "w"), "k": ("kh", "kw")}  # the typed values' sizes, by the settings that hold them
LIMITS = {"x": ("input", MAX_INPUT), "k": ("kernel", MAX_KERNEL)}


def values(which: str, settings: Mapping[str, object], typed: Matrix | None = None) -> Matrix:
    """The input's (``which`` 'x') or kernel's ('k') values: the typed ones resized to the settings' size under
    the fill 'custom', else the fill's (a fill of 'custom' with nothing typed shows the default fill)."""
    rows, cols = SHAPES[which]
    shape = (int(settings[rows]), int(settings[cols]))
    fill = settings.get("fill", DEFAULTS["fill"])
    if fill == "custom" and typed is not None:
        return resize(typed, shape)
    fill = DEFAULTS["fill"] if fill == "custom" else fill
    return fill_values(str(fill), shape, int(settings.get("seed", 0)), salt=0 if which == "x" else 1)


def configuration(settings: Mapping[str, object], typed: Mapping[str, Matrix | None] | None = None) -> Config:
    """The configuration the sidebar's settings describe; ``typed``: the typed values by 'x' and 'k', if any.

    Under a Keras convention the padding is the mode's (none to set) and an output padding may be 'auto';
    under PyTorch's, 'auto' is read as 0."""
    typed = typed or {}
    convention = str(settings["convention"])
    keras = convention != "pytorch"
    ops = tuple(OutputPadding.read(settings[key]).value for key in address.OUTPUT_PADDING)
    return Config(input=values("x", settings, typed.get("x")), kernel=values("k", settings, typed.get("k")),
                  stride=(int(settings["sh"]), int(settings["sw"])),
                  padding=(0, 0) if keras else (int(settings["ph"]), int(settings["pw"])),
                  output_padding=ops if keras else tuple(v or 0 for v in ops), dilation=int(settings["d"]),
                  convention=convention)


def from_address(params: Mapping[str, Sequence[str] | str]) -> Config:
    """The configuration an address reopens: its settings (each missing or unusable one at its default) and its
    typed values. ``params``: query parameters, a value or a list of values each."""
    listed = {key: [value] if isinstance(value, str) else list(value) for key, value in params.items()}
    found, _ = address.read(listed, DEFAULTS)
    settings = address.defaults_under(str(found.get("convention", DEFAULTS["convention"])), DEFAULTS) | found
    typed = {}
    for which, (what, limit) in LIMITS.items():
        if which in found and settings["fill"] == "custom":
            typed[which] = decode(str(found[which]), what, limit)
            settings[SHAPES[which][0]], settings[SHAPES[which][1]] = len(typed[which]), len(typed[which][0])
    return configuration(settings, typed)
