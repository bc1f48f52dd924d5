// pix2pix dashboard: runs table, run page, compare, try it. Plain JS, no libraries; live updates by Server-Sent Events.
"use strict";

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#65a30d"];
// The CMP facades labels as the facades dataset colours them (jet colormap, 12 classes).
const FACADES = [["background", "#0000de"], ["facade", "#0030ff"], ["window", "#0080ff"], ["door", "#01cfff"], ["cornice", "#20ffe0"],
  ["sill", "#70fe8e"], ["balcony", "#c0ff3f"], ["blind", "#fff001"], ["deco", "#ff9f00"], ["molding", "#ff5000"], ["pillar", "#fe0000"], ["shop", "#ae0001"]];

const state = { runs: [], run: null, runName: null, settings: loadSettings(), source: null };
const view = () => document.getElementById("view");

function loadSettings() {
  try { return Object.assign({ smoothing: 0.6, shared: true, log: false, x: "epoch", align: "iteration" }, JSON.parse(localStorage.getItem("pix2pix.settings") || "{}")); }
  catch { return { smoothing: 0.6, shared: true, log: false, x: "epoch", align: "iteration" }; }
}
function saveSettings() { localStorage.setItem("pix2pix.settings", JSON.stringify(state.settings)); }

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "cls") el.className = v;
    else if (k === "css") for (const [p, val] of Object.entries(v)) el.style.setProperty(p, val);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

async function api(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error((await r.text()) || r.statusText);
  return r.json();
}

// ---------- formatting ----------
function fmt(v, digits = 3) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (typeof v !== "number") return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  return Number(v.toFixed(digits)).toString();
}
function duration(s) {
  if (s === null || s === undefined) return "–";
  s = Math.round(s);
  const d = Math.floor(s / 86400), hh = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
  return d ? `${d}d ${hh}h` : hh ? `${hh}h ${m}m` : m ? `${m}m ${sec}s` : `${sec}s`;
}
function bytes(b) { return b ? (b / 1048576).toFixed(0) + " MB" : "–"; }
function badge(status) { return h("span", { cls: "badge " + status, "data-status": status }, status); }

// ---------- smoothing (TensorBoard's debiased exponential moving average) ----------
function smooth(ys, weight) {
  if (!(weight > 0)) return ys.slice();
  let last = 0, n = 0;
  return ys.map(y => {
    if (y === null || !Number.isFinite(y)) return y;
    last = last * weight + (1 - weight) * y;
    n++;
    return last / (weight === 1 ? 1 : 1 - Math.pow(weight, n));
  });
}

// ---------- charts ----------
function niceTicks(lo, hi, count) {
  if (!(hi > lo)) { hi = lo + 1; }
  const span = hi - lo, step0 = span / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 2.5, 5, 10].map(m => m * mag).find(s => s >= step0) || 10 * mag;
  const ticks = [], first = Math.ceil(lo / step);
  for (let k = 0; k < 50; k++) {
    const t = (first + k) * step;
    if (t > hi + step * 1e-9) break;
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}
function logTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) if (e >= lo - 1e-9 && e <= hi + 1e-9) ticks.push(e);
  return ticks.length >= 2 ? ticks : niceTicks(lo, hi, 4);
}

