"""Page 8: learning the filter: upsamplers trained live, and why a learned kernel still makes a checkerboard."""

import numpy as np
import streamlit as st

import core
from core import training
from ui import sentences
from ui.figures.cells import Words, grid_spec
from ui.figures.learning import image_html, loss_figure, method_figures, spread_figure
from ui.pictures.samples import picture
from ui.settings.registry import METHODS, PICTURES
from ui.show import pictures, row, show
from ui.state import controls, widgets
from ui.state import training_runs as runs_state
from ui.state.picture import uploaded
from ui.text import text
from ui.words import number, size

PAGE = "learning"
GRADIENT_INPUT = 8


def settings(cfg) -> tuple[int, int]:
    """The kernel and stride the page trains with, from the sidebar, said when they had to change."""
    (kh, kw), s = cfg.kernel_size, cfg.stride[0]
    if kh != kw:
        st.caption(text(PAGE, "not-square", kh=kh, kw=kw, k=kh))
    if s < 2:
        st.caption(text(PAGE, "stride-one"))
    return kh, max(s, 2)


def method_row(name: str, run: runs_state.Run) -> None:
    t = run.trainer
    now, flat, phases = run.now()
    st.markdown(f"#### {METHODS[name]}")  # the row's title, above it
    figures = method_figures(f"{PAGE}_{name}", first=run.first_output, now=now, target=t.high, flat=flat,
                             first_flat=run.first_flat, steps=t.steps, kernels=t.model.kernels())
    images = [figure for figure in figures[:-1] if figure != []]  # before training, no "now" panels
    left, right = st.columns([len(images), 1.3])
    pictures(images, left)
    for kernel in figures[-1]:
        show(kernel, right)
    spread = training.phase_spread(phases)
    loss = float(((now - t.high) ** 2).mean())  # after the last step (the history holds the loss before each)
    st.markdown(sentences.method_sentence(METHODS[name], t.losses[0] if t.losses else loss, loss, t.steps,
                                          phases.min(), phases.max(), spread))


def baseline_row(high: np.ndarray, s: int) -> None:
    """Nearest neighbour and bilinear on the same picture: what a rule with nothing learned gives."""
    target, outputs = training.baselines(high, s)
    images = []
    for name, out in outputs.items():
        error = np.abs(out - target)
        images += [image_html(out, name.title(), key=f"{PAGE}_{name}", value_range=(0, 1)),
                   image_html(error, f"{name.title()}: error", key=f"{PAGE}_{name}_error", cmap="viridis",
                              value_range=(0, max(float(error.max()), 1e-9)))]
    pictures(images)


@st.fragment
def trainer_panel(setup: tuple, high: np.ndarray, methods: list[str], k: int, s: int, seed: int, target: int) -> None:
    """One burst of training a run while training is on (then this fragment again for the next), so a press of
    Stop, or any other control, is taken between bursts; the figures show the steps done so far. A full run of
    the page (a sidebar setting, coming back from another page) goes on training from the step reached."""
    runs = runs_state.runs(setup, high, methods, k, s, seed)
    buttons = st.container(horizontal=True)  # one block, where four columns were five; one line on a phone too
    buttons.button("Train", key=f"{PAGE}_train", type="primary", on_click=runs_state.train)
    buttons.button("Stop", key=f"{PAGE}_stop", on_click=runs_state.stop)
    buttons.button("Reset", key=f"{PAGE}_reset", on_click=runs_state.reset)
    restarted = runs_state.restarted()
    if restarted is not None:
        st.info(text(PAGE, "restarted", steps=restarted))
    progress = runs_state.advance(runs, target)
    done = progress.done
    st.progress(min(done / target, 1.0), text=text(PAGE, "progress", steps=done, target=target))
    if progress.capped:
        st.info(text(PAGE, "capped", seconds=int(runs_state.TIME_CAP), steps=done))
    for name, run in runs.items():
        method_row(name, run)
    cols = st.columns(2)
    show(loss_figure({n: r.trainer.losses for n, r in runs.items()}, METHODS), cols[0], key=f"{PAGE}_loss")
    show(spread_figure({n: r.spreads for n, r in runs.items()}, METHODS), cols[1], key=f"{PAGE}_spread")
    if "transposed" in runs:
        phases_section(runs["transposed"], s)
    gradients_section(runs.get("transposed"), k, s)
    runs_state.settle(progress)


def phases_section(run: runs_state.Run, s: int) -> None:
    kernel, first = run.trainer.model.kernels()[0], run.first_kernels[0]
    sums = training.phase_sums(kernel, s)
    st.markdown(text(PAGE, "phases", s=s))
    grids = ((kernel, "Learned kernel", "kernel"), (sums, "Phase sums now", "sums"),
             (training.phase_sums(first, s), "Phase sums at step 0", "first"))
    row([grid_spec(np.round(values, 3), title, key=f"{PAGE}_phase_{key}") for values, title, key in grids],
        key=f"{PAGE}_phase_row")
    spread = training.phase_spread(sums)
    st.markdown(sentences.phase_sentence(sums, spread, training.phase_spread(training.phase_sums(first, s))))
    st.markdown(text(PAGE, "icnr"))


def gradients_section(run, k: int, s: int, n: int = GRADIENT_INPUT) -> None:
    st.markdown(text(PAGE, "gradients", k=k, s=s, n=n))
    upstream = np.ones(core.conv2d(np.zeros((n, n)), np.zeros((k, k)), stride=s).shape)
    ones, _, _ = core.conv2d_backward(np.zeros((n, n)), np.ones((k, k)), upstream, stride=s)
    cols = st.columns(2)
    show(grid_spec(ones, "Input gradient, all-ones kernel", key=f"{PAGE}_grad_ones",
                   words=Words(legend="contributions")), cols[0])
    if run is not None:
        learned, _, _ = core.conv2d_backward(np.zeros((n, n)), run.trainer.model.kernels()[0], upstream, stride=s)
        show(grid_spec(np.round(learned, 2), "Input gradient, learned kernel", key=f"{PAGE}_grad_learned"), cols[1])
    st.markdown(text(PAGE, "gradient-counts", counts=sentences.value_range(ones.min(), ones.max())))


cfg = controls.current()
st.title("Learning the filter")
st.markdown(controls.intro(PAGE))
k, s = settings(cfg)
methods = widgets.several(st, "learn_methods")  # a row of its own
cols = st.columns([2, 2, 1])
choice = widgets.choice(cols[0], "learn_picture")
target = widgets.slider(cols[1], "learn_steps")
seed = widgets.number_box(cols[2], "learn_seed")
own = uploaded(PAGE) if choice == "upload" else None
if choice == "upload" and own is None:
    st.caption(text(PAGE, "upload-wanted"))
texture = choice if choice in training.TEXTURES else "sample"
high = own if own is not None else picture(texture)
name = PICTURES[choice if own is not None or choice != "upload" else "sample"]
lows = [size(np.shape(training.downsample(high, f))) for f in (s, s * s)]
st.markdown(text(PAGE, "setup", k=k, s=s, picture=name, high=size(high.shape), low=lows[0], low_stacked=lows[1]))
losses = map(number, training.baseline_losses(high, s))
st.markdown(text(PAGE, "baseline", **dict(zip(("nearest", "bilinear"), losses))))
baseline_row(high, s)
if not methods:
    st.info(text(PAGE, "methods-none"))
else:
    setup = (tuple(methods), choice, hash(high.tobytes()), k, s, int(seed))
    trainer_panel(setup, high, methods, k, s, int(seed), int(target))
