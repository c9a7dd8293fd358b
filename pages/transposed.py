"""Page 5: why "transposed": a convolution is a matrix C, the transposed convolution is C^T."""

import numpy as np
import streamlit as st

import core
from ui import controls
from ui.config import CONVENTIONS, GUIDE_KERNEL, fill_values, number
from ui.lesson import text
from ui.matrix_view import show_labelled, show_matrix, show_vector

PAGE = "transposed"
CHUNK = 256  # inputs per batched conv2d call in the gradient check
CLASSIC_INPUT = (4, 4)  # the textbook picture: a 3x3 kernel over a 4x4 input gives a 4x16 C


def per_side(padding) -> tuple[tuple[int, int], tuple[int, int]]:
    """Padding as ((top, bottom), (left, right)), from a pair or the per-side form."""
    if isinstance(padding[0], tuple):
        return padding
    return (padding[0], padding[0]), (padding[1], padding[1])


def direct_conv(x: np.ndarray, cfg) -> np.ndarray:
    """The convolution whose transpose is the sidebar's transposed convolution.

    x : ndarray of shape (H_out, W_out), or (N, 1, H_out, W_out) for a batch
    Same kernel, stride and dilation; its padding is the transposed convolution's crop
    (per side), and it keeps the first H_in x W_in cells (more appear only when the
    output padding reaches the stride).
    """
    (top, bottom), (left, right) = per_side(cfg.settings["padding"])
    kernel = cfg.kernel if x.ndim == 2 else cfg.kernel[None, None]
    if top == bottom and left == right:
        out = core.conv2d(x, kernel, stride=cfg.stride, padding=(top, left), dilation=cfg.dilation)
    else:
        padded = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(top, bottom), (left, right)])
        out = core.conv2d(padded, kernel, stride=cfg.stride, dilation=cfg.dilation)
    h, w = cfg.input_size
    return out[..., :h, :w]


# C and its companions grow with the settings (about 5 MB at the largest): a few are kept.
@st.cache_data(max_entries=16)
def stamps(cfg, ones: bool = False) -> np.ndarray:
    """C^T collected column by column: column j is the transposed convolution of a single 1 in cell j."""
    h, w = cfg.input_size
    units = np.eye(h * w).reshape(h * w, 1, h, w)
    kernel = np.ones(cfg.kernel_size) if ones else cfg.kernel
    out = core.conv_transpose2d(units, kernel[None, None], **cfg.settings)
    return out.reshape(h * w, -1).T


@st.cache_data(max_entries=16)
def matrix_view(cfg) -> dict:
    """C two ways, C^T y against the transposed convolution, C^T C x against x, and the gradient."""
    ho, wo = cfg.output_size
    ct = stamps(cfg)
    c = ct.T
    view = dict(c=c, ct=ct, pattern=stamps(cfg, ones=True).T != 0)

    # core.conv_matrix takes one padding per axis; it applies when both sides are cropped alike.
    (top, bottom), (left, right) = per_side(cfg.settings["padding"])
    view["from_core"] = None
    if top == bottom and left == right:
        from_core = core.conv_matrix((ho, wo), cfg.kernel, cfg.stride, (top, left), cfg.dilation)
        view["core_shape"] = from_core.shape
        if from_core.shape == c.shape:
            view["from_core"] = from_core
            view["core_diff"] = float(np.abs(from_core - c).max())

    y = cfg.input.ravel()
    product = ct @ y
    output = cfg.output()
    view.update(y=y, product=product, output=output,
                product_diff=float(np.abs(product.reshape(ho, wo) - output).max()))

    x = np.asarray(fill_values("integers", (ho, wo), seed=0, salt=2))
    cx = direct_conv(x, cfg)
    back = core.conv_transpose2d(cx, cfg.kernel, **cfg.settings)
    gap = np.abs(back - x)
    view.update(x=x, cx=cx, back=back, back_diff=float(gap.max()),
                back_where=tuple(int(i) for i in np.unravel_index(gap.argmax(), gap.shape)),
                matrix_diff=float(np.abs(c @ x.ravel() - cx.ravel()).max()))

    # Gradient of L(x) = sum(g * conv(x)): L is linear in x, so a step of 1 in cell j
    # changes L by exactly dL/dx_j (a finite difference with no rounding of the step).
    g = cfg.input
    base = float((g * cx).sum())
    grad = np.empty(ho * wo)
    for start in range(0, ho * wo, CHUNK):
        cells = np.arange(start, min(start + CHUNK, ho * wo))
        nudged = np.repeat(x[None, None], len(cells), axis=0)
        nudged.reshape(len(cells), -1)[np.arange(len(cells)), cells] += 1.0
        grad[cells] = (g * direct_conv(nudged, cfg)[:, 0]).sum(axis=(1, 2)) - base
    transposed_g = core.conv_transpose2d(g, cfg.kernel, **cfg.settings)
    view.update(grad=grad.reshape(ho, wo), transposed_g=transposed_g,
                grad_diff=float(np.abs(grad.reshape(ho, wo) - transposed_g).max()))
    return view


