"""Page 5: why "transposed": a convolution is a matrix C, the transposed convolution is C^T."""

import numpy as np
import streamlit as st

import core
from ui import sentences
from ui.cache import cached
from ui.figures.matrix import labelled_view, matrix_view, vector_view
from ui.settings.presets import GUIDE_KERNEL
from ui.settings.values import fill_values
from ui.show import row, show
from ui.state import controls
from ui.text import text
from ui.words import count, number, pair, size

PAGE = "transposed"
CLASSIC_INPUT = (4, 4)  # the textbook picture: a 3x3 kernel over a 4x4 input gives a 4x16 C


# C and its companions grow with the settings (about 5 MB at the largest): a few are kept.
@cached
def views(cfg) -> dict:
    """C two ways, C^T y against the transposed convolution, C^T C x against x, and the gradient."""
    geo, s = cfg.geometry, cfg.settings
    ct = core.transposed_matrix(cfg.input_size, cfg.kernel, **s)
    c = ct.T
    view = dict(c=c, ct=ct, pattern=core.transposed_matrix(cfg.input_size, np.ones(cfg.kernel_size), **s).T != 0)
    # core.conv_matrix builds the same C from the definition, as long as it has one row per input cell.
    from_core = core.conv_matrix(geo.output, cfg.kernel, geo.stride, geo.padding, geo.dilation)
    view.update(core_shape=from_core.shape, from_core=from_core if from_core.shape == c.shape else None)
    if view["from_core"] is not None:
        view["core_diff"] = float(np.abs(from_core - c).max())

    y, output = cfg.input.ravel(), cfg.output()
    product = ct @ y
    view.update(y=y, product=product, output=output,
                product_diff=float(np.abs(product.reshape(geo.output) - output).max()))

    x = np.asarray(fill_values("integers", geo.output, seed=0, salt=2))
    cx = core.adjoint_conv2d(x, cfg.kernel, cfg.input_size, **s)
    back = core.conv_transpose2d(cx, cfg.kernel, **s)
    gap = np.abs(back - x)
    view.update(x=x, cx=cx, back=back, back_diff=float(gap.max()),
                back_where=tuple(int(i) for i in np.unravel_index(gap.argmax(), gap.shape)),
                matrix_diff=float(np.abs(c @ x.ravel() - cx.ravel()).max()))

    # The gradient of L(x) = sum(g * Cx), found by nudging each cell of x, is the transposed convolution of g.
    grad = core.nudged_gradient(cfg.input, x, cfg.kernel, **s)
    transposed_g = core.conv_transpose2d(cfg.input, cfg.kernel, **s)
    view.update(grad=grad, transposed_g=transposed_g, grad_diff=float(np.abs(grad - transposed_g).max()))
    return view


@cached
def classic(kernel: tuple) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """C of a kernel over the classic 4x4 input, where its taps can sit, and the output size."""
    k = np.asarray(kernel)
    c = core.conv_matrix(CLASSIC_INPUT, k)
    pattern = core.conv_matrix(CLASSIC_INPUT, np.ones(k.shape)) != 0
    return c, pattern, core.conv2d(np.zeros(CLASSIC_INPUT), k).shape


def agreement(name: str, diff: float, tolerance: float) -> None:
    """Say that two results agree (with the largest difference), or that they do not."""
    if diff <= tolerance:
        st.success(text(PAGE, name, diff=number(diff)))
    else:
        st.error(text(PAGE, "mismatch", diff=number(diff)))


def why_not_core(cfg, view) -> str:
    """The sentence saying why core.conv_matrix does not give this C: it has more rows than input cells."""
    h, w = cfg.input_size
    return text(PAGE, "larger", rows=view["core_shape"][0], cells=h * w, input=size(cfg.input_size),
                output_padding=" and ".join(str(v) for v in cfg.geometry.output_padding))


def grids(items, width_px: int = 300) -> None:
    """Grids with their row and column numbers, side by side: (values, title, key suffix) each."""
    row([labelled_view(values, title, key=f"{PAGE}_{key}", width_px=width_px) for values, title, key in items],
        key=f"{PAGE}_row_{items[0][2]}")


