// The golden fixtures Python writes (tests/fixtures/render/, python scripts/render_fixtures.py), read
// for the tests of the browser's side (static/lab_core.js).
import {readdirSync, readFileSync} from "node:fs";

const FOLDER = new URL("../fixtures/render/", import.meta.url);

export function fixture(name) {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FOLDER), "utf8"));
}

export const names = readdirSync(FOLDER).filter(f => f.endsWith(".json")).map(f => f.slice(0, -5)).sort();

export const ofKind = kind => names.filter(name => name !== "values" && fixture(name).figure.kind === kind);
