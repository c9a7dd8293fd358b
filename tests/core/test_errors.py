"""Every invalid setting raises ValueError with a sentence naming the parameter, its allowed
range and the reason."""

from __future__ import annotations

import re

import numpy as np
import pytest
from _support import assert_sentence, fragment
from hypothesis import given, settings
from hypothesis import strategies as st

import core

ONE = np.ones((2, 2))


def _raises(call, *fragments, starts=()):
    """The call raises ValueError whose message holds every fragment (regular expressions) and
    reads as a sentence: ends with a full stop, starts with one of ``starts`` or a capital."""
    with pytest.raises(ValueError) as excinfo:
        call()
    message = str(excinfo.value)
    for text in fragments:
        assert re.search(text, message), f"{text!r} not in {message!r}"
    assert_sentence(message, *starts)
    return message


def _raises_any_start(call, *fragments):
    """As ``_raises``, checking the ending only (the start is checked in
    ``test_messages_start_a_sentence``)."""
    return _raises(call, *fragments, starts=("",))


# -- the transposed convolution's settings ---------------------------------------------------------

@pytest.mark.parametrize("stride", [0, -1, (1, 0), (0, 2)])
def test_stride_below_one(stride):
    _raises(lambda: core.conv_transpose2d(ONE, ONE, stride=stride),
            r"^stride", "at least 1", r"got (0|-1) for the (height|width)", "move forward",
            starts=("stride",))


@pytest.mark.parametrize("dilation", [0, (1, -2)])
def test_dilation_below_one(dilation):
    _raises(lambda: core.conv_transpose2d(ONE, ONE, dilation=dilation),
            r"^dilation", "at least 1", "spacing between kernel taps", starts=("dilation",))


def test_negative_padding():
    _raises(lambda: core.conv_transpose2d(ONE, ONE, padding=(0, -1)),
            r"^padding", "at least 0", "for the width", "negative crop", starts=("padding",))


@pytest.mark.parametrize("stride, dilation, output_padding, limit", [
    (2, 1, 2, 2), (1, 1, 1, 1), (3, 1, 5, 3), (1, 3, 3, 3), (2, 3, (0, 4), 3)])
def test_output_padding_too_large(stride, dilation, output_padding, limit):
    _raises(lambda: core.conv_transpose2d(ONE, ONE, stride=stride, dilation=dilation,
                                          output_padding=output_padding),
            r"^output_padding", fragment(f"smaller than max(stride, dilation) = {limit}"),
            fragment(f"allowed values are 0 to {limit - 1}"), starts=("output_padding",))
    # The largest allowed value works.
    core.conv_transpose2d(ONE, ONE, stride=stride, dilation=dilation, output_padding=limit - 1)


def test_negative_output_padding():
    _raises(lambda: core.conv_transpose2d(ONE, ONE, stride=2, output_padding=-1),
            r"^output_padding", "at least 0", "cannot be negative", starts=("output_padding",))


@settings(max_examples=100)
@given(size=st.integers(1, 4), k=st.integers(1, 4), s=st.integers(1, 3), d=st.integers(1, 2),
       extra=st.integers(1, 3), data=st.data())
def test_padding_too_large_says_the_largest_that_works(size, k, s, d, extra, data):
    op = data.draw(st.integers(0, max(s, d) - 1))
    uncropped = (size - 1) * s + d * (k - 1) + 1
    too_much = (uncropped - 1 + op) // 2 + extra
    message = _raises(lambda: core.conv_transpose2d(np.ones((size, 3)), np.ones((k, 1)), stride=s,
                                                    dilation=d, output_padding=op,
                                                    padding=(too_much, 0)),
                      "output height of", "at least one row", "padding", r"at most \d+")
    most = int(re.search(r"at most (\d+)", message).group(1))
    # The advice is exact: that padding works, one more does not.
    core.conv_transpose2d(np.ones((size, 3)), np.ones((k, 1)), stride=s, dilation=d,
                          output_padding=op, padding=(most, 0))
    with pytest.raises(ValueError):
        core.conv_transpose2d(np.ones((size, 3)), np.ones((k, 1)), stride=s, dilation=d,
                              output_padding=op, padding=(most + 1, 0))
    with pytest.raises(ValueError, match=r"at most \d+"):
        core.output_size((size, 3), (k, 1), s, (too_much, 0), op, d)


