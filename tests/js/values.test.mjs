// Numbers, colours and inks in the browser (static/lab_core.js) against Python's (ui.words.number,
// ui.figures.cells.stop_colors and ink) on the values of tests/fixtures/render/values.json.
import assert from "node:assert/strict";
import {test} from "node:test";

import {colour, fmt, ink} from "../../static/lab_core.js";
import {fixture} from "./fixtures.mjs";

const {numbers, scales} = fixture("values");

test("numbers are written as Python writes them", () => {
  const wrong = numbers.filter(([v, words]) => fmt(v) !== words).map(([v, words]) => `${v}: ${fmt(v)}, not ${words}`);
  assert.deepEqual(wrong, []);
});

for (const {scale, cells} of scales) {
  const name = `${scale.stops[0][1]}..${scale.stops.at(-1)[1]} from ${scale.zmin} to ${scale.zmax}`;

  test(`colours on ${name} are Python's`, () => {
    const wrong = cells.filter(([v, rgb]) => colour(scale, v).join() !== rgb.join())
      .map(([v, rgb]) => `${v}: ${colour(scale, v)}, not ${rgb}`);
    assert.deepEqual(wrong, []);
  });

  test(`ink on ${name} is Python's`, () => {
    assert.deepEqual(cells.map(([, rgb]) => ink(rgb)), cells.map(([, , i]) => i));
  });
}