// A line chart on a canvas: axes, ticks, grid, optional log scale, drag to zoom (x), double-click to reset, hover read-out.
// series: [{name, color, xs:[], ys:[], raw:[] (faint, unsmoothed)}]; opts: {log, xLabel, yLabel, markers:[x], zoom:{key}}
class Chart {
  constructor(title, opts) {
    this.opts = opts || {};
    this.canvas = h("canvas", { "data-chart": title });
    this.tip = h("div", { cls: "tip" });
    this.legend = h("div", { cls: "legend" });
    this.el = h("div", { cls: "chart card" }, h("div", { cls: "title" }, title), this.canvas, this.tip, this.legend);
    this.series = [];
    this.zoom = null;
    let dragFrom = null;
    this.canvas.addEventListener("mousedown", e => { dragFrom = this.eventX(e); });
    this.canvas.addEventListener("mouseup", e => {
      const to = this.eventX(e);
      if (dragFrom !== null && Math.abs(to - dragFrom) > 4) {
        const a = this.invX(Math.min(dragFrom, to)), b = this.invX(Math.max(dragFrom, to));
        this.zoom = [a, b];
        this.draw();
      }
      dragFrom = null;
    });
    this.canvas.addEventListener("dblclick", () => { this.zoom = null; this.draw(); });
    this.canvas.addEventListener("mousemove", e => this.hover(e));
    this.canvas.addEventListener("mouseleave", () => { this.tip.style.display = "none"; });
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }
  eventX(e) { const r = this.canvas.getBoundingClientRect(); return e.clientX - r.left; }
  set(series) {
    this.series = series;
    this.legend.replaceChildren(...series.map(s => h("span", { css: { "--c": s.color } }, s.name)));
    this.canvas.dataset.points = String(series.reduce((n, s) => n + s.xs.length, 0));
    this.canvas.dataset.series = String(series.filter(s => s.xs.length > 0).length);
    this.draw();
  }
  draw() {
    const c = this.canvas, dpr = window.devicePixelRatio || 1;
    const W = c.clientWidth || 400, H = c.clientHeight || 260;
    if (c.width !== Math.round(W * dpr) || c.height !== Math.round(H * dpr)) { c.width = Math.round(W * dpr); c.height = Math.round(H * dpr); }
    const g = c.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, W, H);
    const log = !!this.opts.log;
    const ty = y => (log ? (y > 0 ? Math.log10(y) : NaN) : y);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const s of this.series) for (let i = 0; i < s.xs.length; i++) {
      const x = s.xs[i];
      if (this.zoom && (x < this.zoom[0] || x > this.zoom[1])) continue;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x);
      for (const arr of [s.ys, s.raw || []]) { const y = ty(arr[i]); if (Number.isFinite(y)) { y0 = Math.min(y0, y); y1 = Math.max(y1, y); } }
    }
    const L = 56, R = 12, T = 8, B = 30;
    this.frame = { L, R, T, B, W, H };
    g.font = "11px system-ui, sans-serif";
    g.strokeStyle = "#d9dee3"; g.fillStyle = "#66707a";
    if (!Number.isFinite(x0)) { g.fillText("no data yet", L + 10, T + 20); this.scale = null; return; }
    if (this.zoom) { x0 = this.zoom[0]; x1 = this.zoom[1]; }
    if (x1 - x0 <= 1e-9 * Math.max(1, Math.abs(x0))) { x1 = x0 + 1; }
    if (y1 - y0 <= 1e-9 * Math.max(1, Math.abs(y0))) { const m = (y0 + y1) / 2, d = log ? 0.5 : Math.max(0.5, Math.abs(m) * 0.1); y0 = m - d; y1 = m + d; }
    const pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
    const sx = x => L + (x - x0) / (x1 - x0) * (W - L - R), sy = y => H - B - (y - y0) / (y1 - y0) * (H - T - B);
    this.scale = { x0, x1, sx, sy, ty };
    // grid, ticks, labels
    g.lineWidth = 1; g.textAlign = "right"; g.textBaseline = "middle";
    for (const t of log ? logTicks(y0, y1) : niceTicks(y0, y1, 5)) {
      const y = Math.round(sy(t)) + 0.5;
      g.beginPath(); g.moveTo(L, y); g.lineTo(W - R, y); g.stroke();
      g.fillText(log ? fmt(Math.pow(10, t)) : fmt(t), L - 4, y);
    }
    g.textAlign = "center"; g.textBaseline = "top";
    for (const t of niceTicks(x0, x1, Math.max(2, Math.floor((W - L) / 90)))) {
      const x = Math.round(sx(t)) + 0.5;
      g.beginPath(); g.moveTo(x, T); g.lineTo(x, H - B); g.stroke();
      g.fillText(this.opts.xFormat ? this.opts.xFormat(t) : fmt(t), x, H - B + 4);
    }
    g.strokeStyle = "#8a949e";
    g.beginPath(); g.moveTo(L + 0.5, T); g.lineTo(L + 0.5, H - B + 0.5); g.lineTo(W - R, H - B + 0.5); g.stroke();
    if (this.opts.xLabel) { g.textAlign = "right"; g.fillText(this.opts.xLabel, W - R, H - 13); }
    // session markers (each --continue_train)
    g.setLineDash([4, 4]); g.strokeStyle = "#9ca3af";
    for (const m of this.opts.markers || []) if (m > x0 && m < x1) { const x = sx(m); g.beginPath(); g.moveTo(x, T); g.lineTo(x, H - B); g.stroke(); }
    g.setLineDash([]);
    g.save(); g.beginPath(); g.rect(L, T, W - L - R, H - T - B); g.clip();
    for (const s of this.series) {
      if (s.raw) this.line(g, s.xs, s.raw.map(ty), s.color, 0.25);
      this.line(g, s.xs, s.ys.map(ty), s.color, 1);
    }
    g.restore();
  }
  line(g, xs, ys, color, alpha) {
    const { sx, sy } = this.scale;
    g.globalAlpha = alpha; g.strokeStyle = color; g.lineWidth = 1.6; g.beginPath();
    let open = false;
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isFinite(ys[i])) { open = false; continue; }
      const x = sx(xs[i]), y = sy(ys[i]);
      if (open) g.lineTo(x, y); else g.moveTo(x, y);
      open = true;
    }
    g.stroke(); g.globalAlpha = 1;
    if (xs.length === 1 && Number.isFinite(ys[0])) { g.fillStyle = color; g.fillRect(sx(xs[0]) - 2, sy(ys[0]) - 2, 4, 4); }
  }
  invX(px) { const f = this.frame, s = this.scale; return s ? s.x0 + (px - f.L) / (f.W - f.L - f.R) * (s.x1 - s.x0) : 0; }
  hover(e) {
    if (!this.scale) return;
    const x = this.invX(this.eventX(e));
    const lines = [(this.opts.xLabel || "x") + " " + (this.opts.xFormat ? this.opts.xFormat(x) : fmt(x))];
    for (const s of this.series) {
      let best = -1, dist = Infinity;
      for (let i = 0; i < s.xs.length; i++) { const d = Math.abs(s.xs[i] - x); if (d < dist) { dist = d; best = i; } }
      if (best >= 0) lines.push(`${s.name}: ${fmt(s.ys[best], 4)}`);
    }
    this.tip.textContent = lines.join("\n");
    this.tip.style.display = "block";
    this.tip.style.left = Math.min(this.eventX(e) + 16, this.el.clientWidth - 160) + "px";
    this.tip.style.top = "30px";
  }
}

