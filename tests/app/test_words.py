"""ui.words and ui.sentences: the words for numbers, and sentences built from core.geometry's facts."""

from __future__ import annotations

import core
from ui import sentences
from ui.words import count, listing, number, pair, per_axis, plural, size


def test_numbers_counts_and_sizes_read_as_a_person_writes_them():
    assert (number(3.0), number(0.25), number(-2), number(1 / 3)) == ("3", "0.25", "-2", "0.333")
    assert (count(1, "contribution"), count(2, "contribution"), count(0, "row")) == (
        "1 contribution", "2 contributions", "0 rows")
    assert plural(2, "matrix") == "matrices" and plural(1, "matrix") == "matrix"
    assert (size((2, 3)), pair((3, 3)), pair((2, 3))) == ("2x3", "3", "2x3")
    assert per_axis((1, 2)) == "1 (height) and 2 (width)" and per_axis((4, 4)) == "4"
    assert (listing(["4"]), listing(["4", "5"]), listing(["4", "5", "6"])) == ("4", "4 and 5", "4, 5 and 6")


def test_crop_sentence_says_what_geometry_crops():
    same = core.geometry(4, 3, 2, "same", None, 1, convention="keras")
    assert sentences.crop_sentence("keras-same", same.crop) == (
        "Keras 'same' crops 0 rows from the top and 1 from the bottom, and 0 columns from the left and 1 from "
        "the right.")
    valid = core.geometry(3, 1, 2, "valid", None, 1, convention="keras")  # output padding past the uncropped end
    assert sentences.crop_sentence("keras-valid", valid.crop) == (
        "Keras 'valid' crops 0 rows from the top and adds 1 row of zeros at the bottom, and 0 columns from the left "
        "and adds 1 column of zeros at the right.")
    torch = core.geometry(3, 3, 2, 1, 1)
    assert sentences.crop_sentence("pytorch", torch.crop, torch.output_padding).endswith(
        "That is padding 1 cropped from every border, then output padding 1 added back at the\nbottom and right.")


def test_zero_padding_table_and_padding_phrase_follow_the_geometry():
    geo = core.geometry(3, 3, 2, 1, 1)
    table = sentences.zero_padding_table(geo)
    assert "| top | 1 × (3 − 1) − 1 | **1** |" in table
    assert "| bottom | 1 × (3 − 1) − 1 + 1 output padding | **2** |" in table
    assert sentences.padding_phrase(geo) == "padding 1"
    same = core.geometry(4, 3, 2, "same", None, 1, convention="keras")
    assert sentences.padding_phrase(same) == "padding of 0 on top, 1 at the bottom, 0 on the left and 1 on the right"


def test_rule_sentences_count_from_the_cores_interior():
    three, four = core.interior_period(3, 2), core.interior_period(4, 2)
    assert (three, four) == ([2, 1], [2, 2])
    assert "alternate between 1 and 2" in sentences.rule_sentence(3, 2, 1, three, where="Here")
    assert "receives 2 contributions" in sentences.rule_sentence(4, 2, 1, four, where="Here")
    both = sentences.rule_sentences([(3, 2, 1, three), (3, 2, 1, three)])
    assert len(both) == 1 and both[0].startswith("Along the height and the width")
    apart = sentences.rule_sentences([(3, 2, 1, three), (4, 2, 1, four)])
    assert [s.split(",")[0] for s in apart] == ["Along the height", "Along the width"]


def test_compared_size_and_cells_differing():
    assert [sentences.compared_size(a, (4, 4)) for a in ((4, 4), (5, 4), (3, 4), (5, 3))] == [
        "equal", "larger", "smaller", "mixed"]
    assert sentences.cells_differing([[1, 2]], [[1, 3]]) == 1 and sentences.cells_differing([[1]], [[1, 2]]) == 2


def test_the_text_names_other_pages_by_their_place_in_the_lesson():
    """Pages once were inserted and moved while the text still sent readers to 'page 6' and 'page 7' by
    number: the checkerboard became page 7 and the shapes page 9. Every reference is now a placeholder
    filled from the lesson's order, and the navigation's titles come from the same list."""
    import re

    from ui.pages import NUMBER, PAGES
    from ui.text import LESSON, page_number, sections

    written = re.compile(r"\b[Pp]ages? \d|\(\d+\)")
    for path in sorted(LESSON.glob("*.md")):
        for name, body in sections(path.stem).items():
            assert not written.search(body), f"{path.name} [{name}] writes a page number by hand"
            re.sub(r"\{page:(\w+)\}", page_number, body)  # raises for a page that does not exist
    # and none in the code's own strings (the zero insertion page titled a grid "Scatter-add (page 3)")
    import ast
    root = LESSON.parents[1]
    for path in sorted([*root.glob("pages/*.py"), *root.glob("ui/**/*.py"), root / "app.py", root / "lesson.py"]):
        tree = ast.parse(path.read_text())
        docs = {id(node.body[0].value) for node in ast.walk(tree)
                if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                assert not re.search(r"\b[Pp]ages? \d", node.value), f"{path.name}: {node.value!r}"
    assert [page.name for page in PAGES] == sorted(NUMBER, key=NUMBER.get)
    assert NUMBER["checkerboard"] == 7 and NUMBER["hear"] == 9 and NUMBER["shapes"] == 10 and len(PAGES) == 12
    app = (LESSON.parents[1] / "lesson.py").read_text()
    assert "LESSON_PAGES" in app and "st.Page(" in app and app.count("st.Page(") == 1


def test_learning_sentences_never_say_from_a_to_a_or_step_0_twice():
    """The learning page said "loss 0.464 at step 0, 0.464 at step 0" before any training and "interior
    phases range from 0.296 to 0.296" for a flat output."""
    import numpy as np

    from ui.sentences import method_sentence, phase_sentence, value_range

    assert value_range(0.2961, 0.2962) == "all 0.296" and value_range(-0.0992, 0.181) == "from -0.0992 to 0.181"
    untrained = method_sentence("Resize, then convolve", 0.144, 0.144, 0, 0.296, 0.296, 0.0)
    assert untrained == ("**Resize, then convolve**: loss **0.144** before training. On a flat grey input its "
                         "output's interior phases are all 0.296: flat.")
    trained = method_sentence("Transposed convolution", 0.464, 0.01, 300, -0.0992, 0.181, 20.0)
    assert trained == ("**Transposed convolution**: loss 0.464 at step 0, **0.01** at step 300. On a flat grey "
                       "input its output's interior phases range from -0.0992 to 0.181 (they differ by more than "
                       "1000% of their mean, 71.5 grey levels of 255): a checkerboard (one grey level of 255 or "
                       "more: a screen shows it).")
    # 0.5 % of a mean of 0.3 is 0.38 of a grey level: drawn as a screen shows it, and not called a checkerboard
    faint = method_sentence("Transposed convolution", 0.464, 0.01, 300, 0.2993, 0.3008, 0.005)
    assert faint.endswith("(they differ by 0.5% of their mean, 0.383 grey levels of 255): flat to the eye (less "
                          "than one grey level of 255: a screen cannot show it).")
    flat = phase_sentence(np.array([0.5, 0.5]), 0.0, 0.3)
    assert flat == "Phase sums now: all 0.5 (flat). At step 0 they were apart by 30%."
    assert phase_sentence(np.array([0.1, 0.3]), 1.0, 1.0) == ("Phase sums now: from 0.1 to 0.3, apart by 100% of "
                                                             "their mean (a checkerboard). At step 0 they were "
                                                             "apart by 100%.")
