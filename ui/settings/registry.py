"""Every setting a visitor changes, declared once. No Streamlit here.

A ``Setting`` holds its key (the widget's key and the address's parameter), its default, what it may
hold (a range, options, a switch, a list of options, or an output padding), its label and help, what a
sentence calls it, and the page it belongs to (None: the sidebar's, shared by every page). From these
declarations come the defaults (``DEFAULTS``), the address's reader and writer (``ui.settings.address``),
the widgets (``ui.state.widgets``), the fuzz tests' ranges and the benchmark visitors' plans.

Adding a setting is one ``Setting`` here and, when the core needs it, one field of ``Config``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ui.questions import KINDS, MAX_QUESTIONS
from ui.settings.config import (
    CONVENTIONS,
    MAX_CHANNELS,
    MAX_DILATION,
    MAX_INPUT,
    MAX_KERNEL,
    MAX_PADDING,
    MAX_STRIDE,
    OutputPadding,
)
from ui.settings.values import FILLS

# The learning page's methods and pictures, by their address names.
METHODS = {
    "transposed": "Transposed convolution",
    "resize": "Resize, then convolve",
    "shuffle": "Pixel shuffle (random start)",
    "icnr": "Pixel shuffle (ICNR start)",
    "stacked": "Two transposed convolutions (x stride²)",
}
PICTURES = {"sample": "sample picture", "stripes": "stripes", "checks": "soft checks", "rings": "rings",
            "upload": "your own picture"}
PRACTICE_KINDS = {"mixed": "All kinds", **KINDS}  # the practice page's kinds of questions
# The hearing page's sounds, input rates (Hz) and kernels, by their address names.
SOUNDS = {"tone": "Tone (440 Hz)", "chord": "Chord (C, E, G)", "sweep": "Sweep (rising)", "upload": "Your own (WAV)"}
SOUND_RATES = {"4000": "4,000 Hz", "8000": "8,000 Hz"}
SOUND_KERNELS = {"sidebar": "The sidebar's (its first row)", "box": "A box (all ones)",
                 "trained": "Trained on the sound"}

WHOLE, CHOICE, SWITCH, SEVERAL, OUTPUT_PADDING = "whole", "choice", "switch", "several", "output padding"


@dataclass(frozen=True)
class Setting:
    """One setting.

    key : the widget's key and the address's parameter
    kind : 'whole' (a whole number from ``lo`` to ``hi``), 'choice' (one of ``options``), 'switch' (on or
        off), 'several' (any of ``options``, at least one) or 'output padding' (``OutputPadding``)
    label : the widget's label
    what : what a sentence calls it ('input height'); the label in lower case when not given
    page : the page it belongs to (its name in ``ui.pages``), or None for the sidebar's
    options : address form -> the words a visitor reads
    step : a whole number's step on its slider
    drawn : whether a widget shows it (the practice page's question is chosen by its buttons, not typed)
    """

    key: str
    kind: str
    default: object
    label: str
    help: str = ""
    what: str = ""
    page: str | None = None
    lo: int = 0
    hi: int = 0
    step: int = 1
    options: Mapping[str, str] = field(default_factory=dict, hash=False)
    drawn: bool = True

    @property
    def said(self) -> str:
        """What a sentence calls it."""
        return self.what or self.label.lower()

    def allows(self, value) -> bool:
        """Whether ``value`` is one this setting can hold (its default always is)."""
        if value == self.default:
            return True
        if self.kind == WHOLE:
            return isinstance(value, int) and not isinstance(value, bool) and self.lo <= value <= self.hi
        if self.kind == CHOICE:
            return value in self.options
        if self.kind == SWITCH:
            return isinstance(value, bool)
        if self.kind == SEVERAL:
            return bool(value) and all(v in self.options for v in value)
        try:
            OutputPadding.read(value)
        except ValueError:
            return False
        return True


def _whole(key: str, lo: int, hi: int, default: int | None, label: str, help: str = "", **more) -> Setting:
    return Setting(key, WHOLE, default, label, help, lo=lo, hi=hi, **more)


def _pair(keys: tuple[str, str], lo: int, hi: int, default: int, label: str, help: str) -> tuple[Setting, ...]:
    """Height and width of one thing, side by side in the sidebar."""
    return tuple(_whole(key, lo, hi, default, f"{label} {axis}", help) for key, axis in zip(keys, ("height", "width")))


def _designer() -> tuple[Setting, ...]:
    """The layer designer's dimensions (1-D, 2-D or 3-D, shared with the inverter), its sizes per axis (their
    defaults follow the sidebar's input: None here) and the inverter's convolution, one box for every axis or
    one per axis."""
    out = [Setting("designer_dims", CHOICE, "2", "Dimensions", "ConvTranspose1d (a signal), ConvTranspose2d (an "
                   "image) or ConvTranspose3d (a volume): the same formula on each axis.",
                   what="designer's number of dimensions", page="designer", options=DIMENSIONS),
           Setting("designer_framework", CHOICE, "pytorch", "Framework", what="designer's framework",
                   page="designer", options=FRAMEWORKS)]
    for key, label in (("input", "Input"), ("output", "Output wanted")):
        out += [_whole(f"designer_{key}_{axis[0]}", 1, LARGEST_SIZE, None, f"{label} {axis}",
                       what=f"designer's {label.lower()} {axis}", page="designer") for axis in DESIGNER_AXES]
    out.append(Setting("designer_conv_per_axis", SWITCH, False, "Different sizes per axis",
                       what="inverter's axes apart", page="designer"))
    for name, (label, lo, hi, default) in CONV.items():
        out += [_whole(f"designer_conv_{name}_{axis}", lo, hi, default, f"{label} {axis}".strip(),
                       what=f"inverter's {label.lower()} {axis}".strip(), page="designer")
                for axis in ("", "depth", "height", "width")]
    return tuple(out)


DIMENSIONS = {"1": "1-D", "2": "2-D", "3": "3-D"}  # the designer's and inverter's number of axes
DESIGNER_AXES = ("length", "depth", "height", "width")  # the designer's boxes: 1-D's length, 3-D's depth too
LARGEST_SIZE = 4096  # the largest size the designer and the inverter take: a practitioner's, far past the sidebar's
FRAMEWORKS = {"pytorch": "PyTorch", "keras": "Keras"}
CONV = {"input_size": ("Input size", 1, LARGEST_SIZE, 8), "kernel": ("Kernel", 1, 15, 3),
        "stride": ("Stride", 1, 8, 2), "padding": ("Padding", 0, 15, 1),
        "dilation": ("Dilation", 1, 6, 1)}  # the inverter's Conv2d: (label, lowest, highest, default)
_OUTPUT_PADDING_HELP = "Extra rows (columns) at the bottom (right)."
SETTINGS: tuple[Setting, ...] = (
    # The sidebar's, in the order it draws them; the convention first: output padding's default follows it.
    Setting("convention", CHOICE, "pytorch", "Convention",
            "PyTorch crops `padding` cells from every border; Keras picks 'valid' (crop nothing) or 'same' "
            "(output = input x stride).", options=CONVENTIONS),
    *_pair(("h", "w"), 1, MAX_INPUT, 3, "Input", "Rows and columns of the input."),
    *_pair(("kh", "kw"), 1, MAX_KERNEL, 3, "Kernel", "Rows and columns of the kernel."),
    *_pair(("sh", "sw"), 1, MAX_STRIDE, 2, "Stride",
           "How far apart the stamps of neighbouring input cells land in the output."),
    _whole("d", 1, MAX_DILATION, 1, "Dilation", "Spacing between kernel taps: 1 means the taps touch."),
    *(Setting(key, OUTPUT_PADDING, "0", f"Output padding {axis}", _OUTPUT_PADDING_HELP)
      for key, axis in (("oph", "height"), ("opw", "width"))),
    *_pair(("ph", "pw"), 0, MAX_PADDING, 0, "Padding", "Rows (columns) cropped from each border of the output."),
    Setting("fill", CHOICE, "integers", "Fill", "How the input and kernel are filled; edit any cell to type your own.",
            options=FILLS),
    _whole("seed", 0, 9999, 0, "Seed", "The same seed gives the same values."),
    Setting("proj", SWITCH, False, "Projector mode", what="projector mode"),
    Setting("predict", SWITCH, False, "Predict first", "Before a page shows its answer (the output's size, a "
            "cell's value, the busiest cell), it asks you to predict it. Teachers: ask the class, then press "
            "Reveal (or the V key).", what="predict-first mode"),
    # The pages' own.
    _whole("upsampling_scale", 2, 4, 2, "Scale factor", what="scale factor of the upsampling page",
           page="upsampling"),
    Setting("upsampling_align", SWITCH, False, "Bilinear: align corners", what="bilinear's corner alignment",
            page="upsampling"),
    _whole("scatter_out_row", 0, 999, 0, "Output row", what="followed output row", page="scatter"),
    _whole("scatter_out_col", 0, 999, 0, "Output column", what="followed output column", page="scatter"),
    _whole("scatter_in_row", 0, 999, 0, "Input row", what="followed input row", page="scatter"),
    _whole("scatter_in_col", 0, 999, 0, "Input column", what="followed input column", page="scatter"),
    _whole("channels_in", 1, MAX_CHANNELS, 2, "Input channels C_in", what="number of input channels",
           page="channels"),
    _whole("channels_out", 1, MAX_CHANNELS, 4, "Output channels C_out", what="number of output channels",
           page="channels"),
    _whole("channels_groups", 1, MAX_CHANNELS, 1, "Groups (common divisors of C_in and C_out)", what="number of groups",
           page="channels"),
    _whole("channels_seed", 0, 9999, 0, "Seed", what="seed of the channels page", page="channels"),
    Setting("channels_bias", SWITCH, True, "Bias", what="bias", page="channels"),
    _whole("checkerboard_kernel", 3, 4, 3, "Kernel of the transposed convolution",
           what="picture's kernel on the checkerboard page", page="checkerboard"),
    Setting("learn_methods", SEVERAL, ("transposed", "resize", "icnr"), "Methods", what="training methods",
            page="learning", options=METHODS),
    Setting("learn_picture", CHOICE, "sample", "Picture", what="training picture", page="learning",
            options=PICTURES),
    _whole("learn_steps", 10, 1000, 300, "Steps", what="number of training steps", page="learning", step=10),
    _whole("learn_seed", 0, 9999, 0, "Seed", what="training seed", page="learning"),
    Setting("hear_sound", CHOICE, "tone", "Sound", what="sound", page="hear", options=SOUNDS),
    Setting("hear_rate", CHOICE, "4000", "The sound's sampling rate", what="sound's sampling rate", page="hear",
            options=SOUND_RATES),
    Setting("hear_kernel", CHOICE, "sidebar", "Kernel", what="kernel of the hearing page", page="hear",
            options=SOUND_KERNELS),
    # None: the practice page draws a question, the worksheet a seed
    *_designer(),
    _whole("practice_seed", 0, 99999, None, "Question", what="practice question", page="practice", drawn=False),
    Setting("practice_kind", CHOICE, "mixed", "Questions", what="kind of questions", page="practice",
            options=PRACTICE_KINDS),
    _whole("sheet_seed", 0, 99999, None, "Seed", what="worksheet seed", page="practice"),
    _whole("sheet_n", 1, MAX_QUESTIONS, 6, "Questions", what="number of worksheet questions", page="practice"),
)
SETTING = {s.key: s for s in SETTINGS}
DEFAULTS = {s.key: s.default for s in SETTINGS}
SIDEBAR = tuple(s for s in SETTINGS if s.page is None)


def of_kind(kind: str) -> tuple[Setting, ...]:
    return tuple(s for s in SETTINGS if s.kind == kind)


def of_page(page: str) -> tuple[Setting, ...]:
    """The settings of a page's own controls."""
    return tuple(s for s in SETTINGS if s.page == page)