// ---------- live updates ----------
function connect() {
  if (state.source) state.source.close();
  const live = document.getElementById("live");
  const es = new EventSource("/api/events");
  state.source = es;
  es.onopen = () => { live.textContent = "live"; live.className = "live on"; };
  es.onerror = () => { live.textContent = "reconnecting"; live.className = "live off"; };
  es.addEventListener("runs", e => {
    state.runs = JSON.parse(e.data).runs;
    if (route().page === "runs") renderRuns();
  });
  es.addEventListener("run", e => {
    const name = JSON.parse(e.data).name;
    const r = route();
    if (r.page === "run" && r.name === name) refreshRun(name);
    if (r.page === "compare" && (r.runs || []).includes(name)) renderCompare();
  });
}

function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "run" && parts[1]) return { page: "run", name: parts[1] };
  if (parts[0] === "compare") return { page: "compare", runs: (params.get("runs") || "").split(",").filter(Boolean) };
  if (parts[0] === "try") return { page: "try", run: params.get("run") };
  return { page: "runs" };
}

async function render() {
  const r = route();
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === (r.page === "run" ? "runs" : r.page));
  try {
    if (!state.runs.length) state.runs = (await api("/api/runs")).runs;
    if (r.page === "runs") renderRuns();
    else if (r.page === "run") await renderRun(r.name);
    else if (r.page === "compare") await renderCompare();
    else if (r.page === "try") renderTry(r.run);
  } catch (err) {
    view().replaceChildren(h("p", { cls: "error" }, String(err.message || err)));
  }
}

