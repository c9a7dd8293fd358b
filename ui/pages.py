"""The lesson's pages, in order: the one list navigation, the lesson text's page numbers, the tests and the
benchmarks take their pages from. No Streamlit here.

A new page is one entry here, its script in ``pages/`` (named ``page_file(name)``) and its text in
``assets/lesson/<name>.md``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One lesson page.

    name : its lesson text's file and its tests' name ('zero_insertion')
    path : its address ('zero-insertion'; '' for the start page, served at /)
    title : its name in the navigation, after its number
    icon : its navigation icon
    heading : its h1, when it differs from the title
    captioned : it shows the sidebar's configuration under its introduction and says, in the page, when those
        settings give no output (``ui.state.controls.opening``)
    figures : it draws figures (the designer and the practice page show tables, code and questions)
    uses : the sidebar's settings (their keys in ``ui.settings.registry``) its figures and sentences depend on:
        the page names them (``ui.sentences.settings_used``) and, on a narrow screen, offers them at its top
        (``ui.state.bar``); tests/app/test_uses.py changes each sidebar setting and checks the list
    """

    name: str
    path: str
    title: str
    icon: str
    heading: str = ""
    captioned: bool = False
    figures: bool = True
    uses: tuple[str, ...] = ()

    @property
    def h1(self) -> str:
        return self.heading or self.title

    @property
    def file(self) -> str:
        """Its script in pages/: its address, or its name for the start page.

        Named so, a deep link works on a fresh server's first visit too: Streamlit 1.67 serves that
        first run in its legacy pages-folder mode (there is a folder named pages/), which finds a page
        by its file's name and, not finding "zero-insertion" as zero_insertion.py, showed "Page not
        found" over the right page.
        """
        return f"{self.path or self.name}.py"


# The sidebar's settings, in its order: the sizes and settings of the layer, then how the values are filled.
LAYER = ("convention", "h", "w", "kh", "kw", "sh", "sw", "d", "oph", "opw", "ph", "pw")
EVERY = (*LAYER, "fill", "seed")
VALUES = ("h", "w", "kh", "kw", "fill", "seed")  # the input's and kernel's values, not how they are combined

PAGES = (
    Page("start", "", "Start", ":material/school:", heading="Transposed convolution", captioned=True,
         uses=EVERY),
    Page("upsampling", "upsampling", "Upsampling without learning", ":material/zoom_out_map:", uses=VALUES),
    Page("scatter", "scatter", "Scatter-add, step by step", ":material/grid_view:", captioned=True, uses=EVERY),
    Page("zero_insertion", "zero-insertion", "Zero insertion is a convolution", ":material/blur_on:",
         captioned=True, uses=EVERY),
    Page("transposed", "transposed", 'Why "transposed"', ":material/swap_horiz:", captioned=True, uses=EVERY),
    Page("channels", "channels", "Channels and groups", ":material/layers:", captioned=True, uses=LAYER),
    Page("checkerboard", "checkerboard", "Checkerboard", ":material/grid_4x4:", captioned=True, uses=LAYER),
    Page("learning", "learning", "Learning the filter", ":material/model_training:", uses=("kh", "sh")),
    Page("hear", "hear", "Hear the checkerboard", ":material/hearing:",
         uses=("kw", "sw", "d", "fill", "seed")),
    Page("shapes", "shapes", "Shapes and frameworks", ":material/straighten:", captioned=True, uses=EVERY),
    Page("designer", "designer", "Layer designer", ":material/architecture:", figures=False,
         uses=("h", "w")),
    Page("practice", "practice", "Practice", ":material/quiz:", figures=False, uses=EVERY),
)
BY_NAME = {page.name: page for page in PAGES}
BY_PATH = {page.path: page for page in PAGES}
NUMBER = {page.name: n for n, page in enumerate(PAGES, start=1)}  # a page's number in the lesson
PATHS = tuple(page.path for page in PAGES)


def page_file(name: str) -> str:
    """The file of page ``name`` in pages/."""
    return BY_NAME[name].file