def test_per_side_padding_too_large():
    _raises(lambda: core.conv_transpose2d(ONE, ONE, padding=((2, 1), (0, 0))),
            "output height of 0", "crop less")


@pytest.mark.parametrize("value", [1.5, "2", True, (1, 2, 3), None])
def test_stride_that_is_not_a_whole_number(value):
    _raises(lambda: core.conv_transpose2d(ONE, ONE, stride=value),
            r"^stride", "whole number or a pair of whole numbers", starts=("stride",))


@pytest.mark.parametrize("name", ["padding", "output_padding", "dilation"])
def test_text_settings(name):
    _raises(lambda: core.conv_transpose2d(ONE, ONE, **{name: "1"}),
            f"^{name}", "whole number", starts=(name,))


# -- channels, groups, shapes ---------------------------------------------------------------------

def test_groups_must_divide_the_input_channels():
    _raises(lambda: core.conv_transpose2d(np.ones((3, 2, 2)), np.ones((3, 1, 2, 2)), groups=2),
            r"^groups", "divide", "3 input channels", "2 equal groups", starts=("groups",))
    _raises(lambda: core.conv2d(np.ones((3, 2, 2)), np.ones((2, 1, 2, 2)), groups=2),
            r"^groups", "divide", starts=("groups",))


def test_groups_must_divide_conv2d_output_channels():
    _raises(lambda: core.conv2d(np.ones((2, 3, 3)), np.ones((3, 1, 2, 2)), groups=2),
            r"^groups", "divide the output channels", starts=("groups",))


@pytest.mark.parametrize("groups", [0, -1, 1.5, "2"])
def test_groups_below_one(groups):
    _raises(lambda: core.conv_transpose2d(np.ones((2, 2, 2)), np.ones((2, 1, 2, 2)), groups=groups),
            r"^groups", "whole number of at least 1", starts=("groups",))


def test_weight_channels_must_match_the_input():
    _raises(lambda: core.conv_transpose2d(np.ones((3, 2, 2)), np.ones((2, 1, 2, 2))),
            r"^weight", r"first axis \(2\)", r"input channels \(3\)", starts=("weight",))
    _raises(lambda: core.conv2d(np.ones((2, 3, 3)), np.ones((2, 3, 2, 2))),
            r"^weight", r"second axis \(3\)", r"input channels \(2\)", starts=("weight",))
    _raises(lambda: core.equivalent_convolution(np.ones((2, 2, 2)), np.ones((1, 1, 2, 2))),
            r"^weight", "first axis", starts=("weight",))


@pytest.mark.parametrize("x, w, fragments", [
    (np.ones((1, 2, 2)), np.ones((1, 2, 2)), [r"^weight must have 4 axes", r"got shape \(1, 2, 2\)"]),
    (np.ones((1, 1, 1, 2, 2)), np.ones((1, 1, 2, 2)), [r"^input must have 2 axes", "4 axes"]),
    (np.ones(3), np.ones((1, 1, 2, 2)), [r"^input must have", r"got shape \(3,\)"]),
    (np.ones((0, 2)), ONE, [r"^input is empty", "at least one value"]),
])
def test_bad_shapes(x, w, fragments):
    _raises(lambda: core.conv_transpose2d(x, w), *fragments, starts=("input", "weight"))


def test_bias_shape():
    _raises(lambda: core.conv_transpose2d(np.ones((1, 2, 2)), np.ones((1, 2, 2, 2)), bias=np.ones(3)),
            r"^bias", r"one value per output channel \(2\)", starts=("bias",))
    _raises(lambda: core.conv2d(np.ones((1, 3, 3)), np.ones((2, 1, 2, 2)), bias=np.ones((2, 1))),
            r"^bias", "one value per output channel", starts=("bias",))


