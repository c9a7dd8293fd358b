"""The lesson's worked examples, with their exact numbers, checked against the oracles too."""

from __future__ import annotations

import numpy as np
import pytest

import core

pytestmark = pytest.mark.filterwarnings("ignore")

SMALL = np.array([[55.0, 52.0], [57.0, 50.0]])
SMALL_KERNEL = np.array([[1.0, 2.0], [2.0, 1.0]])

FOUR = np.array([[3.0, 5, 2, 7], [4, 1, 3, 8], [6, 3, 8, 2], [9, 6, 1, 5]])
FOUR_KERNEL = np.array([[1.0, 2, 1], [2, 1, 2], [1, 1, 2]])


def _run_keras(request, x, kernel, padding, strides=1):
    """A real keras.layers.Conv2DTranspose on a 2-D input and kernel. The oracle is fetched
    here, after the core's own numbers are checked, so those run even without Keras."""
    keras = request.getfixturevalue("keras")
    layer = keras.layers.Conv2DTranspose(1, kernel.shape, strides=strides, padding=padding,
                                         use_bias=False, dtype="float64")
    layer.build((1, *x.shape, 1))
    layer.set_weights([kernel[:, :, None, None]])
    return keras.ops.convert_to_numpy(layer(x[None, :, :, None]))[0, :, :, 0]


def test_keras_valid_2x2_with_2x2_kernel(request):
    expected = np.array([[55, 162, 104], [167, 323, 152], [114, 157, 50]])
    np.testing.assert_array_equal(core.keras_conv2d_transpose(SMALL, SMALL_KERNEL, padding="valid"),
                                  expected)
    assert core.keras_output_size(2, 2, 1, "valid") == (3, 3)
    np.testing.assert_array_equal(_run_keras(request, SMALL, SMALL_KERNEL, "valid"), expected)


def test_keras_same_2x2_with_2x2_kernel(request):
    expected = np.array([[55, 162], [167, 323]])
    np.testing.assert_array_equal(core.keras_conv2d_transpose(SMALL, SMALL_KERNEL, padding="same"),
                                  expected)
    assert core.keras_output_size(2, 2, 1, "same") == (2, 2)
    np.testing.assert_array_equal(_run_keras(request, SMALL, SMALL_KERNEL, "same"), expected)


def test_conv2d_4x4_with_3x3_gives_2x2(torch):
    # By hand, each output is the sum of a 3x3 window times the kernel:
    #   (0,0): 3*1+5*2+2*1 + 4*2+1*1+3*2 + 6*1+3*1+8*2 = 15 + 15 + 25 = 55
    #   (0,1): 5*1+2*2+7*1 + 1*2+3*1+8*2 + 3*1+8*1+2*2 = 16 + 21 + 15 = 52
    #   (1,0): 4*1+1*2+3*1 + 6*2+3*1+8*2 + 9*1+6*1+1*2 =  9 + 31 + 17 = 57
    #   (1,1): 1*1+3*2+8*1 + 3*2+8*1+2*2 + 6*1+1*1+5*2 = 15 + 18 + 17 = 50
    expected = np.array([[55, 52], [57, 50]])
    np.testing.assert_array_equal(core.conv2d(FOUR, FOUR_KERNEL), expected)
    t = torch.from_numpy
    np.testing.assert_array_equal(
        torch.nn.functional.conv2d(t(FOUR[None, None]), t(FOUR_KERNEL[None, None])).numpy()[0, 0],
        expected)


def test_transposed_convolution_of_the_2x2_is_not_the_input(torch):
    back = core.conv_transpose2d(SMALL, FOUR_KERNEL)
    assert back.shape == (4, 4)
    t = torch.from_numpy
    expected = torch.nn.functional.conv_transpose2d(t(SMALL[None, None]),
                                                    t(FOUR_KERNEL[None, None])).numpy()[0, 0]
    np.testing.assert_allclose(back, expected, rtol=0, atol=1e-12)
    # Same shape as the 4x4 input, but not its values: the transpose is not the inverse.
    assert not np.allclose(back, FOUR)


def test_matrix_view_of_the_4x4_example():
    C = core.conv_matrix((4, 4), FOUR_KERNEL)
    assert C.shape == (4, 16)
    np.testing.assert_array_equal((C @ FOUR.ravel()).reshape(2, 2), [[55, 52], [57, 50]])
    # Each row holds the kernel's nine values (in its window), and zeros elsewhere.
    assert (np.count_nonzero(C, axis=1) == 9).all()
    np.testing.assert_allclose((C.T @ SMALL.ravel()).reshape(4, 4),
                               core.conv_transpose2d(SMALL, FOUR_KERNEL), rtol=0, atol=1e-12)


def test_1x1_kernel_stride_2_keras_6x6_torch_5x5(request, torch):
    x = np.arange(1.0, 10.0).reshape(3, 3)
    ones = np.ones((1, 1))
    ours_torch = core.conv_transpose2d(x, ones, stride=2)
    assert ours_torch.shape == (5, 5)
    t = torch.from_numpy
    expected = torch.nn.functional.conv_transpose2d(t(x[None, None]), t(ones[None, None]),
                                                    stride=2).numpy()[0, 0]
    np.testing.assert_array_equal(ours_torch, expected)
    np.testing.assert_array_equal(ours_torch, core.bed_of_nails(x, 2)[:5, :5])

    # Keras keeps max(k, s) - k = 1 more row and column: the bed of nails.
    ours_keras = core.keras_conv2d_transpose(x, ones, strides=2, padding="valid")
    assert ours_keras.shape == (6, 6)
    np.testing.assert_array_equal(ours_keras, core.bed_of_nails(x, 2))
    np.testing.assert_array_equal(_run_keras(request, x, ones, "valid", strides=2), ours_keras)


def test_2x2_input_with_2x2_kernel(torch):
    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    expected = np.array([[0, 0, 1], [0, 4, 6], [4, 12, 9]])
    np.testing.assert_array_equal(core.conv_transpose2d(x, x), expected)
    np.testing.assert_array_equal(core.conv_transpose2d_reference(x, x), expected)
    t = torch.from_numpy
    np.testing.assert_array_equal(
        torch.nn.functional.conv_transpose2d(t(x[None, None]), t(x[None, None])).numpy()[0, 0],
        expected)
