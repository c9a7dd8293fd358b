// A figure's sentence in a row (lab_core.js's ``inline``): the lesson's few marks become runs of text, and nothing
// in the text becomes markup.

import assert from "node:assert/strict";
import {test} from "node:test";

import {inline} from "../../static/lab_core.js";

test("bold, emphasis and code become runs; the rest is plain text", () => {
  assert.deepEqual(inline("**Nearest neighbour** copies each value. *Where* it was: `indices`."), [[
    ["b", "Nearest neighbour"], ["", " copies each value. "], ["i", "Where"], ["", " it was: "], ["code", "indices"],
    ["", "."],
  ]]);
});

test("a line break is a space and a blank line a new paragraph", () => {
  assert.deepEqual(inline("one\ntwo\n  three\n\n**four**\n"), [[["", "one two three"]], [["b", "four"]]]);
});

test("a product's asterisks and code's marks stay as they are", () => {
  assert.deepEqual(inline("3 * 4 = 12, 2*3 and `a**b`"), [[["", "3 * 4 = 12, 2*3 and "], ["code", "a**b"]]]);
});

test("markup in the text is text", () => {
  const said = "<img src=x onerror=alert(1)> & <b>bold</b>";
  assert.deepEqual(inline(said), [[["", said]]]);
});

test("an empty note has no paragraph", () => {
  assert.deepEqual(inline("  \n\n "), []);
});