@st.cache_data(max_entries=16)
def classic(kernel: tuple) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """C of a kernel over the classic 4x4 input, where its taps can sit, and the output size."""
    k = np.asarray(kernel)
    c = core.conv_matrix(CLASSIC_INPUT, k)
    pattern = core.conv_matrix(CLASSIC_INPUT, np.ones(k.shape)) != 0
    return c, pattern, core.conv2d(np.zeros(CLASSIC_INPUT), k).shape


def pair_text(pair) -> str:
    """3 for (3, 3), 2x3 for (2, 3)."""
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}x{pair[1]}"


def agreement(name: str, diff: float, tolerance: float) -> None:
    """Say that two results agree (with the largest difference), or that they do not."""
    if diff <= tolerance:
        st.success(text(PAGE, name, diff=number(diff)))
    else:
        st.error(text(PAGE, "mismatch", diff=number(diff)))


def padding_phrase(cfg) -> str:
    (top, bottom), (left, right) = per_side(cfg.settings["padding"])
    if top == bottom and left == right:
        return f"padding {number(top)}" if top == left else f"padding {top}x{left}"
    return f"padding of {top} on top, {bottom} at the bottom, {left} on the left and {right} on the right"


def why_not_core(cfg, view) -> str:
    """The sentence saying why core.conv_matrix does not give this C."""
    (top, bottom), (left, right) = per_side(cfg.settings["padding"])
    if top != bottom or left != right:
        return text(PAGE, "asymmetric", top=top, bottom=bottom, left=left, right=right,
                    convention=CONVENTIONS[cfg.convention])
    rows, _ = view["core_shape"]
    h, w = cfg.input_size
    return text(PAGE, "larger", rows=rows, cells=h * w, input=f"{h}x{w}",
                output_padding=" and ".join(str(v) for v in cfg.settings["output_padding"]))


cfg = controls.current()
(h, w) = cfg.input_size

st.title('Why "transposed"')
st.markdown(text(PAGE, "intro"))
st.caption(cfg.describe())

if cfg.problem:
    st.info("The settings in the sidebar cannot produce an output, so there is no matrix to show; "
            "the message in the sidebar says why and how to fix it.")