def matrix(where, values, title: str, key: str, **options) -> int | None:
    figure, cell = matrix_view(values, title, key=f"{PAGE}_{key}", **options)
    show(figure, where, key=f"{PAGE}_{key}")
    return cell


def sections(cfg) -> None:
    view, (h, w), (ho, wo) = views(cfg), cfg.input_size, cfg.output_size
    sizes = dict(input=size((h, w)), output=size((ho, wo)), n_in=h * w, n_out=ho * wo)
    st.header("The convolution as a matrix C")
    st.markdown(text(PAGE, "pair", **sizes, stride=pair(cfg.stride), padding=sentences.padding_phrase(cfg.geometry),
                     dilation=cfg.dilation))
    matrix(st, view["c"], "C", "c", pattern=view["pattern"], row_title="output cell of the convolution",
           col_title="input cell of the convolution")
    st.markdown(text(PAGE, "read", w_in=w, taps=int(view["pattern"].sum(axis=1).max()), n_out=ho * wo,
                     shift=count(cfg.stride[1], "column"), share=number(round(100 * view["pattern"].mean(), 1))))
    built = view["from_core"] is not None
    st.markdown(text(PAGE, "built", diff=number(view["core_diff"])) if built else why_not_core(cfg, view))

    st.header("Multiplying by Cᵀ is the transposed convolution")
    st.markdown(text(PAGE, "multiply", **sizes))
    cols = st.columns([3, 2, 2, 3])
    cell = matrix(cols[0], view["ct"], "Cᵀ", "ct", pattern=view["pattern"].T, width_px=260, row_title="output cell",
                  col_title="input cell")
    show(vector_view(view["y"], "y", key=f"{PAGE}_y"), cols[1], key=f"{PAGE}_y")
    show(vector_view(view["product"], "Cᵀy", key=f"{PAGE}_product", cell_px=cell), cols[2], key=f"{PAGE}_product")
    cols[3].markdown(text(PAGE, "shapes", rows=ho * wo, cols=h * w))
    grids([(view["product"].reshape(ho, wo), "Cᵀy, reshaped", "reshaped"),
           (view["output"], "Transposed convolution", "output")], width_px=460)
    agreement("identical", view["product_diff"], 1e-9)
    st.markdown(text(PAGE, "stamps"))

    st.header("Transposed is not inverse")
    st.markdown(text(PAGE, "not-inverse", **sizes))
    grids([(view["x"], "x", "x"), (view["cx"], "Cx, the convolution", "cx"),
           (view["back"], "CᵀCx, convolved and transposed", "back")])
    if view["back_diff"] > 1e-9:
        r, q = view["back_where"]
        st.warning(text(PAGE, "differs", diff=number(view["back_diff"]), row=r, col=q, x=number(view["x"][r, q]),
                        back=number(view["back"][r, q])))
    else:
        st.info(text(PAGE, "happens-equal"))

    st.header("It is the gradient of the convolution")
    st.markdown(text(PAGE, "gradient", **sizes))
    grids([(cfg.input, "g, the upstream gradient", "g"), (view["grad"], "∂L/∂x, nudging each cell", "grad"),
           (view["transposed_g"], "Transposed convolution of g", "transposed_g")])
    agreement("gradient-same", view["grad_diff"], 1e-6)


cfg = controls.opening(PAGE, 'Why "transposed"')
if not cfg.problem:
    sections(cfg)

st.header("The classic example")
mine = cfg.kernel_size == (3, 3)
c4, pattern4, out4 = classic(tuple(map(tuple, cfg.kernel)) if mine else GUIDE_KERNEL)
on_top = not cfg.problem and np.array_equal(views(cfg)["c"], c4)
st.markdown(text(PAGE, "classic", k=size(cfg.kernel_size if mine else np.shape(GUIDE_KERNEL)), n=size(CLASSIC_INPUT),
                 out=size(out4), rows=c4.shape[0], cols=c4.shape[1], taps=int(pattern4.sum(axis=1).max()),
                 n_out=out4[0] * out4[1], n_in=c4.shape[1]))
caption = "classic-mine" if mine else "classic-other"
st.caption(text(PAGE, "classic-on-top" if on_top else caption))
matrix(st, c4, "C of the classic example", "classic", pattern=pattern4, row_title="output cell", col_title="input cell")
