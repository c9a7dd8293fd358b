"""The lesson as the benchmarks drive it: its pages and its sidebar's sliders, with their ranges."""

from ui import pages
from ui.settings.registry import SETTING

# The pages' paths, the start page first (as in the address: ``/``, ``/upsampling``, ...).
PAGES = list(pages.PATHS)
# Pages whose main area shows the configuration caption (Config.describe()).
CAPTIONED = {page.path for page in pages.PAGES if page.captioned}
SLIDERS = ("h", "w", "kh", "kw", "sh", "sw")
# Their ranges, as the app declares them (``ui.settings.registry``).
RANGES = {key: (SETTING[key].lo, SETTING[key].hi) for key in SLIDERS}


def slider(key: str) -> str:
    """The selector of the sidebar slider ``key``'s range input."""
    return f".st-key-{key} input[type=range]"