# -- values ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", ["input", "weight", "bias"])
def test_values_must_be_finite(bad, where):
    x, w, b = np.ones((1, 2, 2)), np.ones((1, 2, 2, 2)), np.ones(2)
    {"input": x, "weight": w, "bias": b}[where].flat[-1] = bad
    _raises(lambda: core.conv_transpose2d(x, w, b), f"^{where}", "not a finite number", "finite",
            starts=(where,))
    if where != "bias":
        _raises(lambda: core.conv2d(x, w.transpose(1, 0, 2, 3), b), f"^(conv2d )?{where}", "finite",
                starts=(where, f"conv2d {where}"))


@pytest.mark.parametrize("value", [[["a", "b"], ["c", "d"]], [[1, None], [2, 3]], [["1", 2], [3, 4]],
                                   np.ones((2, 2)) * 1j])
def test_text_and_non_real_values(value):
    _raises(lambda: core.conv_transpose2d(value, ONE), r"^input", "must contain real numbers",
            "replace text", starts=("input",))
    _raises(lambda: core.conv2d(ONE, value), r"^conv2d weight|^weight", "real numbers",
            starts=("weight", "conv2d weight"))


def test_ragged_values():
    _raises(lambda: core.conv_transpose2d([[1, 2], [3]], ONE), r"^input", "rectangular array",
            starts=("input",))


# -- conv2d ----------------------------------------------------------------------------------------

def test_conv2d_same_needs_stride_one():
    _raises(lambda: core.conv2d(np.ones((3, 3)), ONE, stride=2, padding="same"),
            r"^padding='same'", "needs stride 1", starts=("padding",))


def test_conv2d_padding_text():
    _raises(lambda: core.conv2d(np.ones((3, 3)), ONE, padding="full"),
            r"^padding", "'valid' or 'same'", "'full'", starts=("padding",))


def test_conv2d_padding_text_is_case_sensitive_like_torch():
    """PyTorch refuses 'SAME' ("Invalid padding string"), so the core should too."""
    _raises(lambda: core.conv2d(np.ones((3, 3)), ONE, padding="SAME"), r"^padding", "'same'",
            starts=("padding",))


def test_conv2d_kernel_must_fit():
    _raises(lambda: core.conv2d(np.ones((3, 3)), np.ones((4, 4))),
            "kernel does not fit", "height is 4", "only 3", "more padding")
    _raises(lambda: core.conv2d(np.ones((3, 5)), np.ones((2, 2)), dilation=(1, 5)),
            "kernel does not fit", "width is 6", "only 5")


# -- Keras ------------------------------------------------------------------------------------------

def test_keras_output_padding_below_strides():
    _raises(lambda: core.keras_conv2d_transpose(ONE, ONE, strides=2, output_padding=2),
            r"^output_padding", "smaller than strides", "allowed values are 0 to 1",
            starts=("output_padding",))
    _raises(lambda: core.keras_output_size(2, 2, strides=1, output_padding=1),
            r"^output_padding", "smaller than strides", "0 to 0", starts=("output_padding",))
    # Unlike PyTorch, dilation does not widen Keras's range.
    _raises(lambda: core.keras_output_size(2, 2, strides=1, output_padding=1, dilation_rate=2),
            r"^output_padding", "smaller than strides", starts=("output_padding",))


def test_keras_strides_with_dilation():
    _raises(lambda: core.keras_conv2d_transpose(ONE, ONE, strides=2, dilation_rate=2),
            "strides > 1 with dilation_rate > 1", "set one of them to 1")
    _raises(lambda: core.keras_output_size(3, 2, strides=(1, 2), dilation_rate=(2, 1)),
            "strides > 1 with dilation_rate > 1")


def test_keras_padding_mode():
    for padding in ("full", 1, None):
        _raises(lambda padding=padding: core.keras_conv2d_transpose(ONE, ONE, padding=padding),
                r"^padding", "'valid' or 'same'", starts=("padding",))