else:
    view = matrix_view(cfg)
    ho, wo = cfg.output_size
    n_in, n_out = h * w, ho * wo
    taps = int(view["pattern"].sum(axis=1).max())

    st.subheader("The convolution as a matrix C")
    st.markdown(text(PAGE, "pair", input=f"{h}x{w}", output=f"{ho}x{wo}", n_in=n_in, n_out=n_out,
                     stride=pair_text(cfg.stride),
                     padding=padding_phrase(cfg), dilation=cfg.dilation))
    show_matrix(st, view["c"], "C", key=f"{PAGE}_c", pattern=view["pattern"],
                row_title="output cell of the convolution", col_title="input cell of the convolution")
    shift = f"{cfg.stride[1]} column" + ("" if cfg.stride[1] == 1 else "s")
    st.markdown(text(PAGE, "read", w_in=w, taps=taps, n_out=n_out, shift=shift,
                     share=number(round(100 * view["pattern"].mean(), 1))))
    if view["from_core"] is not None:
        st.markdown(text(PAGE, "built", diff=number(view["core_diff"])))
    else:
        st.markdown(why_not_core(cfg, view))

    st.subheader("Multiplying by Cᵀ is the transposed convolution")
    st.markdown(text(PAGE, "multiply", input=f"{h}x{w}", output=f"{ho}x{wo}", n_in=n_in, n_out=n_out))
    cols = st.columns([3, 2, 2, 3])
    cell = show_matrix(cols[0], view["ct"], "Cᵀ", key=f"{PAGE}_ct", pattern=view["pattern"].T, width_px=260,
                       row_title="output cell", col_title="input cell")
    show_vector(cols[1], view["y"], "y", key=f"{PAGE}_y")
    show_vector(cols[2], view["product"], "Cᵀy", key=f"{PAGE}_product", cell_px=cell)  # rows beside Cᵀ's
    cols[3].markdown(text(PAGE, "shapes", rows=n_out, cols=n_in))
    cols = st.columns(2)
    show_labelled(cols[0], view["product"].reshape(ho, wo), "Cᵀy, reshaped", key=f"{PAGE}_reshaped",
                  width_px=460)
    show_labelled(cols[1], view["output"], "Transposed convolution", key=f"{PAGE}_output", width_px=460)
    agreement("identical", view["product_diff"], 1e-9)
    st.markdown(text(PAGE, "stamps"))

    st.subheader("Transposed is not inverse")
    st.markdown(text(PAGE, "not-inverse", input=f"{h}x{w}", output=f"{ho}x{wo}"))
    cols = st.columns(3)
    show_labelled(cols[0], view["x"], "x", key=f"{PAGE}_x")
    show_labelled(cols[1], view["cx"], "Cx, the convolution", key=f"{PAGE}_cx")
    show_labelled(cols[2], view["back"], "CᵀCx, convolved and transposed", key=f"{PAGE}_back")
    if view["back_diff"] > 1e-9:
        r, q = view["back_where"]
        st.warning(text(PAGE, "differs", diff=number(view["back_diff"]), row=r, col=q,
                        x=number(view["x"][r, q]), back=number(view["back"][r, q])))
    else:
        st.info(text(PAGE, "happens-equal"))

    st.subheader("It is the gradient of the convolution")
    st.markdown(text(PAGE, "gradient", output=f"{ho}x{wo}", n_out=n_out))
    cols = st.columns(3)
    show_labelled(cols[0], cfg.input, "g, the upstream gradient", key=f"{PAGE}_g")
    show_labelled(cols[1], view["grad"], "∂L/∂x, nudging each cell", key=f"{PAGE}_grad")
    show_labelled(cols[2], view["transposed_g"], "Transposed convolution of g", key=f"{PAGE}_transposed_g")
    agreement("gradient-same", view["grad_diff"], 1e-6)

st.subheader("The classic example")
mine = cfg.kernel_size == (3, 3)
c4, pattern4, out4 = classic(cfg.k if mine else GUIDE_KERNEL)
on_top = not cfg.problem and np.array_equal(view["c"], c4)
st.markdown(text(PAGE, "classic", k="x".join(map(str, cfg.kernel_size if mine else np.shape(GUIDE_KERNEL))),
                 n="x".join(map(str, CLASSIC_INPUT)), out="x".join(map(str, out4)), rows=c4.shape[0],
                 cols=c4.shape[1], taps=int(pattern4.sum(axis=1).max()), n_out=out4[0] * out4[1],
                 n_in=c4.shape[1]))
st.caption(text(PAGE, "classic-on-top" if on_top else "classic-mine" if mine else "classic-other"))
show_matrix(st, c4, "C of the classic example", key=f"{PAGE}_classic", pattern=pattern4, row_title="output cell",
            col_title="input cell")
