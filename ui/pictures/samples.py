"""The lesson's pictures: the sample photograph, read once, and the trainer's generated textures."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image

from core import training

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "images" / "scene.png"


@cache
def sample() -> np.ndarray:
    """The sample picture (64x64), brightness in [0, 1]; read-only, shared by every visitor."""
    with Image.open(SAMPLE) as im:
        a = np.asarray(im.convert("L"), dtype=float) / 255
    a.flags.writeable = False
    return a


def picture(name: str) -> np.ndarray:
    """A generated texture by its name, or the sample picture."""
    return training.texture(name) if name in training.TEXTURES else sample()