def test_keras_strides_and_dilation_below_one():
    _raises(lambda: core.keras_conv2d_transpose(ONE, ONE, strides=0), r"^strides", "at least 1",
            starts=("strides",))
    _raises(lambda: core.keras_conv2d_transpose(ONE, ONE, dilation_rate=(1, 0)), r"^dilation_rate",
            "at least 1", starts=("dilation_rate",))
    _raises(lambda: core.keras_conv2d_transpose(ONE, ONE, strides=2, output_padding=-1),
            r"^output_padding", "at least 0", starts=("output_padding",))


def test_keras_empty_output():
    _raises(lambda: core.keras_output_size(1, 2, 1, "same", 0), "output height of 0",
            "output_padding of at least 1")


def test_keras_shapes_and_values():
    _raises(lambda: core.keras_conv2d_transpose(np.ones((2, 2, 3)), np.ones((2, 2, 1, 2))),
            r"^kernel's last axis \(2\)", r"input channels \(3\)", starts=("kernel",))
    _raises(lambda: core.keras_conv2d_transpose(np.ones((2, 2, 3)), np.ones((2, 2, 1))),
            r"^kernel must have 4 axes", starts=("kernel",))
    _raises(lambda: core.keras_conv2d_transpose(np.ones((1, 1, 2, 2, 1)), np.ones((2, 2, 1, 1))),
            r"^inputs must have", starts=("inputs",))
    _raises(lambda: core.keras_conv2d_transpose(ONE * np.nan, ONE), r"^inputs", "finite",
            starts=("inputs",))
    _raises(lambda: core.keras_conv2d_transpose(ONE, [["x", "y"], ["z", "w"]]), r"^kernel",
            "real numbers", starts=("kernel",))


# -- the other views and helpers ---------------------------------------------------------------------

def test_output_size_arguments():
    _raises(lambda: core.output_size(0, 2), r"^input size", "at least 1", starts=("input size",))
    _raises(lambda: core.output_size(2, (2, 0)), r"^kernel size", "at least 1", "for the width",
            starts=("kernel size",))


def test_conv_matrix_arguments():
    _raises(lambda: core.conv_matrix((2, 3, 3), np.ones((1, 1, 2, 2))), r"^input size", "C_in = 1",
            starts=("input size",))
    _raises(lambda: core.conv_matrix((2, 2), np.ones((3, 3))), "kernel does not fit")
    _raises(lambda: core.conv_matrix((2, 2), np.ones((1, 3, 3))), r"^weight must have 2 axes",
            starts=("weight",))
    _raises(lambda: core.conv_matrix((3, 3), ONE, stride=0), r"^stride", "at least 1",
            starts=("stride",))


def test_zero_insert_arguments():
    _raises(lambda: core.zero_insert(np.ones(3), 2), r"^input", "at least 2 axes", starts=("input",))
    _raises(lambda: core.zero_insert(ONE, 0), r"^stride", "at least 1", starts=("stride",))


def test_contribution_count_arguments():
    _raises(lambda: core.contribution_count(2, 2, padding=3), "output height", r"at most 1")
    _raises(lambda: core.contribution_count_stack(2, []), r"^layers", "at least one layer",
            starts=("layers",))
    _raises(lambda: core.contribution_count_stack(2, [dict(kernel_size=2, groups=2)]),
            "Layer 1", "groups", "use kernel_size")
    _raises(lambda: core.contribution_count_stack(2, [dict(kernel_size=2), dict(kernel_size=2, stride=0)]),
            r"^Layer 2: stride must be at least 1")


def test_contribution_count_stack_missing_kernel_size():
    _raises_any_start(lambda: core.contribution_count_stack(2, [dict(stride=2)]), "1", "kernel_size")


