// The lesson's grids and step players, drawn in the browser and updated in place.
// Served from static/ and loaded once per page by the small loader ui/show.py registers.
//
// Python sends compact data (ui/figures/cells.py and the players): a grid's values, the words in its cells and
// their colours; a player's panels, its frames' captions and, for the scatter-add, the trace
// itself (which input cell, kernel tap and output cell each step touches, and its product): the
// browser computes each frame's partial sums, overlap marks and outlines from it (static/lab_core.js,
// which holds everything here that needs no DOM), so playing and scrubbing send nothing to the
// server. Every text goes in as textContent, never as HTML.

// The pure part (numbers, colours, a player's frames), at this module's own address and version
// (lab.js?v=...): a new renderer is a new address for both files (ui/show.py).
const version = new URL(import.meta.url).search;
const {cellLook, currentCells, inline, outlines, Replay, validate} =
  await import(new URL(`lab_core.js${version}`, import.meta.url).href);
const TOUCH = 24;  // the smallest target a finger picks, in CSS px
// A grid of this many cells or more that nobody picks in, plays or hatches is painted on one canvas: a phone lays
// out and paints one element instead of hundreds (the transposed page's C and Cᵀ). Its values stay readable:
// the canvas's data-values, and the screen readers' table.
const CANVAS_CELLS = 256;

// In development (``localStorage.labDebug = 1`` in the browser's console, then reload) every figure is
// checked against static/figure_schema.json before it is drawn, and what does not match is written to the
// console and to the figure's ``data-spec-problems``. A visitor's page never fetches the schema. (Not a flag
// in the address: the app rewrites its address from the settings before the renderer loads.)
function debugging() {
  try {
    return Boolean(localStorage.getItem("labDebug"));
  } catch {
    return false;  // storage refused (a sandbox, a privacy setting): no checks
  }
}
const schema = debugging()
  ? fetch(new URL(`figure_schema.json${version}`, import.meta.url)).then(r => r.json()).catch(() => null)
  : null;

