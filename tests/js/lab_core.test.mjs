// static/lab_core.js's pieces on their own: the edge cases of words, colours and ink, outlines, and
// the running sums behind a scatter-add frame.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";

import {channels, colour, css, currentCells, fmt, ink, look, Replay, Running} from "../../static/lab_core.js";

const GREYS = {stops: [[0, "rgb(0,0,0)"], [0.5, "#808080"], [1, "rgb(255, 255, 255)"]], zmin: -2, zmax: 2};

test("no value is written as nothing, and whole numbers without a point", () => {
  assert.deepEqual([null, undefined, NaN].map(fmt), ["", "", ""]);
  assert.deepEqual([0, -0, 3, -12, 1234].map(fmt), ["0", "0", "3", "-12", "1234"]);
  assert.equal(fmt(2 ** 53 + 2), "9007199254740994");  // every digit, as Python's int
  assert.equal(fmt(1e21), "1000000000000000000000");
});

test("other numbers get three significant digits, ties rounded to even as Python rounds them", () => {
  assert.deepEqual([0.25, 1 / 3, -2 / 3, 2.5].map(fmt), ["0.25", "0.333", "-0.667", "2.5"]);
  assert.deepEqual([1.125, 1.375, 10.25, 10.75, -20.25, 100.5].map(fmt),
                   ["1.12", "1.38", "10.2", "10.8", "-20.2", "100"]);
  assert.equal(fmt(2.675), "2.67");  // just under 2.675 as a double: no tie
  assert.equal(fmt(9.995), "9.99");
  assert.equal(fmt(9.9951), "10");  // the carry adds a digit before the point
});

test("very small and very large numbers are written with an exponent of at least two digits", () => {
  assert.deepEqual([1e-5, 1.5e-7, -0.00012345, 12345.6, 999.5].map(fmt),
                   ["1e-05", "1.5e-07", "-0.000123", "1.23e+04", "1e+03"]);
  assert.deepEqual([0.0001, 0.00009995].map(fmt), ["0.0001", "0.0001"]);  // rounding up can drop the exponent
  assert.deepEqual([Infinity, -Infinity].map(fmt), ["inf", "-inf"]);
});

test("a CSS colour is read as its three channels, and written back", () => {
  assert.deepEqual(channels("#ff7f0e"), [255, 127, 14]);
  assert.deepEqual(channels("rgb(5, 10, 172)"), [5, 10, 172]);
  assert.equal(css([68, 1, 84]), "rgb(68,1,84)");
});

test("a value has no colour when there is no value", () => {
  assert.equal(colour(GREYS, null), null);
  assert.equal(colour(GREYS, undefined), null);
  assert.equal(colour(GREYS, NaN), null);
  assert.deepEqual(look(GREYS, null), ["", "transparent", "inherit"]);
});

test("values past the scale's ends take the ends' colours; a stop's value its stop's colour", () => {
  assert.deepEqual(colour(GREYS, -9), [0, 0, 0]);
  assert.deepEqual(colour(GREYS, 9), [255, 255, 255]);
  assert.deepEqual(colour(GREYS, 0), [128, 128, 128]);
  assert.deepEqual(colour(GREYS, -Infinity), [0, 0, 0]);
});

test("between stops the colour is interpolated and rounded half to even, as NumPy does", () => {
  const odd = {stops: [[0, "rgb(0,0,0)"], [1, "rgb(1,3,5)"]], zmin: 0, zmax: 1};
  assert.deepEqual(colour(odd, 0.5), [0, 2, 2]);  // 0.5, 1.5, 2.5
});

test("a scale whose ends are equal still colours its value", () => {
  assert.deepEqual(colour({...GREYS, zmin: 1, zmax: 1}, 1), [0, 0, 0]);
});

test("the ink is white on dark colours and near-black on light ones", () => {
  assert.equal(ink(channels("#440154")), "#fff");
  assert.equal(ink(channels("#fde725")), "#111");
  assert.deepEqual(look(GREYS, 2), ["2", "rgb(255,255,255)", "#111"]);
});

test("the current cells are the frame's solid one-cell outlines", () => {
  const box = (r0, r1, c0, c1, color, width, style) => ({rows: [r0, r1], cols: [c0, c1], color, width, style});
  const boxes = [box(1, 2, 2, 3, "#ff7f0e", 3, "solid"), box(0, 2, 0, 2, "#e377c2", 3, "dashed"),
                 box(0, 1, 0, 1, "#888888", 2, "dotted"), box(0, 3, 0, 3, "#ff7f0e", 3, "solid")];
  assert.deepEqual([...currentCells(boxes, 4)], [6]);
});

test("running sums add the steps up to a count, and start again when the count goes back", () => {
  const running = new Running({out: [0, 1, 0, 2], prod: [1, 2, 3, 4]}, 3);
  running.to(3);
  assert.deepEqual([...running.sum], [4, 2, 0]);
  assert.deepEqual([...running.count], [2, 1, 0]);
  running.to(4);
  assert.deepEqual([...running.sum], [4, 2, 4]);
  running.to(1);
  assert.deepEqual([...running.sum], [1, 0, 0]);
});

test("a player that changes nothing of a panel leaves it as built", () => {
  const grid = {h: 1, w: 2, boxes: []};
  assert.deepEqual(new Replay({panels: [grid], frames: 1, changes: [null], trace: null}).panel(0, 0), {});
});

test("the module draws nothing: no page, no window", () => {
  const source = readFileSync(new URL("../../static/lab_core.js", import.meta.url), "utf8");
  assert.doesNotMatch(source, /\b(document|window|HTMLElement|requestAnimationFrame)\b/);
});
