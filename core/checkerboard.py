"""The checkerboard on a picture: halve it, then double it three ways, and count each way's overlap.

The three ways are the ones Odena, Dumoulin and Olah compare (Distill, 2016): a transposed
convolution with stride 2 (a box kernel, cropped like Keras's 'same' so 32 becomes 64); resize
then convolve (nearest neighbour x2, then a 3x3 average); and pixel shuffle (four sub-pixel maps,
interleaved). Each comes with the number of products summed into every output cell: where
that number alternates, a flat picture comes out patterned.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .convolution import conv2d, conv_transpose2d
from .geometry import geometry
from .overlap import contribution_count
from .upsample import pixel_shuffle, upsample_nearest

# Sub-pixel weights for pixel shuffle, one 2x2 kernel per output phase (row, column):
# (0, 0) copies the cell, (0, 1) and (1, 0) average it with the next cell, (1, 1) with three.
SUBPIXEL = np.array([[[[1, 0], [0, 0]]], [[[0.5, 0.5], [0, 0]]], [[[0.5, 0], [0.5, 0]]],
                     [[[0.25, 0.25], [0.25, 0.25]]]])
SMOOTH = np.full((3, 3), 1 / 9)  # the convolution after resizing


def halve(image) -> np.ndarray:
    """A 2x2 average with stride 2: (H, W) -> (H / 2, W / 2)."""
    return conv2d(_checks.array(image, "image"), np.full((2, 2), 0.25), stride=2)


def double_three_ways(small, kernel: int) -> dict:
    """``small`` (H, W) doubled by a transposed convolution (kernel ``kernel``, stride 2), by resize then
    convolve, and by pixel shuffle; with each way's contribution counts.

    Returns dict(settings=the transposed convolution's core settings, results=[three (2H, 2W) images],
    counts=[three integer maps of the same shape]).
    """
    small = _checks.array(small, "image")
    ones = np.ones_like(small)
    geo = geometry(small.shape, kernel, 2, "same", None, 1, convention="keras")
    box = np.full((kernel, kernel), 4 / kernel**2)  # all taps equal, gain 1 on average
    transposed = conv_transpose2d(small, box, **geo.settings)
    transposed_counts = contribution_count(small.shape, (kernel, kernel), **geo.settings)
    resized = conv2d(upsample_nearest(small, 2), SMOOTH, padding="same")
    resized_counts = conv2d(upsample_nearest(ones, 2), np.ones((3, 3)), padding="same")
    # The picture continued by its last row and column, so every sub-pixel map has the picture's size.
    edge = np.pad(small, ((0, 1), (0, 1)), mode="edge")[None]
    shuffled = pixel_shuffle(conv2d(edge, SUBPIXEL), 2)[0]
    shuffled_counts = pixel_shuffle(conv2d(np.ones_like(edge), np.ones_like(SUBPIXEL)), 2)[0]
    return dict(settings=geo.settings, results=[transposed, resized, shuffled],
                counts=[np.rint(c).astype(int) for c in (transposed_counts, resized_counts, shuffled_counts)])