async function check(data, parent) {
  const rules = schema && await schema;
  if (!rules) return;
  const problems = validate(data, rules);
  setAttr(parent, "data-spec-problems", problems.length ? problems.join("; ") : null);
  if (problems.length) console.error(`The figure ${data.key} does not match static/figure_schema.json:`, problems);
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// Write a style only when it changes, so an unchanged cell costs no style recalculation. The last value
// written is kept on the element: reading ``e.style`` back gives the browser's spelling ("rgb(68, 1, 84)"
// for "rgb(68,1,84)"), which never equals what was written, and would rewrite every cell every time.
function set(e, prop, value) {
  const written = e.__tclStyle || (e.__tclStyle = {});
  if (written[prop] !== value) {
    written[prop] = value;
    e.style[prop] = value;
  }
}

function setText(e, text) {
  if (e.textContent !== text) e.textContent = text;
}

function setAttr(e, name, value) {
  if (value === null || value === undefined) {
    if (e.hasAttribute(name)) e.removeAttribute(name);
  } else if (e.getAttribute(name) !== String(value)) e.setAttribute(name, value);
}

// One grid: a title, a legend, column and row numbers, cells, outlines, a caption.
class Grid {
  constructor(parent, onPick, flat = false) {
    this.root = el("div", "tcl-grid");
    this.onPick = onPick;
    this.flatOk = flat;  // a grid of its own (not a player's panel) may be painted on a canvas
    parent.appendChild(this.root);
  }

  build(d) {
    const root = this.root;
    root.replaceChildren();
    this.shape = `${d.h}x${d.w}`;
    this.head = el("div", "tcl-title");
    this.legend = el("div", "tcl-legend");
    this.body = el("div", "tcl-cells");
    this.caption = el("div", "tcl-caption");
    root.append(this.head, this.legend, this.body, this.caption);
    this.labels = [];
    for (let j = 0; j < d.w; j++) {
      const c = el("div", "tcl-col");
      c.style.gridArea = `1/${j + 2}`;
      this.labels.push(c);
      this.body.appendChild(c);
    }
    for (let i = 0; i < d.h; i++) {
      const r = el("div", "tcl-row");
      r.style.gridArea = `${i + 2}/1`;
      this.labels.push(r);
      this.body.appendChild(r);
    }
    this.cells = [];
    if (this.sized) this.sized.disconnect();
    this.canvas = this.sized = this.shown = null;
    if (this.flat) {
      this.canvas = el("canvas", "tcl-canvas");
      this.canvas.style.gridArea = `2/2/${d.h + 2}/${d.w + 2}`;
      this.body.appendChild(this.canvas);
    }
    for (let i = 0; i < d.h && !this.flat; i++) {
      for (let j = 0; j < d.w; j++) {
        const c = el("div", "tcl-cell");
        c.style.gridArea = `${i + 2}/${j + 2}`;
        c.dataset.r = i;
        c.dataset.c = j;
        this.cells.push(c);
        this.body.appendChild(c);
      }
    }
    this.boxes = [];
    this.readable(d);
    if (d.pick) this.pickable(d);
    else this.readout();
  }

  // A grid that is not for picking says a tapped cell's words (its tip: where it is, its value) in a line
  // under it: a finger has no hover, and small cells show no number. The table below is what a screen
  // reader reads, so the cells and this line are hidden from it.
  readout() {
    this.body.setAttribute("aria-hidden", "true");
    const line = this.line = el("div", "tcl-readout");
    line.setAttribute("aria-hidden", "true");
    line.hidden = true;
    this.root.appendChild(line);
    this.tappedAt = null;  // the cell tapped on a canvas, by its index
    this.body.addEventListener("click", e => {
      if (this.canvas && e.target === this.canvas && this.painted) {
        const {d} = this.painted, box = this.canvas.getBoundingClientRect();
        const j = Math.min(d.w - 1, Math.floor((e.clientX - box.left) / box.width * d.w));
        const i = Math.min(d.h - 1, Math.floor((e.clientY - box.top) / box.height * d.h));
        this.tappedAt = i * d.w + j;
        setText(line, this.canvasTip(this.tappedAt));
        line.hidden = false;
        return;
      }
      const c = e.target.closest(".tcl-cell");
      if (!c) return;
      this.cells.forEach(x => x.classList.toggle("tcl-tapped", x === c));
      setText(line, c.getAttribute("title") || "");
      line.hidden = false;
    });
  }

  // The words of cell ``n`` of a grid painted on a canvas, as its element's title would be.
  canvasTip(n) {
    const {d, looks} = this.painted;
    return d.tips ? d.tips[n] : `row ${d.rows[Math.floor(n / d.w)]}, column ${d.cols[n % d.w]}: ${looks[n][0]}`;
  }

  // The same grid as a table for screen readers (visually hidden): a caption with the title and size,
  // column and row numbers as headers, each cell's value (and what its mark or hatching says).
  readable(d) {
    // A table is never narrower than its cells, whatever its width says: the hidden box around it is what
    // keeps it from widening the page.
    const box = el("div", "tcl-sr"), table = el("table", "");
    box.appendChild(table);
    this.srCaption = el("caption", "");
    const head = el("tr", "");
    head.appendChild(el("td", ""));
    this.srCols = [];
    for (let j = 0; j < d.w; j++) {
      const th = el("th", "");
      th.scope = "col";
      this.srCols.push(th);
      head.appendChild(th);
    }
    const thead = el("thead", ""), tbody = el("tbody", "");
    thead.appendChild(head);
    this.srRows = [];
    this.srCells = [];
    for (let i = 0; i < d.h; i++) {
      const tr = el("tr", ""), th = el("th", "");
      th.scope = "row";
      this.srRows.push(th);
      tr.appendChild(th);
      for (let j = 0; j < d.w; j++) {
        const td = el("td", "");
        this.srCells.push(td);
        tr.appendChild(td);
      }
      tbody.appendChild(tr);
    }
    table.append(this.srCaption, thead, tbody);
    this.root.appendChild(box);
  }

  pickable(d) {
    const body = this.body;
    body.tabIndex = 0;
    body.classList.add("tcl-pick");
    body.setAttribute("role", "application");
    body.setAttribute("aria-label", `${d.title}: the arrow keys move among the cells, Enter picks one`);
    body.querySelectorAll(".tcl-cell, .tcl-col, .tcl-row").forEach(c => c.setAttribute("aria-hidden", "true"));
    this.status = el("div", "tcl-sr");  // says where the cursor is, as it moves
    this.status.setAttribute("aria-live", "polite");
    this.root.appendChild(this.status);
    this.cursor = [0, 0];
    body.addEventListener("click", e => {
      const c = e.target.closest(".tcl-cell");
      if (c) this.pick(Number(c.dataset.r), Number(c.dataset.c));
    });
    body.addEventListener("keydown", e => {
      const [h, w] = this.shape.split("x").map(Number);
      const moves = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
      if (moves[e.key]) {
        const [dr, dc] = moves[e.key];
        this.cursor = [Math.min(h - 1, Math.max(0, this.cursor[0] + dr)), Math.min(w - 1, Math.max(0, this.cursor[1] + dc))];
        this.showCursor();
        e.preventDefault();
      } else if (e.key === "Enter" || e.key === " ") {
        this.pick(...this.cursor);
        e.preventDefault();
      }
    });
  }

  showCursor() {
    const w = Number(this.shape.split("x")[1]);
    const at = this.cursor[0] * w + this.cursor[1];
    this.cells.forEach((c, n) => c.classList.toggle("tcl-cursor", n === at));
    if (this.status && document.activeElement === this.body) {
      setText(this.status, `Row ${this.cursor[0] + this.rowOffset}, column ${this.cursor[1] + this.colOffset}: ` +
        (this.pending ? this.pending.cells[at] : this.srCells[at].textContent));
    }
  }

  pick(r, c) {
    this.cursor = [r, c];
    this.onPick && this.onPick({row: r + this.rowOffset, col: c + this.colOffset});
  }

  // Draw ``d`` (a grid spec from ui/figures/cells.py); ``values``/``labels``/``colours`` override the
  // spec's for a player's frames.
  update(d, frame = {}) {
    const flat = this.flatOk && !d.pick && d.h * d.w >= CANVAS_CELLS && !(d.shaded || []).some(Boolean);
    if (this.shape !== `${d.h}x${d.w}` || this.picks !== !!d.pick || this.flat !== flat) {
      this.flat = flat;
      this.build(d);
      this.picks = !!d.pick;
    }
    const root = this.root;
    this.rowOffset = d.rows[0];
    this.colOffset = d.cols[0];
    setAttr(root, "data-grid", d.key);
    setAttr(root, "data-title", d.title);
    setAttr(root, "data-shape", `${d.h}x${d.w}`);
    setAttr(root, "role", "figure");
    setAttr(root, "aria-label", `${d.title}, ${d.h} ${d.h === 1 ? "row" : "rows"} by ${d.w} ${d.w === 1 ? "column" : "columns"}`);
    const read = {caption: `${d.title} (${d.h}x${d.w})${d.caption ? `. ${d.caption}` : ""}`,
                  cols: d.cols.map(c => `column ${c}`), rows: d.rows.map(r => `row ${r}`), cells: []};
    setText(this.head, `${d.title} (${d.h}x${d.w})`);
    // A cell a finger picks stays at least TOUCH px (WCAG 2.2, 2.5.8); a pickable grid wider than the page
    // then scrolls in its own frame (lab.css), where other grids shrink their cells to the width there is.
    const least = d.pick ? Math.min(TOUCH, d.px) : 0;
    set(this.body, "gridTemplateColumns", `2em repeat(${d.w}, minmax(${least}px, ${d.px}px))`);
    set(this.body, "fontSize", `${d.font}px`);
    this.drawLegend(d.legend);
    setText(this.caption, d.caption || "");
    set(this.caption, "display", d.caption ? "" : "none");
    const [everyR, everyC] = d.every;
    for (let j = 0; j < d.w; j++) {
      setText(this.labels[j], j % everyC === 0 ? String(d.cols[j]) : "");
    }
    for (let i = 0; i < d.h; i++) {
      setText(this.labels[d.w + i], i % everyR === 0 ? String(d.rows[i]) : "");
    }
    const words = d.words || {}, current = currentCells(frame.boxes || [], d.w);
    const values = frame.values || d.v;
    const shown = d.show;
    const looks = this.flat ? [] : null;
    for (let n = 0; n < d.h * d.w; n++) {
      const c = this.cells[n], v = values[n];
      const [label, bg, fg] = cellLook(d, frame, n);
      if (looks) {
        looks.push([label, bg, fg]);
        read.cells.push(d.tips ? d.tips[n].replace(/^row -?\d+, column -?\d+: /, "") : label);
        continue;
      }
      set(c, "background", bg);
      set(c, "color", fg);
      setText(c, shown ? label : "");
      setAttr(c, "data-v", v === null || (frame.hidden && frame.hidden[n]) ? "NaN" : String(v));
      const tip = d.tips ? d.tips[n] : `row ${d.rows[Math.floor(n / d.w)]}, column ${d.cols[n % d.w]}: ${label}`;
      setAttr(c, "title", tip);
      const shaded = !!(d.shaded && d.shaded[n]), marked = !!(frame.marks && frame.marks[n]);
      c.classList.toggle("tcl-shaded", shaded);
      c.classList.toggle("tcl-mark", marked);
      const tipped = d.tips && !frame.values ? tip.replace(/^row -?\d+, column -?\d+: /, "") : label;
      let said = frame.hidden && frame.hidden[n] ? "not computed yet" : tipped;
      if (current.has(n)) said += ", current";
      if (shaded && !said.endsWith(words.shaded)) said += `, ${words.shaded || "hatched"}`;
      if (marked) said += `, ${words.mark || "marked"}`;
      read.cells.push(said);
    }
    if (looks) this.paint(d, looks, values);
    this.readLater(read);
    this.drawBoxes(outlines(d, frame));
    if (this.picks) this.showCursor();
    const tapped = this.line && this.body.querySelector(".tcl-tapped");
    if (tapped) setText(this.line, tapped.getAttribute("title") || "");  // the tapped cell's words, now
    if (this.line && looks && this.tappedAt !== null) setText(this.line, this.canvasTip(this.tappedAt));
  }

  // The cells on the canvas, as the cells' elements would look: squares with a 1 px gap, each value's colour and,
  // when the grid shows its numbers, the number in its ink. The canvas is as wide as its columns (at most d.px a
  // cell); it is painted at the size it is shown, which a ResizeObserver reports after layout (no forced layout).
  paint(d, looks, values) {
    const c = this.canvas, width = d.w * (d.px + 1) - 1, height = d.h * (d.px + 1) - 1;
    setAttr(c, "data-values", JSON.stringify(values));  // what a test reads: the values, a blank cell null
    set(c, "maxWidth", `${width}px`);
    set(c, "aspectRatio", `${width} / ${height}`);
    this.painted = {d, looks, shown: this.shown || width};
    if (!this.sized) {
      this.sized = new ResizeObserver(([entry]) => {
        const shown = entry.contentRect.width;
        if (shown > 0 && this.painted && Math.abs(shown - this.painted.shown) > 0.25) {
          this.shown = this.painted.shown = shown;
          this.repaint();
        }
      });
      this.sized.observe(c);
    }
    this.repaint();
  }

  repaint() {
    const {d, looks, shown} = this.painted, c = this.canvas, ratio = window.devicePixelRatio || 1;
    const shownHeight = shown * (d.h * (d.px + 1) - 1) / (d.w * (d.px + 1) - 1);
    const across = (shown + 1) / d.w, down = (shownHeight + 1) / d.h;  // a cell and its gap, in CSS px
    const edge = v => Math.round(v * ratio);  // device pixels: the gaps stay sharp
    const g = c.getContext("2d"), style = getComputedStyle(this.root);
    // A canvas's size written again, even the same, clears it and counts as a change to the page: only when it moved.
    if (c.width !== edge(shown) || c.height !== edge(shownHeight)) {
      c.width = edge(shown);
      c.height = edge(shownHeight);
    } else {
      g.clearRect(0, 0, c.width, c.height);
    }
    g.font = `${Math.round(d.font * ratio)}px ${style.fontFamily}`;
    g.textAlign = "center";
    g.textBaseline = "middle";
    looks.forEach(([label, bg, fg], n) => {
      const j = n % d.w, i = Math.floor(n / d.w);
      const x = edge(j * across), y = edge(i * down), w = edge((j + 1) * across - 1) - x, h = edge((i + 1) * down - 1) - y;
      if (bg !== "transparent") {
        g.fillStyle = bg;
        g.fillRect(x, y, w, h);
      }
      if (d.show && label) {
        g.fillStyle = fg === "inherit" ? style.color : fg;
        g.fillText(label, x + w / 2, y + h / 2 + 0.5, w);
      }
    });
  }

  // The table a screen reader reads is written when the browser is idle, after the grid is painted:
  // a touch's paint never waits for it, and a player's frames replace each other's pending writes.
  readLater(read) {
    this.pending = read;
    if (this.idle) return;
    const write = () => {
      this.idle = null;
      const r = this.pending;
      setText(this.srCaption, r.caption);
      r.cols.forEach((t, j) => setText(this.srCols[j], t));
      r.rows.forEach((t, i) => setText(this.srRows[i], t));
      r.cells.forEach((t, n) => setText(this.srCells[n], t));
    };
    this.idle = window.requestIdleCallback ? requestIdleCallback(write, {timeout: 400}) : setTimeout(write, 50);
  }

  drawLegend(legend) {
    set(this.legend, "display", legend ? "" : "none");
    if (!legend) return;
    const key = JSON.stringify(legend);
    if (this.legendKey === key) return;
    this.legendKey = key;
    const bar = el("span", "tcl-bar");
    bar.style.background = `linear-gradient(to right,${legend.stops})`;
    this.legend.replaceChildren(el("span", "", legend.lo), bar, el("span", "", `${legend.hi} ${legend.word}`));
  }

  drawBoxes(boxes) {
    while (this.boxes.length > boxes.length) this.boxes.pop().remove();
    while (this.boxes.length < boxes.length) {
      const b = el("div", "tcl-box");
      this.body.appendChild(b);
      this.boxes.push(b);
    }
    boxes.forEach(({rows: [r0, r1], cols: [c0, c1], color, width, style}, n) => {
      const b = this.boxes[n];
      setAttr(b, "data-box", `${r0},${r1},${c0},${c1},${color}`);
      set(b, "gridArea", `${r0 + 2}/${c0 + 2}/${r1 + 2}/${c1 + 2}`);
      set(b, "border", `${width}px ${style} ${color}`);
      b.classList.toggle("tcl-box-solid", style === "solid");
    });
  }
}

// A step player: panels side by side, the frame's arithmetic above, buttons, a scrubber and a
// frame box below. Space plays or pauses, the arrow keys step, Home and End jump, while it has focus.
class Player {
  constructor(parent) {
    this.root = el("div", "tcl-player");
    this.root.tabIndex = 0;
    this.root.setAttribute("role", "group");
    this.says = el("div", "tcl-says");
    this.says.setAttribute("aria-live", "polite");
    this.row = el("div", "tcl-panels");
    const bar = el("div", "tcl-controls");
    this.back = el("button", "tcl-btn", "◀ Step back");
    this.play = el("button", "tcl-btn tcl-play", "▶ Play");
    this.next = el("button", "tcl-btn", "Step ▶");
    this.scrub = el("input", "tcl-scrub");
    this.scrub.type = "range";
    this.scrub.min = 1;
    this.scrub.setAttribute("aria-label", "Frame");
    this.boxLabel = el("label", "tcl-frame");
    this.word = el("span", "");
    this.box = el("input", "tcl-frame-box");
    this.box.type = "number";
    this.box.min = 1;
    this.total = el("span", "");
    this.boxLabel.append(this.word, this.box, this.total);
    bar.append(this.back, this.play, this.next, this.scrub, this.boxLabel);
    this.root.append(this.says, this.row, bar);
    parent.appendChild(this.root);
    this.panels = [];
    this.frame = 0;
    this.timer = null;
    this.back.addEventListener("click", () => this.go(this.frame - 1, true));
    this.next.addEventListener("click", () => this.go(this.frame + 1, true));
    this.play.addEventListener("click", () => this.toggle());
    this.scrub.addEventListener("input", () => this.go(Number(this.scrub.value) - 1, true));
    this.box.addEventListener("change", () => this.go(Number(this.box.value) - 1, true));
    this.root.addEventListener("keydown", e => {
      if (e.target === this.box || e.target === this.scrub) return;  // they take their own keys
      const to = {ArrowLeft: this.frame - 1, ArrowRight: this.frame + 1, Home: 0, End: this.n - 1}[e.key];
      if (e.key === " " && e.target.tagName !== "BUTTON") {
        this.toggle();
        e.preventDefault();
      } else if (to !== undefined) {
        this.go(to, true);
        e.preventDefault();
      }
    });
  }

  update(d) {
    const same = this.data && this.data.key === d.key && this.data.frames === d.frames;
    this.data = d;
    this.n = d.frames;
    setAttr(this.root, "data-player", d.key);
    setAttr(this.root, "data-frames", d.frames);
    setAttr(this.root, "aria-label", d.label);
    while (this.panels.length > d.panels.length) this.panels.pop().root.remove();
    while (this.panels.length < d.panels.length) {
      const wrap = el("div", "tcl-panel");
      this.row.appendChild(wrap);
      this.panels.push(new Grid(wrap));
    }
    this.replay = new Replay(d);
    this.scrub.max = d.frames;
    this.box.max = d.frames;
    this.scrub.setAttribute("aria-label", d.word.replace(/:$/, ""));
    setText(this.word, `${d.word} `);
    setText(this.total, ` of ${d.frames}`);
    if (!same) this.stop();
    this.go(same ? Math.min(this.frame, d.frames - 1) : d.start, false);
  }

  toggle() {
    if (this.timer) return this.stop();
    if (this.frame >= this.n - 1) this.go(0, false);  // at the end, Play starts again from the first frame
    this.timer = setInterval(() => {
      if (this.frame >= this.n - 1) return this.stop();
      this.go(this.frame + 1, false);
    }, this.data.speed);
    setText(this.play, "❚❚ Pause");
    this.says.setAttribute("aria-live", "off");  // while it plays, frames are not read out one by one
    this.root.classList.add("tcl-playing");
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    setText(this.play, "▶ Play");
    this.says.setAttribute("aria-live", "polite");
    this.root.classList.remove("tcl-playing");
  }

  go(f, byHand) {
    if (byHand) this.stop();
    const d = this.data;
    this.frame = Math.max(0, Math.min(d.frames - 1, Number.isFinite(f) ? f : 0));
    setAttr(this.root, "data-frame", this.frame + 1);
    this.scrub.value = this.frame + 1;
    this.scrub.setAttribute("aria-valuetext", `${d.word.replace(/:$/, "")} ${this.frame + 1} of ${d.frames}`);
    if (document.activeElement !== this.box || !byHand) this.box.value = this.frame + 1;
    setText(this.says, d.captions[this.frame]);
    this.back.disabled = this.frame === 0;
    this.next.disabled = this.frame === d.frames - 1;
    d.panels.forEach((p, n) => this.panels[n].update(p, this.replay.panel(this.frame, n)));
  }
}

// Figures side by side in one mount (ui/show.py's ``row``): one element where a row of columns, each holding a
// figure, was a block and a mount a column. Each keeps its own view, updated in place; the widths are shares.
const RUN = {b: "strong", i: "em", code: "code"};  // a run's element (lab_core.js's ``inline``)

class Row {
  constructor(parent) {
    this.root = el("div", "tcl-figrow");
    this.items = [];
    parent.appendChild(this.root);
  }

  update(d) {
    setAttr(this.root, "data-row", d.key);
    while (this.items.length > d.items.length) this.drop(this.items.pop());
    d.items.forEach((figure, n) => {
      let item = this.items[n];
      if (!item || item.kind !== figure.kind) {
        const wrap = el("div", "tcl-figrow-item");
        if (item) {
          this.drop(item);
          this.root.insertBefore(wrap, this.items[n + 1] ? this.items[n + 1].wrap : null);
        } else {
          this.root.appendChild(wrap);
        }
        const view = figure.kind === "player" ? new Player(wrap) : new Grid(wrap, () => {}, true);
        item = this.items[n] = {wrap, view, kind: figure.kind, note: null, noteText: ""};
      }
      // Shares of the width; or, with ``slots``, one slot each of that many (a short last row keeps its columns' width).
      item.wrap.style.flex = d.slots ? `0 0 calc((100% - ${d.slots - 1}rem) / ${d.slots})` : `${d.widths[n]} 1 0`;
      item.view.update(figure);
      this.note(item, (d.notes || [])[n] || "");
    });
  }

  // The figure's sentence under it (lab_core.js's ``inline``: paragraphs of runs, each written as text), written
  // again only when it changed.
  note(item, text) {
    if (item.noteText === text) return;
    item.noteText = text;
    if (item.note) item.note.remove();
    item.note = null;
    if (!text) return;
    item.note = el("div", "tcl-note");
    for (const runs of inline(text)) {
      const p = el("p");
      for (const [kind, said] of runs) p.appendChild(kind ? el(RUN[kind], null, said) : document.createTextNode(said));
      item.note.appendChild(p);
    }
    item.wrap.appendChild(item.note);
  }

  drop(item) {
    if (item.view.stop) item.view.stop();
    item.wrap.remove();
  }

  stop() {
    this.items.forEach(item => item.view.stop && item.view.stop());
  }
}

let styles = null;  // the stylesheet, linked once per page

function linkStyles(href) {
  if (!styles) {
    styles = new Promise(resolve => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.id = "tcl-lab-css";
      link.addEventListener("load", resolve);
      link.addEventListener("error", resolve);  // unstyled beats undrawn
      document.head.appendChild(link);
    });
  }
  return styles;
}