// ---------- runs table ----------
function lossText(losses) {
  return losses ? Object.entries(losses).map(([k, v]) => `${k} ${fmt(v)}`).join("  ") : "–";
}
function renderRuns() {
  const rows = state.runs.map(r => h("tr", { "data-run": r.name },
    h("td", {}, h("input", { type: "checkbox", cls: "pick", value: r.name, title: "compare", checked: (state.picked || []).includes(r.name),
      onchange: () => { state.picked = [...document.querySelectorAll("#runs input.pick:checked")].map(i => i.value); } })),
    h("td", {}, h("a", { href: "#/run/" + encodeURIComponent(r.name) }, r.name)),
    h("td", {}, r.model || "–"),
    h("td", {}, badge(r.status)),
    h("td", { cls: "num", "data-field": "epoch" }, r.epoch !== undefined ? `${r.epoch}${r.last_epoch ? " / " + r.last_epoch : ""}` : "–"),
    h("td", { cls: "num" }, r.batch !== undefined ? `${r.batch} / ${r.batches}` : "–"),
    h("td", { cls: "num" }, r.status === "running" ? duration(r.eta_sec) : "–"),
    h("td", { cls: "num" }, r.steps_per_sec !== undefined ? fmt(r.steps_per_sec, 2) : "–"),
    h("td", { cls: "num" }, lossText(r.losses)),
    h("td", {}, h("a", { href: "#/try?run=" + encodeURIComponent(r.name) }, "try"))));
  view().replaceChildren(
    h("h1", {}, "Runs"),
    state.runs.length === 0 ? h("p", { cls: "muted" }, "No runs yet: train one (pix2pix train --name …) and it appears here.") :
      h("div", { cls: "card" }, h("table", { id: "runs" },
        h("thead", {}, h("tr", {}, ["", "run", "model", "status", "epoch", "batch", "ETA", "steps/s", "last losses", ""].map(t => h("th", {}, t)))),
        h("tbody", {}, rows)),
        h("p", {}, h("button", { type: "button", id: "compare-picked", onclick: () => {
          location.hash = "#/compare?runs=" + (state.picked || []).map(encodeURIComponent).join(",");
        } }, "compare the ticked runs"))));
}

// ---------- a run ----------
async function refreshRun(name) {
  if (state.refreshing) { state.refreshAgain = true; return; }
  state.refreshing = true;
  try {
    state.run = await api("/api/runs/" + encodeURIComponent(name));
    state.runName = name;
    updateRun();
  } finally {
    state.refreshing = false;
    if (state.refreshAgain) { state.refreshAgain = false; refreshRun(name); }
  }
}

function lossSeries(run, xMode) {
  const L = run.losses, names = L.names, pts = L.points;
  const size = L.dataset_size || 1;
  // point: [epoch, iters, total images, session, ...values]
  const xs = pts.map(p => xMode === "images" ? p[2] : p[0] - 1 + p[1] / size);
  return names.map((n, i) => ({ name: n, xs, values: pts.map(p => p[4 + i]) }));
}

async function renderRun(name) {
  state.runName = name;
  state.run = await api("/api/runs/" + encodeURIComponent(name));
  const s = state.settings;
  const controls = h("div", { cls: "controls" },
    h("label", {}, "smoothing", h("input", { type: "range", id: "smoothing", min: 0, max: 0.99, step: 0.01, value: s.smoothing,
      oninput: e => { s.smoothing = +e.target.value; document.getElementById("smoothing-value").textContent = s.smoothing.toFixed(2); saveSettings(); updateCharts(); } }),
      h("span", { id: "smoothing-value" }, s.smoothing.toFixed(2))),
    h("label", {}, h("input", { type: "checkbox", id: "shared", checked: s.shared, onchange: e => { s.shared = e.target.checked; saveSettings(); buildCharts(); } }), "one chart, shared scale"),
    h("label", {}, h("input", { type: "checkbox", id: "logscale", checked: s.log, onchange: e => { s.log = e.target.checked; saveSettings(); buildCharts(); } }), "log scale"),
    h("label", {}, "x axis", h("select", { id: "xaxis", onchange: e => { s.x = e.target.value; saveSettings(); buildCharts(); } },
      h("option", { value: "epoch", selected: s.x === "epoch" }, "epoch"), h("option", { value: "images", selected: s.x === "images" }, "images seen"))),
    h("span", { cls: "muted" }, "drag to zoom, double-click to reset; dashed lines: --continue_train"));
  view().replaceChildren(
    h("h1", {}, name, " ", h("span", { id: "run-status" })),
    h("div", { id: "run-summary", cls: "muted" }),
    h("h2", {}, "Losses"), controls, h("div", { id: "loss-charts", cls: "charts" }),
    h("h2", {}, "Learning rate and hardware"), h("div", { id: "hw-charts", cls: "charts" }),
    h("h2", {}, "Visuals"), h("div", { id: "visuals", cls: "card" }),
    h("div", { id: "other-images" }),
    h("div", { id: "tests" }),
    h("h2", {}, "Options"), h("div", { id: "options", cls: "card" }));
  buildCharts();
  updateRun();
}

