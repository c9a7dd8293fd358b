"""Slides: 1920x1080, headed with the page and the settings, of a grid, a player's last frame or a
chart; a figure that has no slide is refused with a sentence."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import core
from ui.exports import paint, slides
from ui.figures.cells import grid_spec, stop_colors
from ui.figures.grid import grid_figure
from ui.figures.learning import loss_figure

OPTIONS = slides.SlideOptions(heading="Scatter-add, step by step", settings="3x3 input, 3x3 kernel, stride 2")


def png(figure, options=OPTIONS) -> Image.Image:
    return Image.open(io.BytesIO(slides.slide(figure, options)))


def test_a_grid_slide_is_projector_sized_titled_and_coloured_as_on_screen():
    out = core.conv_transpose2d(np.arange(9.0).reshape(3, 3), np.ones((2, 2)), stride=2)
    spec = grid_spec(out, "Output", key="out")
    image = png(spec)
    assert image.size == slides.SIZE and image.info["Title"] == "Scatter-add, step by step: Output (6x6)"
    # The cells fill the slide's height and keep the page's colours (read low in each cell's left part).
    pixels = np.asarray(image.convert("RGB")).astype(int)
    colours = stop_colors(out, spec.scale.stops, spec.scale.zmin, spec.scale.zmax)
    look = paint.Look(cell=1, title=40, label=26, caption=26)
    cell = min(120.0, (slides.SIZE[0] - 2 * slides.MARGIN - look.index_width) / 6,
               (slides.SIZE[1] - slides.TOP - slides.MARGIN / 2 - paint.grid_extent(spec, look)[1]) / 6)
    assert cell >= 100  # a 6x6 grid's cells are 100 pixels or more: readable across a room
    look = paint.Look(cell=cell, title=40, label=26, caption=26)
    width = paint.grid_extent(spec, look)[0]
    left, top = paint.cells_origin(slides.MARGIN + (slides.SIZE[0] - 2 * slides.MARGIN - width) / 2, slides.TOP, look)
    for r in range(6):
        for c in range(6):
            y, x = int(top + (r + 0.85) * cell), int(left + (c + 0.15) * cell)
            assert np.abs(pixels[y, x] - colours[r, c]).max() <= 2


def test_svg_slides_are_1920_by_1080_pixels():
    svg = slides.slide(grid_spec(np.eye(3), "Kernel", key="k"), slides.SlideOptions(heading="x", format="svg"))
    assert b'width="1920" height="1080"' in svg[:600] and b"Kernel (3x3)" not in svg[:200]


def test_charts_and_heatmaps_from_plotly_become_slides():
    for figure in (loss_figure({"transposed": [1.0, 0.5, 0.2]}, {"transposed": "Transposed convolution"}),
                   grid_figure(np.arange(12.0).reshape(3, 4), "Matrix")):
        assert slides.problem(figure) is None
        assert png(figure).size == slides.SIZE
    assert slides.name(grid_figure(np.ones((2, 2)), "Matrix")) == "Matrix (2x2)"


def test_a_figure_without_a_slide_is_refused_with_a_sentence():
    too_big = grid_figure(np.zeros((120, 120)), "Large")
    assert "more than the 10000 a slide draws as a grid" in slides.problem(too_big)
    pie = {"data": [{"type": "pie", "values": [1, 2]}], "layout": {"title": {"text": "Shares"}}}
    assert slides.problem(pie).startswith('"Shares" is not a grid, a player or a chart')
    with pytest.raises(ValueError, match="PNG or SVG"):
        slides.SlideOptions(heading="x", format="gif")
