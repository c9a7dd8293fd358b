// The figure's shape (static/figure_schema.json) against the golden fixtures Python writes, and the
// browser's validator (static/lab_core.js's validate) against broken figures: a missing field, an
// outline written as a positional list, a field nobody reads, a player whose lists disagree.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";

import {validate} from "../../static/lab_core.js";
import {fixture, names} from "./fixtures.mjs";

const schema = JSON.parse(readFileSync(new URL("../../static/figure_schema.json", import.meta.url), "utf8"));
const figures = names.filter(name => name !== "values");
const copy = value => JSON.parse(JSON.stringify(value));

for (const name of figures) {
  test(`${name}: the figure conforms to the schema`, () => {
    assert.deepEqual(validate(fixture(name).figure, schema), []);
  });
}

test("every kind of figure and every optional part is in a fixture", () => {
  const all = figures.map(name => fixture(name).figure);
  const grids = all.flatMap(f => (f.kind === "player" ? f.panels : [f]));
  assert.ok(all.some(f => f.kind === "grid") && all.some(f => f.kind === "player"));
  for (const part of ["legend", "caption", "tips", "shaded", "words"]) {
    assert.ok(grids.some(g => g[part] !== null), `no grid with a ${part}`);
  }
  const changes = all.filter(f => f.kind === "player").flatMap(p => p.changes).filter(c => c);
  for (const part of ["values", "reveal", "marks", "boxes"]) {
    assert.ok(changes.some(c => c[part] !== null), `no player whose frames change ${part}`);
  }
});

test("a grid without one of its fields is refused, naming the field", () => {
  const grid = copy(fixture("grid_signed").figure);
  delete grid.scale;
  assert.deepEqual(validate(grid, schema), ["figure: no scale"]);
});

test("an outline written as a positional list is refused", () => {
  const grid = copy(fixture("grid_signed").figure);
  grid.boxes[0] = [0, 1, 1, 2, "#ff7f0e", 3, "solid"];
  assert.deepEqual(validate(grid, schema), ["figure.boxes[0]: not object"]);
  const player = copy(fixture("zero_insertion").figure);
  player.changes[3].boxes[0][0] = [0, 1, 0, 1, "#ff7f0e", 3, "solid"];
  assert.deepEqual(validate(player, schema), ["figure.changes[3].boxes[0][0]: not object"]);
});

test("changes keyed by panel number as a mapping (JSON's string keys) are refused", () => {
  const player = copy(fixture("channels").figure);
  player.changes = Object.fromEntries(player.changes.map((c, n) => [String(n), c]));
  assert.deepEqual(validate(player, schema), ["figure.changes: not array"]);
});

test("a field the renderer does not know, a wrong kind and a bad style are refused", () => {
  const grid = copy(fixture("grid_counts").figure);
  grid.colour = "red";
  grid.boxes = [{rows: [0, 1], cols: [0, 1], color: "#000", width: 3, style: "wavy"}];
  assert.deepEqual(validate(grid, schema), ["figure.boxes[0].style: not one of solid, dashed, dotted",
                                            "figure: an unknown field colour"]);
  assert.equal(validate({...grid, kind: "chart"}, schema).length > 0, true);
});

test("a trace's panels are named: the old positional list is refused", () => {
  const player = copy(fixture("scatter_stamps").figure);
  player.trace.panels = [0, 1, 2];
  delete player.trace.output_panel;
  assert.deepEqual(validate(player, schema), ["figure.trace: no output_panel", "figure.trace: an unknown field panels"]);
});

test("lists that disagree with the grid's size or the player's frames are refused", () => {
  const player = copy(fixture("scatter_products").figure);
  player.panels[1].v.pop();
  player.captions.pop();
  assert.deepEqual(validate(player, schema), ["figure.panels[1].v: 3 entries, not 4",
                                              `figure.captions: not one a frame (${player.frames})`]);
});

test("a row holds grids and players, one width each; what is wrong inside it is named by its place", () => {
  const grid = copy(fixture("grid_signed").figure);
  const player = copy(fixture("scatter_products").figure);
  const row = {kind: "row", key: "row", widths: [1, 2], slots: null, items: [grid, player]};
  assert.deepEqual(validate(row, schema), []);
  assert.deepEqual(validate({...row, widths: [1, 1], slots: 4}, schema), []);  // a short last row of four
  assert.deepEqual(validate({...row, widths: [1, 1], slots: 1}, schema), ["figure.slots: fewer than its figures"]);
  player.panels[1].v.pop();
  assert.deepEqual(validate({...row, widths: [1]}, schema), ["figure.items[1].panels[1].v: 3 entries, not 4",
                                                              "figure.widths: not one a figure"]);
  assert.equal(validate({...row, items: [row]}, schema).length > 0, true);  // no row inside a row
  assert.equal(validate({...row, items: []}, schema).length > 0, true);
});
