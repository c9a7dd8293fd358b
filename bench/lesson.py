"""The lesson as the benchmarks drive it: its pages and its sidebar's sliders, with their ranges."""

from ui import pages

# The pages' paths, the start page first (as in the address: ``/``, ``/upsampling``, ...).
PAGES = list(pages.PATHS)
# Pages whose main area shows the configuration caption (Config.describe()).
CAPTIONED = {page.path for page in pages.PAGES if page.captioned}
SLIDERS = ("h", "w", "kh", "kw", "sh", "sw")
RANGES = {"h": (1, 8), "w": (1, 8), "kh": (1, 7), "kw": (1, 7), "sh": (1, 4), "sw": (1, 4)}


def slider(key: str) -> str:
    """The selector of the sidebar slider ``key``'s range input."""
    return f".st-key-{key} input[type=range]"