// A narrow screen, where Streamlit draws its sidebar over the page (under 768 px, its "md" breakpoint): the first
// figure drawn there says so to the server, once, and the server then opens every page with the settings bar
// (ui/state/bar.py; a phone's user agent may have told it already, and the bar is on the page). A wide screen
// says nothing.
const NARROW = "(max-width: 767.98px)";
let narrowSaid = false;

function sayNarrow(trigger) {
  if (narrowSaid || !window.matchMedia(NARROW).matches) return;
  narrowSaid = true;
  if (!document.querySelector(".st-key-settings_bar")) trigger("narrow", true);
}

// Draw one grid, player or row of them (``component`` is what Streamlit gives a v2 component); called again with
// new data, it updates what it drew. ``css`` is the stylesheet's address (ui/show.py's loader).
export async function draw(component, css) {
  const {data, parentElement, setTriggerValue} = component;
  await Promise.all([linkStyles(css), check(data, parentElement)]);
  let view = parentElement.__tclView;
  if (!view || view.kind !== data.kind) {
    if (view) view.root.remove();
    view = data.kind === "player" ? new Player(parentElement)
      : data.kind === "row" ? new Row(parentElement)
      : new Grid(parentElement, cell => view.trigger("cell", cell), true);
    view.kind = data.kind;
    parentElement.__tclView = view;
  }
  view.trigger = setTriggerValue;
  view.update(data);
  sayNarrow(setTriggerValue);
  return () => view.stop && view.stop();
}
