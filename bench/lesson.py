"""The lesson as the benchmarks drive it: its pages and its sidebar's sliders, with their ranges."""

# The pages' paths, the start page first (as in the address: ``/``, ``/upsampling``, ...).
PAGES = ["", "upsampling", "scatter", "zero-insertion", "transposed", "channels", "checkerboard", "learning",
         "shapes", "designer", "practice"]
# Pages whose main area shows the configuration caption (Config.describe()).
CAPTIONED = {"", "scatter", "zero-insertion", "transposed", "channels", "checkerboard", "shapes"}
SLIDERS = ("h", "w", "kh", "kw", "sh", "sw")
RANGES = {"h": (1, 8), "w": (1, 8), "kh": (1, 7), "kw": (1, 7), "sh": (1, 4), "sw": (1, 4)}


def slider(key: str) -> str:
    """The selector of the sidebar slider ``key``'s range input."""
    return f".st-key-{key} input[type=range]"
