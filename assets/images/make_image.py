"""Draw the sample image of page 6 (a synthetic scene), with NumPy and Pillow only.

Run once from the repository root: ``python assets/images/make_image.py``. It writes
``assets/images/scene.png``: 64x64 grayscale, with a smooth sky, a sun, hills, a striped
fence and a house, so smooth regions, edges and fine stripes all appear. The drawing is
deterministic, so running it again gives the same file.
"""

from pathlib import Path

import numpy as np
from PIL import Image

SIZE = 64
OUT = Path(__file__).resolve().parent / "scene.png"


def scene(n: int = SIZE) -> np.ndarray:
    """Brightness in [0, 1], shape (n, n); row 0 is the top."""
    y, x = np.mgrid[0:n, 0:n] / (n - 1)
    img = 0.85 - 0.45 * y  # sky: bright at the top, darker towards the horizon
    sun = np.hypot(x - 0.75, y - 0.22)
    img = np.where(sun < 0.12, 1.0, img + 0.25 * np.exp(-((sun / 0.2) ** 2)))  # sun with a glow
    hill = 0.62 + 0.08 * np.sin(2 * np.pi * (x * 1.3 + 0.1))
    img = np.where(y > hill, 0.35 + 0.25 * (y - hill), img)  # hills, gently shaded
    house = (x > 0.12) & (x < 0.42) & (y > 0.48) & (y < 0.8)
    roof = (y <= 0.48) & (y > 0.48 - (0.15 - np.abs(x - 0.27))) & (np.abs(x - 0.27) < 0.17)
    img = np.where(house, 0.72, img)
    img = np.where(roof, 0.18, img)
    door = (x > 0.24) & (x < 0.31) & (y > 0.64) & (y < 0.8)
    window = (x > 0.33) & (x < 0.39) & (y > 0.55) & (y < 0.62)
    img = np.where(door | window, 0.1, img)
    fence = (y > 0.8) & (y < 0.92) & (x > 0.5)
    img = np.where(fence, np.where(np.floor(x * n / 2) % 2 == 0, 0.9, 0.25), img)  # 2-pixel stripes
    return np.clip(img, 0.0, 1.0)


if __name__ == "__main__":
    Image.fromarray(np.round(scene() * 255).astype(np.uint8), mode="L").save(OUT)
    print(f"wrote {OUT}")
