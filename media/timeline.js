// Run Timeline webview: draws task lanes and CPU/memory charts as plain SVG.
// Runs under a strict CSP (no inline styles, no eval), so all colours come from
// classes in timeline.css and every node is built with DOM APIs.
(function () {
  'use strict';

  const SVGNS = 'http://www.w3.org/2000/svg';
  // Outside VS Code (e.g. a static preview) there is no API; keep the script usable.
  const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage() {} };
  const root = document.getElementById('root') || document.body;
  const STATUSES = ['ok', 'error', 'aborted', 'running'];
  const COLOURS = 6; // .s0 … .s5 in timeline.css; beyond that the dash pattern changes
  // Tick spacings that read well as clock times.
  const STEPS = [100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 144e5, 216e5, 864e5];

  let last = null;          // what is drawn (tasks and samples held so far), re-drawn on resize
  let byId = new Map();     // task id -> {task, lane name}, so the tooltip needs no per-bar listeners
  let hover = null;         // {id, x, y}: the bar under the pointer survives re-renders

  const tip = document.createElement('div');
  tip.className = 'tooltip hidden';
  tip.setAttribute('role', 'tooltip');
  document.body.appendChild(tip);

  function el(tag, attrs, parent) {
    const n = document.createElementNS(SVGNS, tag);
    for (const k in attrs) n.setAttribute(k, String(attrs[k]));
    if (parent) parent.appendChild(n);
    return n;
  }
  function div(cls, text, parent, tag) {
    const n = document.createElement(tag || 'div');
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    if (parent) parent.appendChild(n);
    return n;
  }
  const arr = (v) => (Array.isArray(v) ? v : []);
  const num = (v) => (typeof v === 'number' && isFinite(v) ? v : null);
  const pad = (n) => String(n).padStart(2, '0');
  function clock(t) {
    const d = new Date(t);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
  function duration(ms, coarse) {
    ms = Math.max(0, ms);
    if (ms < 1000 && !coarse) return `${Math.round(ms)} ms`;
    const s = ms / 1000;
    if (s < 60) return coarse ? `${Math.round(s)} s` : `${s.toFixed(s < 10 ? 2 : 1)} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
    return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  }
  function niceMax(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v) || v;
  }

  // Time ticks aligned to local clock boundaries so labels read "12:01:30", not "12:01:27".
  function ticks(t0, t1, plotW) {
    const want = Math.max(2, Math.floor(plotW / 110));
    const step = STEPS.find((s) => (t1 - t0) / s <= want) || STEPS[STEPS.length - 1];
    const off = new Date(t0).getTimezoneOffset() * 60000;
    const out = [];
    for (let t = Math.ceil((t0 - off) / step) * step + off; t <= t1; t += step) {
      // Sub-second steps would repeat the same clock label; show offsets instead.
      out.push({ t, label: step < 1000 ? `+${((t - t0) / 1000).toFixed(1)} s` : clock(t) });
    }
    return out;
  }

  function axis(svg, sc, top, bottom, labelY) {
    const g = el('g', { class: 'axis' }, svg);
    for (const k of sc.ticks) {
      const x = Math.round(sc.x(k.t)) + 0.5;
      el('line', { class: 'grid', x1: x, x2: x, y1: top, y2: bottom }, g);
      if (labelY != null) el('text', { class: 'tick', x, y: labelY, 'text-anchor': 'middle' }, g).textContent = k.label;
    }
    if (sc.now != null) {
      const x = Math.round(sc.x(sc.now)) + 0.5;
      el('line', { class: 'now', x1: x, x2: x, y1: top, y2: bottom }, g);
    }
  }

  function header(frag, tasks, sc) {
    const n = (s) => tasks.filter((t) => t.status === s).length;
    const h = div('header', null, frag);
    const parts = [
      [`${tasks.length} task${tasks.length === 1 ? '' : 's'}`, 'count'],
      [`${n('ok')} ok`, 'count ok'],
      [`${n('error')} failed`, 'count error'],
      [`${n('aborted')} aborted`, 'count aborted'],
      [`${n('running')} running`, 'count running'],
    ];
    for (const [text, cls] of parts) div(cls, text, h, 'span');
    if (sc) div('span', `${clock(sc.t0)} – ${clock(sc.t1)} (${duration(sc.t1 - sc.t0)})`, h, 'span');
  }

  function drawTasks(frag, lanes, sc, width, now) {
    const laneH = lanes.length > 24 ? 14 : 22;
    const axisH = 22;
    const height = axisH + lanes.length * laneH + 2;
    const svg = el('svg', { class: 'tasks', width, height, role: 'img', 'aria-label': 'Task stream' });
    // Grid first so bars sit on top of it; lane stripes are translucent in the CSS.
    axis(svg, sc, axisH - 4, height, 14);
    lanes.forEach((lane, i) => {
      const g = el('g', { class: 'lane', 'data-engine': lane.key, transform: `translate(0,${axisH + i * laneH})` }, svg);
      el('rect', { class: i % 2 ? 'lane-bg odd' : 'lane-bg', x: 0, y: 0, width, height: laneH }, g);
      const label = el('text', { class: 'lane-label', x: sc.left - 8, y: laneH / 2, 'text-anchor': 'end', 'dominant-baseline': 'central' }, g);
      label.textContent = lane.short;
      if (lane.short !== lane.name) el('title', {}, label).textContent = lane.name;
      for (const t of lane.tasks) {
        const end = t.end == null ? now : t.end;
        const x0 = sc.x(t.start);
        const w = Math.max(2, sc.x(end) - x0 - 1); // a pixel's gap tells back-to-back tasks apart
        const r = el('rect', { class: `bar ${t.status}`, x: x0.toFixed(1), y: 2, width: w.toFixed(1), height: laneH - 4, 'data-task': t.id }, g);
        el('title', {}, r).textContent = tipLines(t, lane.name, now, true).join('\n');
        byId.set(t.id, { task: t, lane: lane.name });
      }
    });
    frag.appendChild(svg);
  }

  function chart(frag, title, series, get, floor, fmt, sc, width) {
    let max = floor;
    for (const s of series) for (const p of s.points) { const v = get(p); if (v != null && v > max) max = v; }
    max = niceMax(max);
    const top = 6, H = 80, bottom = 18;
    div('chart-title', title, frag);
    const svg = el('svg', { class: 'chart', width, height: top + H + bottom, role: 'img', 'aria-label': title });
    const y = (v) => top + H - (v / max) * H;
    for (const v of [0, max / 2, max]) {
      const yy = Math.round(y(v)) + 0.5;
      el('line', { class: 'grid', x1: sc.left, x2: width - sc.right, y1: yy, y2: yy }, svg);
      el('text', { class: 'tick', x: sc.left - 6, y: yy, 'text-anchor': 'end', 'dominant-baseline': 'central' }, svg).textContent = fmt(v);
    }
    axis(svg, sc, top, top + H, top + H + 14);
    for (const s of series) {
      let d = '', pen = 'M';
      for (const p of s.points) {
        const v = get(p);
        if (v == null) { pen = 'M'; continue; } // a missing sample breaks the line rather than faking a value
        d += `${pen}${sc.x(p.at).toFixed(1)} ${y(v).toFixed(1)}`;
        pen = 'L';
      }
      if (!d) continue;
      const path = el('path', { class: `series s${s.idx % COLOURS} d${Math.floor(s.idx / COLOURS) % 3}`, d, 'data-engine': s.key }, svg);
      el('title', {}, path).textContent = s.name;
    }
    frag.appendChild(svg);
  }

  function drawSamples(frag, samples, engines, sc, width) {
    if (!samples.length || !sc) {
      div('nosamples', "No CPU or memory samples yet (they come from this machine's process table; engines on other hosts have none)", frag);
      return;
    }
    const order = new Map(engines.map((e, i) => [e.id, i]));
    const groups = new Map();
    for (const p of samples) {
      if (!groups.has(p.engine)) groups.set(p.engine, []);
      groups.get(p.engine).push(p);
    }
    // Colour follows the engine's lane position so it stays stable between refreshes.
    let extra = engines.length;
    const series = [...groups].map(([id, points]) => {
      const e = engines[order.get(id)];
      return { key: String(id), name: e ? e.name : `engine ${id}`, idx: order.has(id) ? order.get(id) : extra++, points: points.sort((a, b) => a.at - b.at) };
    }).sort((a, b) => a.idx - b.idx);
    chart(frag, 'CPU %', series, (p) => num(p.cpu), 100, (v) => `${Math.round(v)}%`, sc, width);
    chart(frag, 'Memory (MiB)', series, (p) => num(p.memMiB), 1, (v) => `${+v.toFixed(1)} MiB`, sc, width);
    const legend = div('legend', null, frag);
    for (const s of series) {
      const item = div('item', null, legend, 'span');
      div(`swatch s${s.idx % COLOURS} d${Math.floor(s.idx / COLOURS) % 3}`, null, item, 'span');
      div(null, s.name, item, 'span');
    }
  }

  function render(data) {
    // Read layout once, before any DOM writes, to avoid forced reflows.
    const width = Math.max(360, Math.floor(root.clientWidth || window.innerWidth || 800));
    const fontPx = parseFloat(getComputedStyle(document.body).fontSize) || 13;
    const now = num(data.now) || Date.now();
    const engines = arr(data.engines).filter((e) => e && num(e.id) != null)
      .map((e) => ({ id: e.id, name: String(e.name || `engine ${e.id}`) }));
    const tasks = arr(data.tasks).filter((t) => t && num(t.start) != null).map((t) => ({
      ...t,
      id: String(t.id),
      end: num(t.end),
      status: STATUSES.includes(t.status) ? t.status : 'other',
    }));
    const samples = arr(data.samples).filter((p) => p && num(p.at) != null);
    const note = typeof data.note === 'string' && data.note.trim() ? data.note : null;

    // Lanes in the extension's order; tasks for unlisted engines join the "unknown" lane.
    const lanes = engines.map((e) => ({ key: String(e.id), name: e.name, tasks: [] }));
    const laneOf = new Map(engines.map((e, i) => [e.id, lanes[i]]));
    let unknown = null;
    for (const t of tasks) {
      let lane = t.engine == null ? null : laneOf.get(t.engine);
      if (!lane) lane = unknown || (unknown = { key: 'unknown', name: 'unknown engine', tasks: [] });
      lane.tasks.push(t);
    }
    if (unknown) lanes.push(unknown);
    const maxChars = Math.floor(200 / (fontPx * 0.6));
    for (const l of lanes) l.short = l.name.length > maxChars ? l.name.slice(0, maxChars - 1) + '…' : l.name;

    // One time scale shared by lanes and charts so they line up vertically.
    let t0 = Infinity, t1 = -Infinity;
    for (const t of tasks) {
      t0 = Math.min(t0, t.start);
      t1 = Math.max(t1, t.end == null ? now : t.end, t.start);
    }
    for (const p of samples) { t0 = Math.min(t0, p.at); t1 = Math.max(t1, p.at); }
    let sc = null;
    if (t0 <= t1) {
      if (t1 - t0 < 1000) t1 = t0 + 1000; // a single instant still needs a visible width
      const longest = Math.max(0, ...lanes.map((l) => l.short.length));
      const left = Math.min(220, Math.max(70, Math.ceil(longest * fontPx * 0.6) + 16));
      const right = 16, plotW = Math.max(50, width - left - right);
      const x = (t) => left + ((t - t0) / (t1 - t0)) * plotW;
      sc = { t0, t1, left, right, x, ticks: ticks(t0, t1, plotW), now: tasks.some((t) => t.end == null) ? now : null };
    }

    byId = new Map();
    const frag = document.createDocumentFragment();
    header(frag, tasks, sc);
    if (note) div('note', note, frag).setAttribute('role', 'status');
    if (!tasks.length && !note) div('empty', 'No tasks recorded yet: run some work on the engines.', frag);
    if (tasks.length) drawTasks(frag, lanes, sc, width, now);
    drawSamples(frag, samples, engines, sc, width);
    root.replaceChildren(frag);
    refreshTip(now);
  }

  function tipLines(t, laneName, now, withLabel) {
    const lines = [`Task ${t.id}`];
    if (t.label && withLabel) lines.push(`Label: ${t.label}`);
    lines.push(`Engine: ${laneName}`, `Status: ${t.status}`, `Started: ${clock(t.start)}`);
    lines.push(t.end == null ? `Running for ${duration(now - t.start, true)}` : `Duration: ${duration(t.end - t.start)}`);
    if (t.error) lines.push(`Error: ${t.error.length > 800 ? t.error.slice(0, 800) + '…' : t.error}`);
    return lines;
  }

  function showTip() {
    const hit = hover && byId.get(hover.id);
    if (!hit) return hideTip();
    const t = hit.task;
    tip.replaceChildren();
    div(`tt-title ${t.status}`, t.label || `Task ${t.id}`, tip);
    for (const line of tipLines(t, hit.lane, (last && num(last.now)) || Date.now(), false)) {
      div(line.startsWith('Error:') ? 'tt-error' : 'tt-line', line, tip);
    }
    tip.classList.remove('hidden');
    placeTip();
  }
  function placeTip() {
    const w = tip.offsetWidth, h = tip.offsetHeight;
    let x = hover.x + 14, y = hover.y + 14;
    if (x + w > window.innerWidth - 4) x = Math.max(4, hover.x - w - 14);
    if (y + h > window.innerHeight - 4) y = Math.max(4, hover.y - h - 14);
    tip.style.left = `${x}px`;
    tip.style.top = `${y}px`;
  }
  function hideTip() {
    hover = null;
    tip.classList.add('hidden');
  }
  // The custom tooltip replaces the native <title> one; drop the title so both never show.
  function dropTitle(rect) {
    const t = rect && rect.querySelector('title');
    if (t) t.remove();
  }
  function refreshTip() {
    if (!hover) return;
    if (!byId.has(hover.id)) return hideTip();
    dropTitle(root.querySelector(`rect.bar[data-task="${CSS.escape(hover.id)}"]`));
    showTip();
  }

  root.addEventListener('mouseover', (e) => {
    const bar = e.target instanceof Element ? e.target.closest('rect.bar') : null;
    if (!bar) return hideTip();
    dropTitle(bar);
    hover = { id: bar.getAttribute('data-task'), x: e.clientX, y: e.clientY };
    showTip();
  });
  root.addEventListener('mousemove', (e) => {
    if (!hover) return;
    hover.x = e.clientX;
    hover.y = e.clientY;
    placeTip();
  });
  root.addEventListener('mouseleave', hideTip);

  // What is reported comes from the DOM just drawn, so the extension's tests check what is really on screen.
  function report(error) {
    const bars = [];
    for (const lane of root.querySelectorAll('svg.tasks g.lane'))
      for (const bar of lane.querySelectorAll('rect.bar'))
        bars.push({ task: bar.getAttribute('data-task'), engine: lane.getAttribute('data-engine'), status: STATUSES.find((s) => bar.classList.contains(s)) || 'other' });
    const note = root.querySelector('.note');
    vscode.postMessage({
      type: 'rendered',
      engines: [...root.querySelectorAll('svg.tasks g.lane')].map((lane) => lane.getAttribute('data-engine')),
      bars,
      series: root.querySelectorAll('.legend .item').length,
      note: note ? note.textContent : null,
      error: error || null,
    });
  }

  function draw() {
    if (!last) return;
    try {
      render(last);
      report();
    } catch (err) {
      // Never leave a blank page: show the failure and still answer the extension.
      root.replaceChildren();
      div('note error', `Could not draw the timeline: ${err && err.message ? err.message : err}`, root);
      report(String(err && err.message ? err.message : err));
    }
  }

  // What the extension sent so far: each message adds what is new (reset: replaces it), so a long run is not
  // sent whole every second. Kept within the extension's own bounds.
  let held = null;
  function hold(d) {
    const keep = d.keep && typeof d.keep === 'object' ? d.keep : {};
    const finished = (d.reset ? [] : held.finished).concat(arr(d.finished)).slice(-(num(keep.tasks) || 5000));
    const perEngine = num(keep.samplesPerEngine) || 720;
    const all = (d.reset ? [] : held.samples).concat(arr(d.samples));
    const counted = new Map();
    const samples = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const n = (counted.get(all[i] && all[i].engine) || 0) + 1;
      counted.set(all[i] && all[i].engine, n);
      if (n <= perEngine) samples.push(all[i]);
    }
    held = { finished, samples: samples.reverse() };
    return { now: d.now, engines: d.engines, tasks: finished.concat(arr(d.running)), samples: held.samples, note: d.note };
  }

  window.addEventListener('message', (e) => {
    const msg = e.data;
    if (!msg || msg.type !== 'data' || !msg.data || typeof msg.data !== 'object') return;
    if (!msg.data.reset && !held) {
      vscode.postMessage({ type: 'ready' }); // an addition to nothing: ask for the whole picture
      return;
    }
    last = hold(msg.data);
    draw(); // synchronous: requestAnimationFrame does not fire while the panel is hidden
  });

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(draw, 100); // a drag fires many events; draw once it settles
  });

  div('waiting', 'Waiting for timeline data…', root);
  vscode.postMessage({ type: 'ready' });
})();
