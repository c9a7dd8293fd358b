// The renderer's pure part, with no DOM: numbers as the lesson writes them, a value's colour and
// ink, and a step player's frames (running sums, marks, outlines) computed from its data.
//
// static/lab.js draws what this computes. Python has the same definitions (ui.words.number,
// ui.figures.cells's colours and ink, ui/exports/frames.py's frames), and both are tested against
// one set of golden fixtures that Python writes from the core (tests/fixtures/render/, written by
// `python scripts/render_fixtures.py`; this side by `node --test tests/js/*.test.mjs`).

export const ACCENT = "#ff7f0e";  // ui.figures.grid.ACCENT: the current step
export const SECOND = "#e377c2";  // ui.figures.grid.SECOND: the stamp

// Three significant digits of |v| rounded as Python does (half to even, on the double's exact
// decimal digits): [digits, exponent], |v| ~ digits × 10^(exponent - 2), 100 <= digits <= 999.
function significant(v) {
  const a = Math.abs(v);
  const [four, e4] = a.toExponential(3).split("e");  // four digits, rounded: they decide unless the fourth is 5
  const [mantissa, exp] = four[4] === "5" ? a.toExponential(100).split("e") : [four, e4];  // else every digit
  const all = mantissa.replace(".", "");
  let digits = Number(all.slice(0, 3));
  const rest = all.slice(3);
  if (rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || digits % 2 === 1))) digits += 1;
  return digits === 1000 ? [100, Number(exp) + 1] : [digits, Number(exp)];
}

// "1.50" -> "1.5", "2.00" -> "2": the trailing zeros Python's "g" format drops.
const trimmed = s => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);

