"""Transposed convolution, in NumPy, step by step.

Every function matches PyTorch (or Keras 3, for ``keras_conv2d_transpose``) and
raises ``ValueError`` with a plain sentence for settings that cannot work.
"""

from .convolution import conv2d, conv_transpose2d, output_size
from .gather import EquivalentConvolution, equivalent_convolution, zero_insert
from .keras import keras_conv2d_transpose, keras_output_size, keras_padding, keras_to_torch_padding
from .matrix import conv_matrix
from .overlap import contribution_count, contribution_count_stack
from .reference import conv_transpose2d_reference
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
    "EquivalentConvolution", "Trace", "bed_of_nails", "contribution_count",
    "contribution_count_stack", "conv2d", "conv_matrix", "conv_transpose2d",
    "conv_transpose2d_reference", "equivalent_convolution", "keras_conv2d_transpose",
    "keras_output_size", "keras_padding", "keras_to_torch_padding", "max_pool2d", "max_unpool2d",
    "output_size",
    "pixel_shuffle", "trace_conv_transpose2d", "upsample_bilinear", "upsample_nearest",
    "zero_insert",
]
