// A player's frames in the browser (static/lab_core.js's Replay) against the frames Python computes
// (ui.exports.frames) on the same players: values, hidden cells, marks, outlines, and what each cell shows.
import assert from "node:assert/strict";
import {test} from "node:test";

import {cellLook, outlines, Replay} from "../../static/lab_core.js";
import {fixture, ofKind} from "./fixtures.mjs";

const players = ofKind("player");

// Panel ``n`` of frame ``f`` in the fixtures' terms: each field null when the frame leaves the grid's own.
function panelFrame(replay, f, n) {
  const frame = replay.panel(f, n), grid = replay.player.panels[n];
  return {values: frame.values ?? null, hidden: frame.hidden ?? null, marks: frame.marks ?? null,
          boxes: outlines(grid, frame)};
}

const frameOf = (replay, f) => replay.player.panels.map((_, n) => panelFrame(replay, f, n));

test("every kind of player has a fixture", () => {
  const keys = new Set(players.map(name => fixture(name).figure.key));
  assert.deepEqual([...keys].sort(), ["channels_player", "scatter_player", "zero_player"]);
});

for (const name of players) {
  const {figure, frames, cells} = fixture(name);

  test(`${name}: the frames' values, hidden cells and marks are Python's`, () => {
    const replay = new Replay(figure);
    assert.equal(frames.length, figure.frames);
    frames.forEach((expected, f) => {
      frameOf(replay, f).forEach((got, n) => {
        const want = expected.panels[n];
        assert.deepEqual({values: got.values, hidden: got.hidden, marks: got.marks},
                         {values: want.values, hidden: want.hidden, marks: want.marks}, `frame ${f + 1}, panel ${n}`);
      });
    });
  });

  test(`${name}: the frames' outlines are Python's`, () => {
    const replay = new Replay(figure);
    frames.forEach((expected, f) => {
      assert.deepEqual(frameOf(replay, f).map(p => p.boxes), expected.panels.map(p => p.boxes), `frame ${f + 1}`);
    });
  });

  test(`${name}: every cell shows Python's words, colour and ink`, () => {
    const replay = new Replay(figure);
    cells.forEach((panels, f) => {
      panels.forEach((want, n) => {
        const grid = figure.panels[n], frame = replay.panel(f, n);
        assert.deepEqual(want.map((_, k) => cellLook(grid, frame, k)), want, `frame ${f + 1}, panel ${n}`);
      });
    });
  });

  test(`${name}: scrubbing back and jumping give the same frames`, () => {
    const replay = new Replay(figure), order = [...frames.keys()].reverse();
    order.push(frames.length - 1, 0, Math.floor(frames.length / 2));
    for (const f of order) {
      assert.deepEqual(frameOf(replay, f), frames[f].panels, `frame ${f + 1}`);
    }
  });
}