def test_upsampling_arguments():
    for upsample in (core.upsample_nearest, core.upsample_bilinear, core.bed_of_nails):
        _raises(lambda upsample=upsample: upsample(ONE, 0), r"^scale", "at least 1", "shrink", starts=("scale",))
        _raises(lambda upsample=upsample: upsample(ONE, 1.5), r"^scale", "whole number", starts=("scale",))
        _raises(lambda upsample=upsample: upsample(np.ones(3), 2), r"^input", "at least 2 axes", starts=("input",))
    _raises_any_start(lambda: core.pixel_shuffle(np.ones((3, 2, 2)), 2), "divisible by 4", "3 channels")
    _raises(lambda: core.pixel_shuffle(ONE, 1), r"^input", "at least 3 axes", starts=("input",))
    _raises(lambda: core.pixel_shuffle(np.ones((4, 2, 2)), 0), r"^upscale factor", "at least 1",
            starts=("upscale factor",))


def test_pixel_shuffle_takes_one_factor():
    """F.pixel_shuffle takes one int factor; (2, 3) is not one, and must not pass as 2."""
    _raises_any_start(lambda: core.pixel_shuffle(np.ones((36, 2, 2)), (2, 3)), "factor")


def test_pooling_arguments():
    _raises(lambda: core.max_pool2d(ONE, 3), r"^kernel_size 3x3 is larger than the input 2x2",
            "smaller window", starts=("kernel_size",))
    _raises(lambda: core.max_pool2d(ONE, 0), r"^kernel_size", "at least 1", starts=("kernel_size",))
    _raises(lambda: core.max_pool2d(ONE, 1, 0), r"^stride", "at least 1", starts=("stride",))
    _raises(lambda: core.max_unpool2d(ONE, np.ones((2, 3), int), 2), r"^indices", "same shape",
            starts=("indices",))
    _raises(lambda: core.max_unpool2d(ONE, ONE, 2), r"^indices", "whole numbers", starts=("indices",))
    _raises(lambda: core.max_unpool2d(ONE, np.full((2, 2), 16), 2), r"^indices", "0 to 15",
            starts=("indices",))


def test_trace_arguments():
    _raises(lambda: core.trace_conv_transpose2d(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2))),
            "one example", r"\(C_in, H, W\)")
    trace = core.trace_conv_transpose2d(ONE, ONE)
    _raises(lambda: trace.partial(17), "between 0 and 16", starts=("step count",))
    _raises(lambda: trace.contributors(5, 5), "outside the output", starts=("output cell",))
    _raises_any_start(lambda: trace.contributors(1, 2, 3, 4), r"\(c_out, y, x\)")
    _raises(lambda: trace.stamp(0, 2), "outside the input", starts=("input cell",))


# -- the reference has the same contract ----------------------------------------------------------

@pytest.mark.parametrize("kwargs", [dict(stride=0), dict(padding=-1), dict(output_padding=1),
                                    dict(dilation=0), dict(padding=3)])
def test_reference_refuses_bad_settings(kwargs):
    with pytest.raises(ValueError):
        core.conv_transpose2d_reference(ONE, ONE, **kwargs)


def test_reference_refuses_groups_that_do_not_divide_the_channels():
    with pytest.raises(ValueError, match="groups"):
        core.conv_transpose2d_reference(np.ones((3, 2, 2)), np.ones((3, 1, 2, 2)), groups=2)


def test_reference_refuses_mismatched_weight_channels():
    with pytest.raises(ValueError, match="weight"):
        core.conv_transpose2d_reference(np.ones((3, 2, 2)), np.ones((2, 1, 2, 2)))


def test_reference_refuses_values_that_are_not_finite():
    with pytest.raises(ValueError, match="finite"):
        core.conv_transpose2d_reference(ONE * np.nan, ONE)


# -- every message starts a sentence: with the parameter's name or a capital letter ---------------

@pytest.mark.parametrize("call, starts", [
    pytest.param(lambda: core.contribution_count_stack(2, [dict(stride=2)]), ("layers", "kernel_size"),
                 id="stack-missing-kernel_size"),
    pytest.param(lambda: core.pixel_shuffle(np.ones((3, 2, 2)), 2), ("input", "r", "upscale factor"),
                 id="pixel_shuffle-channels"),
    pytest.param(lambda: core.trace_conv_transpose2d(ONE, ONE).contributors(1, 2, 3, 4),
                 ("output cell", "cell"), id="trace-cell-arity"),
    pytest.param(lambda: core.trace_conv_transpose2d(ONE, ONE).stamp(1, 2, 3, 4),
                 ("input cell", "cell"), id="trace-stamp-arity"),
])
def test_messages_start_a_sentence(call, starts):
    _raises(call, starts=starts)


