// A grid's own cells (Python's words and palette, ui.figures.cells.grid_spec) are what the browser gives
// the same values in a player's frame (static/lab_core.js): one value, one look on a page.
import assert from "node:assert/strict";
import {test} from "node:test";

import {cellLook, look, outlines} from "../../static/lab_core.js";
import {fixture, ofKind} from "./fixtures.mjs";

for (const name of ofKind("grid")) {
  const {figure, cells} = fixture(name);

  test(`${name}: each value as a frame would show it is the grid's own cell`, () => {
    assert.deepEqual(figure.v.map(v => look(figure.scale, v)), cells);
  });

  test(`${name}: drawn without a frame, the grid shows its own cells and outlines`, () => {
    assert.deepEqual(cells.map((_, n) => cellLook(figure, {}, n)), cells);
    assert.deepEqual(outlines(figure, {}), figure.boxes);
  });
}
