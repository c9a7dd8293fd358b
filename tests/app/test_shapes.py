"""Page 7: formulas with the sidebar's numbers, PyTorch versus Keras, and code that really runs.

The code snippets on the page are executed with real PyTorch and Keras (torch backend): their
output must equal the numbers the page shows, which must equal the core's.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os

import numpy as np
import pytest
from pagetest import config, figures, heatmap_z, open_page, texts

import core
from ui.settings.presets import PRESETS

os.environ.setdefault("KERAS_BACKEND", "torch")  # before keras is imported anywhere
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")


def oracles():
    """torch and keras, or skip (fail on CI, where they must be installed)."""
    try:
        import keras
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the machine
        if os.environ.get("CI") == "true":
            pytest.fail(f"PyTorch and Keras are needed on CI to run the page's code: {exc}")
        pytest.skip(f"PyTorch or Keras is not installed: {exc}")
    return torch, keras


def snippets(at) -> tuple[str, str | None]:
    blocks = [c.value for c in at.code]
    torch_code = next(b for b in blocks if "import torch" in b)
    keras_code = next((b for b in blocks if "import keras" in b), None)
    return torch_code, keras_code


def run(code: str) -> tuple[dict, str]:
    namespace: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "<page snippet>", "exec"), namespace)
    return namespace, printed.getvalue()


def expected_comment(code: str) -> np.ndarray:
    """The output written in the snippet's closing comment."""
    lines = code.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# Expected output"))
    return np.array(ast.literal_eval("".join(line[2:] for line in lines[start + 1:])), dtype=float)


def shown_output(at, convention: str) -> np.ndarray:
    return heatmap_z(figures(at)[f"shapes_{convention.replace('-', '_')}_out"])


CASES = {
    "defaults": dict(),
    "keras same, kernel 3, stride 2": dict(convention="Keras 'same'", kh=3, kw=3, sh=2, sw=2),
    "keras same, kernel 4, stride 2": dict(convention="Keras 'same'", h=2, w=3, kh=4, kw=4, sh=2, sw=2),
    "keras same, output padding 1": dict(convention="Keras 'same'", kh=3, kw=2, sh=2, sw=3, oph="1", opw="0"),
    "keras valid, kernel smaller than stride": dict(convention="Keras 'valid'", kh=1, kw=2, sh=3, sw=3),
    "pytorch, kernel smaller than stride": dict(kh=1, kw=1, sh=3, sw=2),
    "pytorch, padding 1, output padding 1": dict(h=4, w=3, ph=1, pw=1, oph="1", opw="1"),
    "pytorch, padding 2, output padding 1": dict(h=3, w=3, kh=4, kw=4, sh=3, sw=3, ph=2, pw=2, oph="1"),
    "pytorch, dilation beyond stride": dict(sh=1, sw=1, d=3, oph="2", opw="1", kh=2, kw=3),
    "random values": dict(fill="random (seeded)", seed=7, h=2, w=4, kh=2, kw=3),
    "keras same, random, dilation 2": dict(convention="Keras 'same'", fill="random (seeded)", sh=1, sw=1, d=2),
}