# -- values that overflow, sizes that change nothing, numbers too long to print ---------------------

@pytest.mark.parametrize("call", [
    lambda: core.conv_transpose2d(np.full((2, 2), 1e308), np.full((2, 2), 10.0)),
    lambda: core.conv_transpose2d(np.full((2, 2), 1e38, np.float32), np.full((2, 2), 10.0, np.float32)),
    lambda: core.conv2d(np.full((2, 2), 1e308), np.full((2, 2), 1e308)),
    lambda: core.conv_transpose2d(np.full((1, 1, 1), 1e308), np.ones((1, 1, 1, 1)), bias=np.array([1e308])),
    lambda: core.trace_conv_transpose2d(np.full((2, 2), 1e308), np.full((2, 2), 10.0)),
    lambda: core.conv_transpose2d_reference(np.full((2, 2), 1e308), np.full((2, 2), 10.0)),
], ids=["transpose", "transpose-float32", "conv2d", "bias", "trace", "reference"])
def test_results_that_overflow_are_refused(call):
    _raises(call, "^The result overflows", "not finite", "scale")


def test_stacked_counts_stay_exact():
    layers = [{"kernel_size": (1, 2)}] * 60
    _raises(lambda: core.contribution_count_stack(1, layers), r"^Layer 57:", fragment("2**53"), "fewer layers")
    maps = core.contribution_count_stack(1, layers[:56])
    assert maps[-1].max() == 7648690600760440  # C(56, 28), below 2**53: exact


@pytest.mark.parametrize("layers", [None, 5, [5], {"kernel_size": 2}, [{"kernel_size": 2, 1: 1}]], ids=repr)
def test_stack_layers_must_be_a_list_of_dicts(layers):
    _raises_any_start(lambda: core.contribution_count_stack(2, layers), "(layers must be a list|Layer 1 has)")


def test_settings_that_change_nothing_may_be_huge():
    """A stride with one output position (or a dilation with one tap) is read as 1."""
    x = np.arange(9.0).reshape(3, 3)
    np.testing.assert_array_equal(core.conv2d(x, ONE, stride=10**30), [[8.0]])
    np.testing.assert_array_equal(core.conv2d(x, np.ones((1, 1)), dilation=10**30), x)
    np.testing.assert_array_equal(core.conv_matrix((3, 3), np.ones((1, 1)), dilation=10**30), np.eye(9))
    trace = core.trace_conv_transpose2d(np.ones((1, 1)), ONE, stride=10**30)
    np.testing.assert_array_equal(trace.output, ONE)


def test_messages_give_huge_numbers_by_their_length():
    message = _raises(lambda: core.output_size(3, 3, stride=(1, -10**5000)), r"^stride",
                      "a negative number with 5,001 digits", starts=("stride",))
    assert len(message) < 200
    _raises(lambda: core.conv_transpose2d(ONE, ONE, stride=10**30), "would hold",
            "a number with 31 digits")


def test_float16_computes_in_float32_and_integers_in_float64():
    assert core.conv_transpose2d(ONE.astype(np.float16), ONE.astype(np.float16)).dtype == np.float32
    assert core.conv_transpose2d(ONE.astype(np.int8), ONE.astype(np.float32)).dtype == np.float64
    assert core.upsample_bilinear(ONE.astype(np.uint8), 2).dtype == np.float64


def test_keras_padding_checks_its_arguments():
    assert core.keras_padding(3, 3, 2, "SAME", None, 1) == core.keras_padding(3, 3, 2, "same", None, 1)
    _raises(lambda: core.keras_padding(3, 3, 2, np.array(["same"]), None, 1), r"^padding", "'valid' or 'same'",
            starts=("padding",))
    _raises(lambda: core.keras_padding(3, (3, 3), 2, "same", None, 1), r"^kernel size", "one whole number",
            starts=("kernel size",))
