"""Upsampling with fixed rules (nothing learned), each equal to PyTorch's.

All take arrays of shape (..., H, W) and work on the last two axes, except
``pixel_shuffle`` (channels on the third-last axis).
"""

from __future__ import annotations

import numpy as np

from . import _checks


def _scale(scale, name="scale"):
    return _checks.pair(scale, name, 1, "an upsampling factor below 1 would shrink the image.")


def _image(x, name="input"):
    x = _checks.array(x, name)
    if x.ndim < 2:
        raise ValueError(f"{name} must have at least 2 axes (H, W), got shape {x.shape}.")
    return x


def upsample_nearest(x, scale):
    """Repeat each cell ``scale`` times along each axis (``F.interpolate(mode='nearest')``)."""
    x = _image(x)
    sh, sw = _scale(scale)
    _checks.room(x.shape[:-2] + (x.shape[-2] * sh, x.shape[-1] * sw), "The upsampled image")
    return np.repeat(np.repeat(x, sh, axis=-2), sw, axis=-1)


# Values in one temporary array of upsample_bilinear: it works block by block, so its peak
# memory is the output plus a few blocks, whatever the output's shape.
BLOCK = 2**20


def _linear_weights(n_in: int, n_out: int, scale: int, align_corners: bool, start: int = 0,
                    stop: int | None = None):
    """Source indices i0, i1 and weight t of i1 for output indices start to stop, along one axis."""
    dst = np.arange(start, n_out if stop is None else stop, dtype=np.float64)
    if align_corners:
        src = dst * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros_like(dst)
    else:
        # Cell centres line up: src = (dst + 0.5) / scale - 0.5, clamped at the first cell.
        src = np.maximum((dst + 0.5) / scale - 0.5, 0.0)
    i0 = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    i1 = np.minimum(i0 + 1, n_in - 1)
    return i0, i1, src - i0