function buildCharts() {
  const run = state.run, s = state.settings;
  const box = document.getElementById("loss-charts");
  if (!box || !run) return;
  const markers = [];
  const series = lossSeries(run, s.x);
  const pts = run.losses.points;
  for (let i = 1; i < pts.length; i++) if (pts[i][3] !== pts[i - 1][3]) markers.push(series.length ? series[0].xs[i] : 0);
  const xLabel = s.x === "images" ? "images seen" : "epoch";
  state.charts = s.shared || series.length === 0
    ? [new Chart("losses", { log: s.log, xLabel, markers })]
    : series.map(x => new Chart(x.name, { log: s.log, xLabel, markers }));
  box.replaceChildren(...state.charts.map(c => c.el));
  const hw = document.getElementById("hw-charts");
  const t = time => new Date(time * 1000).toLocaleTimeString();
  state.hwCharts = {
    lr: new Chart("learning rate", { xLabel: "time", xFormat: t }),
    cpu: new Chart("CPU %", { xLabel: "time", xFormat: t }),
    mem: new Chart("memory (RSS, MB)", { xLabel: "time", xFormat: t }),
    sps: new Chart("steps per second", { xLabel: "time", xFormat: t }),
  };
  hw.replaceChildren(...Object.values(state.hwCharts).map(c => c.el));
  updateCharts();
}

function updateCharts() {
  const run = state.run, s = state.settings;
  if (!run || !state.charts) return;
  const series = lossSeries(run, s.x).map((x, i) => ({ name: x.name, color: COLORS[i % COLORS.length], xs: x.xs, ys: smooth(x.values, s.smoothing), raw: s.smoothing > 0 ? x.values : null }));
  if (state.charts.length === 1 && (s.shared || series.length === 0)) state.charts[0].set(series);
  else state.charts.forEach((c, i) => c.set(series[i] ? [series[i]] : []));
  const m = run.metrics, xs = m.map(p => p.time);
  const one = (name, key, f, color) => ({ name, color, xs, ys: m.map(p => p[key] === null || p[key] === undefined ? null : f(p[key])) });
  state.hwCharts.lr.set([one("lr", "lr", v => v, COLORS[0])]);
  state.hwCharts.cpu.set([one("CPU %", "cpu_percent", v => v, COLORS[1])]);
  state.hwCharts.mem.set([one("RSS MB", "rss_bytes", v => v / 1048576, COLORS[2])]);
  state.hwCharts.sps.set([one("steps/s", "steps_per_sec", v => v, COLORS[3])]);
}

