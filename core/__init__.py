"""Transposed convolution, in NumPy, step by step.

Every function matches PyTorch (or Keras 3, for ``keras_conv2d_transpose``) and
raises ``ValueError`` with a plain sentence for settings that cannot work.
"""

from .channels import (
                       Adjoint,
                       Group,
                       Layouts,
                       OutputChannel,
                       Slice,
                       adjoint_check,
                       channel_contributions,
                       channel_groups,
                       connections,
                       group_choices,
                       kernel_slices,
                       parameter_count,
                       small_integers,
                       weight_layouts,
)
from .checkerboard import double_three_ways, halve
from .convolution import conv2d, conv_transpose2d, output_size
from .design import (
    AXIS_NAMES,
    Design,
    Inversion,
    Layer,
    Ranges,
    Transposed,
    design,
    invert_conv,
    invert_conv2d,
    partner,
)
from .gather import EquivalentConvolution, equivalent_convolution, zero_insert
from .geometry import (
                       Axis,
                       Geometry,
                       RoundTrip,
                       conv_length,
                       geometry,
                       geometry1d,
                       keras_equivalent,
                       output_padding_limit,
                       round_trips,
)
from .gradients import conv2d_backward, conv_transpose2d_backward
from .hearing import (
                       Spectrogram,
                       Stamps,
                       image_band_levels,
                       image_tones,
                       resize_then_convolve1d,
                       spectrogram,
                       stamps1d,
                       upsampled_ways,
)
from .keras import keras_conv2d_transpose, keras_output_size, keras_padding, keras_to_torch_padding
from .line import (
                       EquivalentConvolution1d,
                       conv1d,
                       conv1d_backward,
                       conv_transpose1d,
                       conv_transpose1d_backward,
                       equivalent_convolution1d,
                       pixel_shuffle1d,
                       upsample_linear1d,
                       upsample_nearest1d,
                       zero_insert1d,
)
from .line_trace import Trace1d, trace_conv_transpose1d
from .matrix import adjoint_conv2d, conv_matrix, nudged_gradient, transposed_matrix
from .overlap import (
    contribution_count,
    contribution_count_stack,
    contribution_profile,
    interior,
    interior_period,
)
from .reference import conv_transpose2d_reference, scatter_add
from .sounds import chord, resample, sweep, tone
from .spectra import (
                      ImageLevel,
                      Spectrum,
                      UpsamplingSpectra,
                      frequency_response,
                      image_levels,
                      response_at,
                      spectrum,
                      upsampling_spectra,
                      zero_insertion_spectra,
                      zero_stuffed,
)
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
    "AXIS_NAMES", "Transposed", "invert_conv",
    "Adjoint", "Axis", "Design", "EquivalentConvolution", "EquivalentConvolution1d", "Geometry", "Group", "ImageLevel",
    "Inversion", "Layer", "Layouts", "OutputChannel", "Ranges", "RoundTrip", "Slice", "Spectrum", "Trace", "Trace1d",
    "UpsamplingSpectra", "adjoint_check", "adjoint_conv2d", "bed_of_nails", "channel_contributions", "channel_groups",
    "chord", "connections", "contribution_count", "contribution_count_stack", "contribution_profile", "conv1d",
    "conv1d_backward", "conv2d", "conv2d_backward", "conv_length", "conv_matrix", "conv_transpose1d",
    "conv_transpose1d_backward", "conv_transpose2d", "conv_transpose2d_backward", "conv_transpose2d_reference",
    "design", "double_three_ways", "equivalent_convolution", "equivalent_convolution1d", "frequency_response",
    "geometry", "geometry1d", "group_choices", "halve", "image_levels", "interior", "interior_period", "invert_conv2d",
    "keras_conv2d_transpose", "keras_equivalent", "keras_output_size", "keras_padding", "keras_to_torch_padding",
    "kernel_slices", "max_pool2d", "max_unpool2d", "nudged_gradient", "output_padding_limit", "output_size",
    "parameter_count", "partner", "pixel_shuffle", "pixel_shuffle1d", "resample", "response_at", "round_trips",
    "scatter_add",
    "small_integers", "spectrum", "sweep", "tone", "trace_conv_transpose1d", "trace_conv_transpose2d",
    "transposed_matrix", "upsample_bilinear", "upsample_linear1d", "upsample_nearest", "upsample_nearest1d",
    "upsampling_spectra", "weight_layouts", "zero_insert", "zero_insert1d", "zero_insertion_spectra", "zero_stuffed",
    # a sound upsampled four ways (core.hearing)
    "Spectrogram", "Stamps", "image_band_levels", "image_tones", "resize_then_convolve1d", "spectrogram", "stamps1d",
    "upsampled_ways",
]