def upsample_bilinear(x, scale, align_corners=False):
    """Bilinear interpolation by an integer factor (``F.interpolate(mode='bilinear')``).

    Rows first, then columns, one block of the output at a time (at most ``BLOCK`` values
    in each temporary), so memory stays near the output's own size.
    """
    x = _image(x)
    dtype = _checks.float_dtype(x)
    sh, sw = _scale(scale)
    h, w = x.shape[-2:]
    out_h, out_w = h * sh, w * sw
    _checks.room(x.shape[:-2] + (out_h, out_w), "The upsampled image")
    planes = x.reshape(-1, h, w)
    out = np.empty((planes.shape[0], out_h, out_w), dtype=dtype)
    cols_per_block = min(out_w, BLOCK)
    rows_per_block = min(out_h, max(1, BLOCK // cols_per_block))
    planes_per_block = max(1, BLOCK // (rows_per_block * cols_per_block))
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        for c_start in range(0, out_w, cols_per_block):
            c_stop = min(c_start + cols_per_block, out_w)
            c0, c1, tx = _linear_weights(w, out_w, sw, align_corners, c_start, c_stop)
            tx = tx.astype(dtype)
            # Only the input columns this block reads.
            lo, hi = int(c0[0]), int(c1[-1]) + 1
            c0, c1 = c0 - lo, c1 - lo
            for r_start in range(0, out_h, rows_per_block):
                r_stop = min(r_start + rows_per_block, out_h)
                r0, r1, ty = _linear_weights(h, out_h, sh, align_corners, r_start, r_stop)
                ty = ty.astype(dtype)[:, None]
                for p_start in range(0, planes.shape[0], planes_per_block):
                    block = planes[p_start:p_start + planes_per_block, :, lo:hi]
                    rows = block[:, r0, :] * (1 - ty) + block[:, r1, :] * ty
                    out[p_start:p_start + planes_per_block, r_start:r_stop, c_start:c_stop] = (
                        rows[..., c0] * (1 - tx) + rows[..., c1] * tx)
    _checks.finite_result(out, "the input")
    return out.reshape(x.shape[:-2] + (out_h, out_w))


def bed_of_nails(x, scale):
    """Each value in the top-left corner of its ``scale x scale`` block, zeros elsewhere.

    Equal to a transposed convolution with a 1x1 kernel of one, stride ``scale`` and
    output padding ``scale - 1`` (Keras ``Conv2DTranspose`` with ``padding='valid'``).
    """
    x = _image(x)
    sh, sw = _scale(scale)
    h, w = x.shape[-2:]
    _checks.room(x.shape[:-2] + (h * sh, w * sw), "The upsampled image")
    out = np.zeros(x.shape[:-2] + (h * sh, w * sw), dtype=x.dtype)
    out[..., ::sh, ::sw] = x
    return out


def max_pool2d(x, kernel_size, stride=None, return_indices=False):
    """Max over each window (``F.max_pool2d``); stride defaults to the kernel size.

    With ``return_indices``, also the flat index ``row * W + col`` of each maximum in
    its (H, W) plane: the first one in reading order where several tie.
    """
    x = _image(x)
    kh, kw = _checks.pair(kernel_size, "kernel_size", 1, "a pooling window needs at least one cell.")
    sh, sw = (kh, kw) if stride is None else _checks.stride_pair(stride)
    h, w = x.shape[-2:]
    if kh > h or kw > w:
        raise ValueError(
            f"kernel_size {_checks.show(kh)}x{_checks.show(kw)} is larger than the input {h}x{w}: the "
            "pooling window "
            "must fit inside the input; use a smaller window."
        )
    out_h, out_w = (h - kh) // sh + 1, (w - kw) // sw + 1
    windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(-2, -1))
    windows = windows[..., ::sh, ::sw, :, :][..., :out_h, :out_w, :, :]
    flat = windows.reshape(windows.shape[:-2] + (kh * kw,))
    best = flat.argmax(axis=-1)
    values = np.take_along_axis(flat, best[..., None], axis=-1)[..., 0]
    if not return_indices:
        return values
    a, b = np.divmod(best, kw)
    rows = np.arange(out_h)[:, None] * sh + a
    cols = np.arange(out_w)[None, :] * sw + b
    return values, (rows * w + cols).astype(np.int64)


def max_unpool2d(x, indices, kernel_size, stride=None, output_size=None):
    """Put each value back where its maximum came from, zeros elsewhere (``F.max_unpool2d``).

    x, indices : arrays of shape (..., H, W), as returned by ``max_pool2d``
    output_size : (H_out, W_out); default ((H - 1) * stride + kH, (W - 1) * stride + kW)
    """
    x = _image(x)
    try:
        idx = np.asarray(indices)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(
            f"indices must be a rectangular array of whole numbers of the same shape as the input "
            f"{x.shape}, as max_pool2d returns them; got rows of different lengths or values that "
            "are not numbers."
        ) from None
    # Only signed and unsigned integers: NumPy also files timedelta64 under np.integer.
    if idx.shape != x.shape or idx.dtype.kind not in "iu":
        raise ValueError(
            f"indices must be whole numbers of the same shape as the input {x.shape}, "
            f"got {idx.shape} of type {idx.dtype}."
        )
    kh, kw = _checks.pair(kernel_size, "kernel_size", 1, "a pooling window needs at least one cell.")
    sh, sw = (kh, kw) if stride is None else _checks.stride_pair(stride)
    h, w = x.shape[-2:]
    default = ((h - 1) * sh + kh, (w - 1) * sw + kw)
    if output_size is None:
        out_h, out_w = default
    else:
        try:
            sizes = tuple(output_size)
        except TypeError:
            sizes = ()
        if len(sizes) < 2:
            raise ValueError(f"output_size must be a pair (height, width), got {_checks.show(output_size)}.")
        out_h, out_w = (_checks.whole(v, "Each entry of output_size") for v in sizes[-2:])
        show = _checks.show
        # PyTorch takes sizes strictly within one stride of the default, and at least 1.
        for axis, size, base, s in zip(("height", "width"), (out_h, out_w), default, (sh, sw)):
            if size < 1:
                raise ValueError(
                    f"output_size must be at least 1 for the {axis}, got {show(size)}: an output "
                    "needs at least one row and one column."
                )
            if not base - s < size < base + s:
                raise ValueError(
                    f"output_size must lie strictly between {show(base - s)} and {show(base + s)} for "
                    f"the {axis}, got {show(size)}: max-unpooling can only undo the sizes one pooling "
                    "step could produce."
                )
    _checks.room(x.shape[:-2] + (out_h, out_w), "The unpooled output")
    size = out_h * out_w
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        raise ValueError(
            f"indices must lie in 0 to {size - 1} (an output of {out_h}x{out_w}), "
            f"got {idx.min()} to {idx.max()}."
        )
    lead = x.shape[:-2]
    planes = x.reshape(-1, h * w)
    out = np.zeros((planes.shape[0], size), dtype=x.dtype)
    np.put_along_axis(out, idx.reshape(-1, h * w), planes, axis=-1)
    return out.reshape(lead + (out_h, out_w))


def pixel_shuffle(x, r):
    """Rearrange (..., C * r * r, H, W) into (..., C, H * r, W * r) (``F.pixel_shuffle``)."""
    x = _checks.array(x, "input")
    if not _checks._is_whole(r) or r < 1:
        raise ValueError(f"upscale factor must be one whole number of at least 1, got {_checks.show(r)}.")
    r = int(r)
    if x.ndim < 3:
        raise ValueError(f"input must have at least 3 axes (C, H, W), got shape {x.shape}.")
    c, h, w = x.shape[-3:]
    if c % (r * r):
        raise ValueError(
            f"Pixel shuffle with factor {_checks.show(r)} needs a channel count divisible by "
            f"{_checks.show(r * r)}, "
            f"got {c} channels."
        )
    lead = x.shape[:-3]
    y = x.reshape(lead + (c // (r * r), r, r, h, w))
    n = len(lead)
    # (..., C, r_row, r_col, H, W) -> (..., C, H, r_row, W, r_col)
    y = y.transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return y.reshape(lead + (c // (r * r), h * r, w * r))
