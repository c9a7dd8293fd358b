"""The layer designer and the convolution inverter in a real browser: a click on a 2-D table row moves the sidebar's
sliders and the address to that layer; the inverter answers for the Conv2d typed in."""

import pytest
from driving import MAIN, after_rerun, assert_no_exception, eventually, main_caption, open_page, query, slider_value

import core
from ui.settings.config import MAX_DILATION, MAX_KERNEL, MAX_PADDING, MAX_STRIDE

pytestmark = pytest.mark.e2e
RANGES = core.Ranges(MAX_KERNEL, MAX_STRIDE, MAX_DILATION, MAX_PADDING)
ROW_PX = 35  # the height of a row (and of the header) in st.dataframe


def click_row(pg, key: str, row: int) -> None:
    """Click the selection box of row ``row`` of the table ``key`` (the table is drawn on a canvas)."""
    canvas = pg.locator(f".st-key-{key} canvas[data-testid=data-grid-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    after_rerun(pg, lambda: pg.mouse.click(box["x"] + 18, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2))


def test_a_click_on_a_row_moves_the_sidebar_and_the_address(server, page):
    open_page(page, f"{server}/designer")
    assert_no_exception(page)
    layer = core.design(3, 6, "pytorch", RANGES).height[3]  # kernel 4, stride 2, padding 1
    click_row(page, "designer_table_both", 3)
    assert_no_exception(page)
    assert (slider_value(page, "kh"), slider_value(page, "kw")) == (layer.kernel, layer.kernel)
    assert (slider_value(page, "sh"), slider_value(page, "ph")) == (layer.stride, layer.padding)
    wanted = {"kh": str(layer.kernel), "kw": str(layer.kernel), "ph": str(layer.padding), "pw": str(layer.padding)}
    assert {k: v for k, v in query(page).items() if k in wanted} == wanted
    said = page.locator(f"{MAIN} [data-testid=stAlertContentSuccess]").inner_text()
    assert "Applied to the sidebar: kernel 4, stride 2, padding 1" in said and "6x6 output" in said
    code = page.locator(f"{MAIN} [data-testid=stCode]").first.inner_text()
    assert "kernel_size=(4, 4)" in code and "# prints (1, 1, 6, 6)" in code

    # The other pages follow: the shapes page's caption is the layer picked.
    page.goto(f"{server}/shapes?{'&'.join(f'{k}={v}' for k, v in query(page).items())}")
    page.wait_for_selector(f"{MAIN} h1", timeout=30_000)
    assert main_caption(page).startswith("3x3 input, 4x4 kernel, stride 2, padding 1")


def test_per_axis_tables_set_one_axis_each(server, page):
    open_page(page, f"{server}/designer?w=4")  # the sidebar's 3x4 input: the designer asks 3x4 -> 6x8
    assert page.locator(".st-key-designer_table_height").count() == 1
    design = core.design((3, 4), (6, 8), "pytorch", RANGES)
    click_row(page, "designer_table_width", 1)
    layers = design.choose("width", 1)  # the sidebar's height (kernel 3, stride 2) gives 7, not 6: it takes a partner
    width, height = layers["width"], layers["height"]
    assert (slider_value(page, "kw"), slider_value(page, "sw"), slider_value(page, "pw")) == (
        width.kernel, width.stride, width.padding)
    assert (slider_value(page, "kh"), slider_value(page, "sh")) == (height.kernel, height.stride)
    address = query(page)
    assert (address.get("sw"), address.get("pw"), address.get("kh")) == (str(width.stride), str(width.padding),
                                                                          str(height.kernel))
    assert "The height took its best row" in page.locator(f"{MAIN} [data-testid=stAlertContentSuccess]").inner_text()
    assert_no_exception(page)


def test_the_inverter_answers_for_the_conv2d_typed_in(server, page):
    open_page(page, f"{server}/designer")
    box = page.locator(".st-key-designer_conv_input_size_ input")
    box.scroll_into_view_if_needed()
    box.fill("7")
    after_rerun(page, lambda: box.press("Enter"))
    inv = core.invert_conv2d(7, 3, 2, 1, 1)

    def shown():
        said = page.locator(MAIN).inner_text()
        assert "turns its 7x7 input into 4x4" in said
        assert f"output_padding={inv.output_padding}" in said
        assert "crops exactly the same cells" in said
        return said

    eventually(shown)
    codes = page.locator(f"{MAIN} [data-testid=stCode]").all_inner_texts()
    assert any("output_size=[7, 7]" in c for c in codes)
    assert_no_exception(page)


@pytest.mark.parametrize("dims, key, size, wanted", [("1", "designer_table_length", (3,), (6,)),
                                                     ("3", "designer_table_both", (3, 3, 3), (6, 6, 6))])
def test_a_1d_or_3d_row_clicked_stays_on_the_page(server, page, dims, key, size, wanted):
    open_page(page, f"{server}/designer?designer_dims={dims}")
    assert_no_exception(page)
    before = {name: slider_value(page, name) for name in ("kh", "kw", "sh", "ph")}
    layer = core.design(size, wanted, "pytorch", RANGES).layers(key.removeprefix("designer_table_"))[3]
    click_row(page, key, 3)
    assert_no_exception(page)

    def shown():
        said = " ".join(page.locator(MAIN).inner_text().split())
        assert f"The sidebar draws 2-D layers only, so this {dims}-D layer stays on this page" in said
        assert f"Picked: kernel {layer.kernel}, stride {layer.stride}, padding {layer.padding}" in said
        return said

    eventually(shown)
    code = page.locator(f"{MAIN} [data-testid=stCode]").first.inner_text()
    assert f"ConvTranspose{dims}d(" in code and f"# prints {(1, 1, *wanted)}" in code
    assert {name: slider_value(page, name) for name in before} == before, "the 2-D sidebar keeps its layer"
