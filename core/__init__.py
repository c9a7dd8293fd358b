"""Transposed convolution, in NumPy, step by step.

Every function matches PyTorch (or Keras 3, for ``keras_conv2d_transpose``) and
raises ``ValueError`` with a plain sentence for settings that cannot work.
"""

from .checkerboard import double_three_ways, halve
from .convolution import conv2d, conv_transpose2d, output_size
from .gather import EquivalentConvolution, equivalent_convolution, zero_insert
from .geometry import (
                       Axis,
                       Geometry,
                       RoundTrip,
                       conv_length,
                       geometry,
                       keras_equivalent,
                       output_padding_limit,
                       round_trips,
)
from .gradients import conv2d_backward, conv_transpose2d_backward
from .keras import keras_conv2d_transpose, keras_output_size, keras_padding, keras_to_torch_padding
from .matrix import adjoint_conv2d, conv_matrix, nudged_gradient, transposed_matrix
from .overlap import contribution_count, contribution_count_stack, contribution_profile, interior_period
from .reference import conv_transpose2d_reference, scatter_add
from .trace import Trace, trace_conv_transpose2d
from .upsample import (
                       bed_of_nails,
                       max_pool2d,
                       max_unpool2d,
                       pixel_shuffle,
                       upsample_bilinear,
                       upsample_nearest,
)

__all__ = [
    "Axis", "EquivalentConvolution", "Geometry", "RoundTrip", "Trace", "adjoint_conv2d", "bed_of_nails",
    "contribution_count", "contribution_count_stack", "contribution_profile", "conv2d", "conv2d_backward",
    "conv_length", "conv_matrix", "conv_transpose2d", "conv_transpose2d_backward",
    "conv_transpose2d_reference", "double_three_ways", "equivalent_convolution", "geometry", "halve",
    "interior_period", "keras_conv2d_transpose", "keras_equivalent", "keras_output_size", "keras_padding",
    "keras_to_torch_padding", "max_pool2d", "max_unpool2d", "nudged_gradient", "output_padding_limit",
    "output_size", "pixel_shuffle", "round_trips", "scatter_add", "trace_conv_transpose2d",
    "transposed_matrix", "upsample_bilinear", "upsample_nearest", "zero_insert",
]