@pytest.mark.parametrize("case", list(CASES))
def test_code_for_both_frameworks_produces_the_output_shown(case):
    torch, keras = oracles()
    at = open_page("shapes", **CASES[case])
    assert not at.exception
    cfg = config(at)
    assert cfg.problem is None
    expected = cfg.output()
    np.testing.assert_allclose(shown_output(at, cfg.convention), expected)

    torch_code, keras_code = snippets(at)
    assert "torch.nn.functional.conv_transpose2d(x, w, stride=" in torch_code
    namespace, printed = run(torch_code)
    assert namespace["x"].shape == (1, 1, *cfg.input_size)
    assert namespace["w"].shape == (1, 1, *cfg.kernel_size)
    np.testing.assert_allclose(namespace["out"][0, 0].numpy(), expected, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(expected_comment(torch_code), expected, atol=1e-3)
    assert printed.strip().startswith("tensor(")

    assert keras_code is not None, "Keras can express every case here"
    assert "keras.layers.Conv2DTranspose(filters=1, kernel_size=" in keras_code
    assert "use_bias=False" in keras_code
    namespace, _ = run(keras_code)
    assert namespace["x"].shape == (1, *cfg.input_size, 1)
    assert namespace["kernel"].shape == (*cfg.kernel_size, 1, 1)
    np.testing.assert_allclose(namespace["out"][0, :, :, 0], expected, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(expected_comment(keras_code), expected, atol=1e-3)


def test_keras_same_crop_is_asymmetric_and_torch_code_slices():
    at = open_page("shapes", convention="Keras 'same'", kh=3, kw=3, sh=2, sw=2)
    shown = texts(at)
    assert "Keras 'same' crops 0 rows from the top and 1 from the bottom" in shown
    torch_code, keras_code = snippets(at)
    assert "cannot express this crop" in torch_code
    assert "out = full[:, :, 0:6, 0:6]" in torch_code
    assert "padding='same', output_padding=None" in keras_code
    # The crop outline sits where the core says: rows 0..5 of the 7-row uncropped output.
    uncropped = figures(at)["shapes_keras_same_uncropped"]
    np.testing.assert_array_equal(heatmap_z(uncropped), core.conv_transpose2d(
        config(at).input, config(at).kernel, stride=2))
    frame = uncropped["layout"]["shapes"][-1]
    assert (frame["y0"], frame["y1"], frame["x0"], frame["x1"]) == (-0.5, 5.5, -0.5, 5.5)


def test_formulas_show_the_numbers_and_the_cores_result():
    at = open_page("shapes", h=4, w=3, kh=3, kw=3, sh=2, sw=2, ph=1, pw=1, oph="1", opw="0")
    latex = "\n".join(e.value for e in at.get("latex"))
    ho, wo = core.output_size((4, 3), 3, stride=2, padding=1, output_padding=(1, 0))
    assert rf"H_\text{{out}} = (4 - 1)\cdot 2 - 2\cdot 1 + 1\cdot(3 - 1) + 1 + 1 = \mathbf{{{ho}}}" in latex
    assert rf"W_\text{{out}} = (3 - 1)\cdot 2 - 2\cdot 1 + 1\cdot(3 - 1) + 0 + 1 = \mathbf{{{wo}}}" in latex
    kh, kw = core.keras_output_size((4, 3), 3, 2, "same")
    assert rf"H_\text{{out}} = 4\cdot 2 = \mathbf{{{kh}}}" in latex
    vh, vw = core.keras_output_size((4, 3), 3, 2, "valid")
    assert rf"W_\text{{out}} = (3 - 1)\cdot 2 + 3 + 0 = \mathbf{{{vw}}}" in latex


def test_kernel_smaller_than_stride_table():
    at = open_page("shapes", h=3, sh=3)
    table = at.table[0].value
    assert list(table["Kernel size"]) == [1, 2, 3, 4]
    for _, row in table.iterrows():
        k = int(row["Kernel size"])
        assert row["PyTorch output"] == core.output_size(3, k, stride=3)[0]
        assert row["Keras 'valid' output"] == core.keras_output_size(3, k, 3, "valid")[0]
    first = table.iloc[0]
    assert (first["PyTorch output"], first["Keras 'valid' output"], first["Input × stride"]) == (7, 9, 9)


def test_output_padding_table_resolves_the_ambiguity():
    at = open_page("shapes", kh=3, kw=3, sh=2, sw=2, ph=0, pw=0)
    table = at.table[1].value
    for _, row in table.iterrows():
        n, m, op = int(row["Conv input size"]), int(row["Conv output size"]), int(row["Output padding needed"])
        assert core.conv2d(np.zeros((n, n)), np.zeros((3, 3)), stride=2).shape[0] == m
        assert core.output_size(m, 3, stride=2, output_padding=op)[0] == n
    shown = texts(at)
    # With stride 2, inputs 5 and 6 both give 2 rows... the page names the first shared size of 2 or more.
    assert "both give a convolution output of 2 rows" in shown
    assert "returns to 5 rows with output padding 0, and needs output padding\n1 to return to 6" in shown


def test_keras_cannot_combine_stride_and_dilation():
    at = open_page("shapes", sh=2, sw=2, d=2)
    assert not at.exception
    assert "Keras cannot reproduce these settings" in texts(at)
    torch, _ = oracles()
    namespace, _ = run(snippets(at)[0])
    np.testing.assert_allclose(namespace["out"][0, 0].numpy(), config(at).output(), atol=1e-4)


@pytest.mark.parametrize("params", [
    dict(h=1, w=1, kh=1, kw=1, sh=1, sw=1, ph=2, pw=2),
    dict(h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3),
    dict(convention="Keras 'same'", h=8, w=8, kh=7, kw=7, sh=4, sw=4),
])
def test_extremes_and_impossible_settings_keep_the_page_working(params):
    at = open_page("shapes", **params)
    assert not at.exception
    cfg = config(at)
    if cfg.problem:
        assert "cannot produce an output" in texts(at)
        assert not at.code
    else:
        np.testing.assert_allclose(shown_output(at, cfg.convention), cfg.output())


def test_every_preset():
    at = open_page("shapes")
    for name in PRESETS:
        at.sidebar.selectbox(key="preset").set_value(name).run()
        assert not at.exception, name
        cfg = config(at)
        np.testing.assert_allclose(shown_output(at, cfg.convention), cfg.output(), err_msg=name)
        assert any("# Expected output" in c.value for c in at.code), name