// A value as the lesson writes it (ui.words.number): 3, not 3.0; 0.25; three significant digits
// (Python's "{:.3g}"); "" for no value.
export function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isSafeInteger(v)) return String(v === 0 ? 0 : v);
  if (Number.isInteger(v)) return BigInt(v).toString();  // every digit, as Python's int
  const [digits, e] = significant(v), sign = v < 0 ? "-" : "";
  const d = String(digits);
  if (e < -4 || e >= 3) {
    return `${sign}${trimmed(`${d[0]}.${d.slice(1)}`)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (e === 2) return sign + d;
  const whole = e >= 0 ? `${d.slice(0, e + 1)}.${d.slice(e + 1)}` : `0.${"0".repeat(-e - 1)}${d}`;
  return sign + trimmed(whole);
}

// A CSS colour, "#rrggbb" or "rgb(r, g, b)", as its three 0..255 channels (ui.figures.cells.channels).
export const channels = c => (c.startsWith("#")
  ? [1, 3, 5].map(i => parseInt(c.slice(i, i + 2), 16))
  : c.slice(c.indexOf("(") + 1, c.indexOf(")")).split(",").map(Number));

export const css = rgb => `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`;

// Rounding half to even, as NumPy's rint.
function rint(x) {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// Linear interpolation between the stops, in NumPy's interp's arithmetic (ui.figures.cells._interpolated).
function between(stops, t) {
  const last = stops.length - 1;
  let k = 0;
  while (k < last && stops[k + 1][0] <= t) k++;
  const [p0, c0] = stops[k];
  if (k === last || p0 === t) return c0.slice();
  const [p1, c1] = stops[k + 1];
  return c0.map((a, i) => ((c1[i] - a) / (p1 - p0)) * (t - p0) + a);
}

const parsed = new WeakMap();  // a scale's stops as channels, read once per scale

// The colour of a value on a scale {stops: [[position, css]], zmin, zmax}, as 0..255 channels, as
// plotly.js draws it and Python computes it (ui.figures.cells.stop_colors); null for no value.
export function colour(scale, v) {
  if (v === null || v === undefined || Number.isNaN(v)) return null;
  const t = Math.min(1, Math.max(0, (v - scale.zmin) / ((scale.zmax - scale.zmin) || 1)));
  if (!parsed.has(scale)) parsed.set(scale, scale.stops.map(([p, c]) => [p, channels(c)]));
  return between(parsed.get(scale), t).map(rint);
}

// Near-black or white ink, whichever contrasts more with the background (WCAG ratio; ui.figures.cells.ink).
export function ink(rgb) {
  const [r, g, b] = rgb.map(v => v / 255).map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (lum + 0.05) / 0.0556 > 1.05 / (lum + 0.05) ? "#111" : "#fff";
}

// How a cell shows value ``v`` of a frame on the grid's ``scale``: [words, background, ink]; a cell
// with no value is see-through, in the page's own ink.
export function look(scale, v) {
  const rgb = colour(scale, v);
  return rgb ? [fmt(v), css(rgb), ink(rgb)] : ["", "transparent", "inherit"];
}

// What cell ``n`` of ``grid`` shows in a player's ``frame`` ({} for none): [words, background, ink].
// Not yet computed: blank; a frame's value: coloured on the grid's scale; else the grid's own.
export function cellLook(grid, frame, n) {
  if (frame.hidden && frame.hidden[n]) return ["", "transparent", "inherit"];
  if (frame.values) return look(grid.scale, frame.values[n]);
  return [grid.labels[n], ...grid.palette[grid.fills[n]]];
}

// Every outline a grid draws in a frame: the grid's own, then the frame's.
export const outlines = (grid, frame) => (grid.boxes || []).concat(frame.boxes || []);

// The cells a player's frame outlines one by one (solid, one cell): the current ones.
export function currentCells(boxes, w) {
  const cells = new Set();
  boxes.forEach(({rows: [r0, r1], cols: [c0, c1], style}) => {
    if (r1 - r0 === 1 && c1 - c0 === 1 && style === "solid") cells.add(r0 * w + c0);
  });
  return cells;
}

// The scatter-add computed from the trace up to ``end`` steps: partial sums and contributions.
export class Running {
  constructor(trace, size) {
    this.t = trace;
    this.size = size;
    this.reset();
  }

  reset() {
    this.end = 0;
    this.sum = new Float64Array(this.size);
    this.count = new Int32Array(this.size);
  }

  to(end) {
    if (end < this.end) this.reset();
    const {out, prod} = this.t;
    for (let s = this.end; s < end; s++) {
      this.sum[out[s]] += prod[s];
      this.count[out[s]] += 1;
    }
    this.end = end;
  }
}

// An outline (ui.figures.spec.Outline): around rows r0..r1-1 and columns c0..c1-1.
const outline = (r0, r1, c0, c1, color, style = "solid") => ({rows: [r0, r1], cols: [c0, c1], color, width: 3, style});

// An outline around one cell (flat index ``flat`` in a grid ``w`` cells wide).
function cellBox(flat, w, color, style = "solid") {
  const r = Math.floor(flat / w), c = flat % w;
  return outline(r, r + 1, c, c + 1, color, style);
}

// A step player's frames (ui/exports/frames.py in Python): what each panel shows in frame ``f``.
// Moving forward adds only the new steps to the running sums; moving back starts them again.
export class Replay {
  constructor(player) {
    this.player = player;
    const t = player.trace, summed = t && player.panels[t.output_panel];  // the output the trace's products land on
    this.running = t ? new Running(t, summed.h * summed.w) : null;
  }

  // Panel ``n`` in frame ``f`` (0-based): {values, hidden, marks, boxes}, each absent when the frame
  // changes nothing of it (values: to colour on the grid's scale; boxes: the frame's own outlines).
  panel(f, n) {
    const out = this.changed(f, n);
    if (this.player.trace) Object.assign(out, this.traced(f, n));
    return out;
  }

  // What the player's ``changes`` give panel ``n`` in frame ``f``.
  changed(f, n) {
    const d = this.player, out = {};
    const change = d.changes[n];  // one entry per panel, null when the frames leave it as built
    if (!change) return out;
    if (change.values) out.values = change.values[f];
    const size = d.panels[n].h * d.panels[n].w;
    if (change.reveal) {  // the first reveal[f] cells, in reading order; the others not yet computed
      const upto = change.reveal[f];
      out.hidden = Array.from({length: size}, (_, k) => k >= upto);
    }
    if (change.marks) {
      out.marks = new Array(size).fill(false);
      change.marks[f].forEach(k => { out.marks[k] = true; });
    }
    if (change.boxes) out.boxes = change.boxes[f];
    return out;
  }

  // Panel ``n`` of a scatter-add frame, from the trace: the cell and tap of the frame's last step,
  // and on the output the running sums, the dots and the outline of the stamp (or step).
  traced(f, n) {
    const d = this.player, t = d.trace, end = t.ends[f], s = end - 1;
    if (n === t.input_panel) return {boxes: [cellBox(t.inp[s], d.panels[n].w, ACCENT)]};
    if (n === t.kernel_panel) {
      const {h, w} = d.panels[n];
      return {boxes: [t.mode === "cell" ? outline(0, h, 0, w, ACCENT) : cellBox(t.ker[s], w, ACCENT)]};
    }
    if (n !== t.output_panel) return {};
    const outW = d.panels[n].w;
    this.running.to(end);
    const first = Math.floor(s / t.per) * t.per;  // the stamp of the frame's last step
    let r0 = Infinity, r1 = -1, c0 = Infinity, c1 = -1;
    for (let k = first; k < first + t.per; k++) {
      const r = Math.floor(t.out[k] / outW), c = t.out[k] % outW;
      r0 = Math.min(r0, r); r1 = Math.max(r1, r); c0 = Math.min(c0, c); c1 = Math.max(c1, c);
    }
    const boxes = t.mode === "cell"
      ? [outline(r0, r1 + 1, c0, c1 + 1, ACCENT)]
      : [outline(r0, r1 + 1, c0, c1 + 1, SECOND, "dashed"), cellBox(t.out[s], outW, ACCENT)];
    const marks = Array.from(this.running.count, c => c > 1);
    return {values: Array.from(this.running.sum), marks, boxes};
  }
}

// --- The figure's shape: static/figure_schema.json, checked in development and by the tests -------------

const TYPES = {
  null: v => v === null,
  boolean: v => typeof v === "boolean",
  integer: v => Number.isInteger(v),
  number: v => typeof v === "number" && Number.isFinite(v),
  string: v => typeof v === "string",
  array: v => Array.isArray(v),
  object: v => v !== null && typeof v === "object" && !Array.isArray(v),
};

// Where ``value`` breaks ``rule`` (a JSON Schema, of the few keywords static/figure_schema.json uses), as
// sentences naming the place ("figure.panels[0].boxes[1]: ..."); [] when it conforms. ``root`` resolves "$ref".
function problems(value, rule, root, at) {
  if (rule.$ref) return problems(value, root.$defs[rule.$ref.split("/").pop()], root, at);
  if (rule.anyOf) {  // the problems of the closest choice: of the value's type and kind, with the fewest
    const each = rule.anyOf.map(r => problems(value, r, root, at));
    if (each.some(p => p.length === 0)) return [];
    const other = p => p.some(s => s.startsWith(`${at}: not `) || s.startsWith(`${at}.kind: not `));
    const near = each.filter(p => !other(p));
    return (near.length ? near : each).reduce((a, b) => (b.length < a.length ? b : a));
  }
  const types = rule.type === undefined ? null : [].concat(rule.type);
  if (types && !types.some(t => TYPES[t](value))) return [`${at}: not ${types.join(" or ")}`];
  if ("const" in rule && value !== rule.const) return [`${at}: not ${JSON.stringify(rule.const)}`];  // a kind
  if (rule.enum && !rule.enum.includes(value)) return [`${at}: not one of ${rule.enum.join(", ")}`];
  if (rule.minimum !== undefined && typeof value === "number" && value < rule.minimum) return [`${at}: below ${rule.minimum}`];
  if (Array.isArray(value)) return arrayProblems(value, rule, root, at);
  if (TYPES.object(value)) return objectProblems(value, rule, root, at);
  return [];
}

function arrayProblems(value, rule, root, at) {
  const out = [];
  if (rule.minItems !== undefined && value.length < rule.minItems) out.push(`${at}: fewer than ${rule.minItems} items`);
  if (rule.maxItems !== undefined && value.length > rule.maxItems) out.push(`${at}: more than ${rule.maxItems} items`);
  const first = rule.prefixItems || [];
  value.forEach((item, n) => {
    const each = n < first.length ? first[n] : rule.items;
    if (each) out.push(...problems(item, each, root, `${at}[${n}]`));
  });
  return out;
}

function objectProblems(value, rule, root, at) {
  const out = [], known = rule.properties || {};
  (rule.required || []).filter(k => !(k in value)).forEach(k => out.push(`${at}: no ${k}`));
  for (const [k, v] of Object.entries(value)) {
    if (known[k]) out.push(...problems(v, known[k], root, `${at}.${k}`));
    else if (rule.additionalProperties === false) out.push(`${at}: an unknown field ${k}`);
  }
  return out;
}

// What the schema cannot say: every per-cell list has a grid's h × w entries, a player a caption per frame
// and an entry of ``changes`` per panel.
function sizes(figure) {
  const out = [];
  const grid = (g, at) => {
    const cells = g.h * g.w;
    for (const k of ["v", "labels", "fills", "tips", "shaded"]) {
      if (Array.isArray(g[k]) && g[k].length !== cells) out.push(`${at}.${k}: ${g[k].length} entries, not ${cells}`);
    }
  };
  const one = (f, at) => {
    if (f.kind === "grid") grid(f, at);
    if (f.kind === "player") {
      f.panels.forEach((g, n) => grid(g, `${at}.panels[${n}]`));
      if (f.captions.length !== f.frames) out.push(`${at}.captions: not one a frame (${f.frames})`);
      if (f.changes.length !== f.panels.length) out.push(`${at}.changes: not one entry a panel`);
    }
  };
  if (figure.kind === "row") {
    figure.items.forEach((f, n) => one(f, `figure.items[${n}]`));
    if (figure.widths.length !== figure.items.length) out.push("figure.widths: not one a figure");
    if (figure.slots !== null && figure.slots < figure.items.length) out.push("figure.slots: fewer than its figures");
    if (figure.notes && figure.notes.length !== figure.items.length) out.push("figure.notes: not one a figure");
  } else {
    one(figure, "figure");
  }
  return out;
}

// Why ``figure`` (a grid's, a player's or a row's JSON) does not match ``schema`` (static/figure_schema.json): a list
// of sentences, empty when it does. lab.js checks every figure with it in development; the tests always.
export function validate(figure, schema) {
  const found = problems(figure, schema, schema, "figure");
  return found.length ? found : sizes(figure);
}

// A figure's sentence in a row (ui/show.py's ``row``, its ``notes``), the few marks of the lesson's markdown it uses:
// paragraphs (a blank line), **bold**, *emphasis* and `code`; every other character is text as it is. Paragraphs of
// runs, each [kind, text] with kind "" (plain), "b", "i" or "code": lab.js writes each run as text, never as HTML.
const MARK = /`([^`]+)`|\*\*([^*`]+)\*\*|\*([^*`\s][^*`]*)\*/g;

export function inline(text) {
  return text.split(/\n\s*\n/).map(p => p.replace(/\s*\n\s*/g, " ").trim()).filter(Boolean).map(p => {
    const runs = [];
    let at = 0;
    for (const m of p.matchAll(MARK)) {
      if (m.index > at) runs.push(["", p.slice(at, m.index)]);
      runs.push(m[1] !== undefined ? ["code", m[1]] : m[2] !== undefined ? ["b", m[2]] : ["i", m[3]]);
      at = m.index + m[0].length;
    }
    if (at < p.length) runs.push(["", p.slice(at)]);
    return runs;
  });
}