function updateRun() {
  const run = state.run;
  if (!run || !document.getElementById("loss-charts")) return;
  const sm = run.summary;
  document.getElementById("run-status").replaceChildren(badge(sm.status));
  document.getElementById("run-summary").textContent = [
    sm.model && "model " + sm.model,
    sm.epoch !== undefined && `epoch ${sm.epoch}${sm.last_epoch ? " / " + sm.last_epoch : ""}`,
    sm.batch !== undefined && `batch ${sm.batch} / ${sm.batches}`,
    sm.steps_per_sec !== undefined && `${fmt(sm.steps_per_sec, 2)} steps/s`,
    sm.status === "running" && sm.eta_sec !== undefined && sm.eta_sec !== null && "ETA " + duration(sm.eta_sec),
    sm.rss_bytes && "memory " + bytes(sm.rss_bytes),
    sm.error && "error: " + sm.error,
    `${run.losses.sessions.length} training session${run.losses.sessions.length === 1 ? "" : "s"}`,
  ].filter(Boolean).join(" · ");
  const names = run.losses.names.join(",");
  if (state.chartNames !== names) { state.chartNames = names; buildCharts(); } else updateCharts();
  renderVisuals(run);
  const other = document.getElementById("other-images");
  other.replaceChildren(...(run.other_images.length ? [h("h2", {}, "Other images"), h("div", { cls: "card visuals" },
    run.other_images.map(i => h("figure", {}, h("img", { src: i.url, alt: i.label }), h("figcaption", {}, i.label))))] : []));
  const tests = document.getElementById("tests");
  tests.replaceChildren(...(run.tests.length ? [h("h2", {}, "Test metrics"), h("div", { cls: "card" }, h("table", { id: "test-metrics" },
    h("tr", {}, ["results", "images", "L1", "PSNR (dB)", "SSIM"].map(t => h("th", {}, t))),
    run.tests.map(t => h("tr", {}, h("td", {}, t.phase), h("td", { cls: "num" }, t.images), h("td", { cls: "num" }, fmt(t.l1, 4)),
      h("td", { cls: "num" }, fmt(t.psnr, 2)), h("td", { cls: "num" }, fmt(t.ssim, 4))))))] : []));
  const opts = run.options || {};
  document.getElementById("options").replaceChildren(Object.keys(opts).length === 0 ? h("span", { cls: "muted" }, "no options.json") :
    h("table", { id: "options-table" }, Object.entries(opts).map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", {}, JSON.stringify(v))))));
}

function renderVisuals(run) {
  const box = document.getElementById("visuals");
  const epochs = run.epochs;
  if (!epochs.length) { box.replaceChildren(h("span", { cls: "muted" }, "no visuals yet (web/images/epochNNN_*.png)")); return; }
  const slider = document.getElementById("epoch-slider");
  const atEnd = !slider || +slider.value === +slider.max;
  let index = atEnd ? epochs.length - 1 : Math.min(+slider.value, epochs.length - 1);
  const label = h("span", { id: "epoch-label" });
  const images = h("div", { cls: "visuals", id: "epoch-images" });
  const show = i => {
    const e = epochs[i];
    label.textContent = `epoch ${e.epoch} (${i + 1} of ${epochs.length})`;
    images.dataset.epoch = String(e.epoch);
    images.replaceChildren(...e.images.map(im => h("figure", {}, h("img", { src: im.url, alt: im.label, "data-label": im.label }), h("figcaption", {}, im.label))));
  };
  const input = h("input", { type: "range", id: "epoch-slider", min: 0, max: epochs.length - 1, step: 1, value: index, oninput: e => show(+e.target.value) });
  box.replaceChildren(h("div", { cls: "controls" }, h("label", {}, "epoch", input), label), images);
  show(index);
}

// ---------- compare ----------
async function renderCompare() {
  const r = route(), s = state.settings;
  const selected = r.runs;
  const pick = h("div", { cls: "controls", id: "compare-pick" }, state.runs.map(run => h("label", {},
    h("input", { type: "checkbox", value: run.name, checked: selected.includes(run.name), onchange: () => {
      const chosen = [...document.querySelectorAll("#compare-pick input:checked")].map(i => i.value);
      location.hash = "#/compare?runs=" + chosen.map(encodeURIComponent).join(",");
    } }), run.name)));
  const align = h("label", {}, "align by", h("select", { id: "align", onchange: e => { s.align = e.target.value; saveSettings(); renderCompare(); } },
    h("option", { value: "iteration", selected: s.align === "iteration" }, "images seen"), h("option", { value: "time", selected: s.align === "time" }, "time since start")));
  const smoothing = h("label", {}, "smoothing", h("input", { type: "range", min: 0, max: 0.99, step: 0.01, value: s.smoothing,
    onchange: e => { s.smoothing = +e.target.value; saveSettings(); renderCompare(); } }));
  const runs = await Promise.all(selected.map(n => api("/api/runs/" + encodeURIComponent(n)).then(d => ({ name: n, d })).catch(() => null)));
  const ok = runs.filter(Boolean);
  const names = [...new Set(ok.flatMap(x => x.d.losses.names))];
  const charts = names.map(loss => {
    const chart = new Chart(loss, { log: s.log, xLabel: s.align === "time" ? "seconds since start" : "images seen", xFormat: s.align === "time" ? duration : undefined });
    const series = ok.map((x, i) => {
      let xs, ys;
      if (s.align === "time") {
        const m = x.d.metrics.filter(p => p.losses && p.losses[loss] !== undefined);
        const t0 = m.length ? m[0].time : 0;
        xs = m.map(p => p.time - t0); ys = m.map(p => p.losses[loss]);
      } else {
        const k = x.d.losses.names.indexOf(loss);
        xs = k < 0 ? [] : x.d.losses.points.map(p => p[2]); ys = k < 0 ? [] : x.d.losses.points.map(p => p[4 + k]);
      }
      return { name: x.name, color: COLORS[i % COLORS.length], xs, ys: smooth(ys, s.smoothing) };
    });
    return { chart, series };
  });
  const diff = optionsDiff(ok);
  view().replaceChildren(h("h1", {}, "Compare runs"), h("div", { cls: "card" }, pick, h("div", { cls: "controls" }, align, smoothing)),
    ok.length < 2 ? h("p", { cls: "muted" }, "Pick two or more runs.") : h("div", { cls: "charts", id: "compare-charts" }, charts.map(c => c.chart.el)),
    ok.length >= 2 ? h("div", {}, h("h2", {}, "Options that differ"), h("div", { cls: "card" }, diff)) : h("span"));
  for (const c of charts) c.chart.set(c.series);
}

function optionsDiff(runs) {
  const keys = [...new Set(runs.flatMap(r => Object.keys(r.d.options || {})))].sort();
  const differ = keys.filter(k => new Set(runs.map(r => JSON.stringify((r.d.options || {})[k]))).size > 1 && k !== "name");
  if (!differ.length) return h("span", { cls: "muted" }, "the options are the same (except the name)");
  return h("table", { cls: "diff", id: "options-diff" }, h("tr", {}, h("th", {}, "option"), runs.map(r => h("th", {}, r.name))),
    differ.map(k => h("tr", {}, h("td", {}, k), runs.map(r => h("td", {}, JSON.stringify((r.d.options || {})[k]) ?? "–")))));
}

// ---------- try it ----------
function renderTry(runName) {
  const canTranslate = state.runs.filter(r => !["gan", "cgan", "dcgan", "wgangp", "classifier"].includes(r.model));
  const runSel = h("select", { id: "try-run" }, canTranslate.map(r => h("option", { value: r.name, selected: r.name === runName }, r.name)));
  const epochSel = h("select", { id: "try-epoch" });
  const fitSel = h("select", { id: "try-fit" }, ["pad", "resize"].map(f => h("option", { value: f }, f)));
  const dirSel = h("select", { id: "try-direction" }, h("option", { value: "" }, "run's direction"), h("option", { value: "AtoB" }, "AtoB"), h("option", { value: "BtoA" }, "BtoA"));
  const loadEpochs = async () => {
    if (!runSel.value) return;
    const d = await api("/api/runs/" + encodeURIComponent(runSel.value));
    epochSel.replaceChildren(...(d.checkpoints.length ? d.checkpoints : ["latest"]).map(c => h("option", { value: c }, c)));
  };
  runSel.addEventListener("change", loadEpochs);
  const canvas = h("canvas", { id: "try-canvas", width: 256, height: 256 });
  const g = canvas.getContext("2d");
  let color = FACADES[1][1], size = 6, mode = "labels";
  const clear = () => { g.fillStyle = mode === "labels" ? FACADES[0][1] : "#ffffff"; g.fillRect(0, 0, 256, 256); };
  clear();
  const palette = h("div", { cls: "palette" });
  const drawPalette = () => palette.replaceChildren(...(mode === "labels" ? FACADES : [["edges", "#000000"], ["eraser", "#ffffff"]]).map(([n, c]) =>
    h("button", { type: "button", cls: c === color ? "sel" : "", css: { background: c }, onclick: () => { color = c; drawPalette(); } }, n)));
  const modeSel = h("select", { id: "try-mode", onchange: e => { mode = e.target.value; color = mode === "labels" ? FACADES[1][1] : "#000000"; drawPalette(); clear(); } },
    h("option", { value: "labels" }, "facades labels (rectangles)"), h("option", { value: "edges" }, "edges (black on white)"));
  drawPalette();
  let from = null;
  const at = e => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) * 256 / r.width, (e.clientY - r.top) * 256 / r.height]; };
  canvas.addEventListener("mousedown", e => { from = at(e); });
  canvas.addEventListener("mousemove", e => {
    if (!from || mode !== "edges") return;
    const p = at(e); g.strokeStyle = color; g.lineWidth = color === "#ffffff" ? 12 : 2; g.lineCap = "round";
    g.beginPath(); g.moveTo(from[0], from[1]); g.lineTo(p[0], p[1]); g.stroke(); from = p;
  });
  canvas.addEventListener("mouseup", e => {
    if (from && mode === "labels") { const p = at(e); g.fillStyle = color; g.fillRect(Math.min(from[0], p[0]), Math.min(from[1], p[1]), Math.abs(p[0] - from[0]) || size, Math.abs(p[1] - from[1]) || size); }
    from = null;
  });
  const file = h("input", { type: "file", id: "try-file", accept: "image/*" });
  const preview = h("img", { id: "try-input", cls: "result", alt: "input" });
  const result = h("img", { id: "try-result", cls: "result", alt: "translation" });
  const status = h("p", { id: "try-status", cls: "muted" });
  const download = h("a", { id: "try-download", download: "translation.png" });
  let uploaded = null;
  file.addEventListener("change", () => {
    uploaded = file.files[0] || null;
    if (uploaded) { preview.src = URL.createObjectURL(uploaded); preview.style.display = "block"; canvas.style.display = "none"; }
  });
  const go = async () => {
    status.className = "muted"; status.textContent = "translating…";
    const body = uploaded || await new Promise(res => canvas.toBlob(res, "image/png"));
    const q = new URLSearchParams({ epoch: epochSel.value || "latest", fit: fitSel.value });
    if (dirSel.value) q.set("direction", dirSel.value);
    const started = performance.now();
    const r = await fetch(`/api/runs/${encodeURIComponent(runSel.value)}/translate?${q}`, { method: "POST", body, headers: { "Content-Type": "application/octet-stream" } });
    if (!r.ok) { status.className = "error"; status.textContent = `${r.status}: ${await r.text()}`; return; }
    const url = URL.createObjectURL(await r.blob());
    result.src = url; download.href = url; download.textContent = "download the translation (PNG)";
    download.download = `${runSel.value}_${epochSel.value}_translation.png`;
    status.textContent = `translated in ${((performance.now() - started) / 1000).toFixed(2)} s`;
  };
  preview.style.display = "none";
  view().replaceChildren(h("h1", {}, "Try it"),
    h("p", { cls: "muted" }, canTranslate.length === 0 ? "No run with an image-to-image generator yet." : "Upload an image or draw one; the run's generator translates it (any size: pad or resize fits it to the network)."),
    h("div", { cls: "card controls" }, h("label", {}, "run", runSel), h("label", {}, "checkpoint", epochSel), h("label", {}, "fit", fitSel), h("label", {}, "direction", dirSel)),
    h("div", { cls: "try" },
      h("div", { cls: "card" }, h("div", { cls: "controls" }, h("label", {}, "upload", file), h("label", {}, "or draw", modeSel),
        h("button", { type: "button", onclick: () => { uploaded = null; file.value = ""; preview.style.display = "none"; canvas.style.display = "block"; clear(); } }, "clear")),
        palette, canvas, preview),
      h("div", { cls: "card" }, h("div", { cls: "controls" }, h("button", { type: "button", id: "try-go", onclick: go }, "Translate"), download), result, status)));
  loadEpochs();
}

window.addEventListener("hashchange", render);
window.addEventListener("DOMContentLoaded", () => { connect(); render(); });
