// Ensemble console: team analytics of the open session — step durations and participation as bar
// charts, the interaction network as a sociogram (inline SVG, no library), CSV / JSON / xAPI
// downloads and the leaderboard opt-in. Reads GET /api/sessions/{id}/analytics.
'use strict';

const Analytics = (() => {
  const SVG = 'http://www.w3.org/2000/svg';

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(width, height, label) {
    return el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label });
  }

  /** Horizontal bars: rows of {label, value}, value formatted by fmt. */
  function bars(rows, fmt, label) {
    const rowHeight = 22;
    const width = 420;
    const labelWidth = 150;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const chart = svg(width, rowHeight * rows.length + 4, label);
    rows.forEach((r, i) => {
      const y = i * rowHeight + 2;
      chart.append(el('text', { x: 0, y: y + 15, class: 'chart-label' }, r.label.slice(0, 22)));
      const w = Math.max(1, (width - labelWidth - 60) * r.value / max);
      chart.append(el('rect', { x: labelWidth, y, width: w, height: rowHeight - 6, class: 'chart-bar' }));
      chart.append(el('text', { x: labelWidth + w + 4, y: y + 15, class: 'chart-value' }, fmt(r.value)));
    });
    return chart;
  }

  /** Participants on a circle; edge width by weight, node size by betweenness. */
  function sociogram(network, names) {
    const size = 320;
    const c = size / 2;
    const radius = size / 2 - 50;
    const chart = svg(size, size, 'Sociogram');
    const at = new Map();
    network.nodes.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, network.nodes.length) - Math.PI / 2;
      at.set(n.id, [c + radius * Math.cos(angle), c + radius * Math.sin(angle)]);
    });
    const maxWeight = Math.max(1, ...network.edges.map((e) => e.weight));
    for (const e of network.edges) {
      const [x1, y1] = at.get(e.a);
      const [x2, y2] = at.get(e.b);
      const line = el('line', { x1, y1, x2, y2, class: 'tie', 'stroke-width': 1 + 7 * e.weight / maxWeight });
      line.append(el('title', {}, `${names(e.a)} – ${names(e.b)}: ${e.handoffs} hand-offs, ${e.replies} replies, `
        + `${Math.round(e.nearMs / 1000)} s near`));
      chart.append(line);
    }
    for (const n of network.nodes) {
      const [x, y] = at.get(n.id);
      const circle = el('circle', { cx: x, cy: y, r: 8 + 14 * n.betweenness, class: 'person' });
      circle.append(el('title', {}, `${names(n.id)}: degree ${n.degree}, betweenness ${n.betweenness}`));
      chart.append(circle);
      chart.append(el('text', { x, y: y + 30, 'text-anchor': 'middle', class: 'chart-label' }, names(n.id)));
    }
    return chart;
  }

  function seconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
  }

  function render(panel, a) {
    panel.replaceChildren();
    const names = (id) => (a.participants.find((p) => p.id === id) || { name: id }).name;
    const summary = document.createElement('p');
    summary.textContent = `Outcome ${a.outcome || '(running)'} · ${seconds(a.durationMs)} · team points ${a.teamPoints}`
      + ` · errors ${a.errors} · balance ${a.balance} · density ${a.network.density}`;
    panel.append(summary);
    const h = (text) => { const t = document.createElement('h4'); t.textContent = text; return t; };
    panel.append(h('Step durations'), bars(a.steps.map((s) => ({ label: `${s.title} #${s.attempt}`, value: s.durationMs })),
      seconds, 'Step durations'));
    panel.append(h('Participation (actions + chat lines)'), bars(a.participants.map((p) => ({
      label: `${p.name} (${p.role})`, value: p.actions + p.chatLines })), String, 'Participation'));
    panel.append(h('Time near others'), bars(a.participants.map((p) => ({ label: p.name, value: p.nearOthersMs })),
      seconds, 'Time near others'));
    panel.append(h('Sociogram'), sociogram(a.network, names));
  }

  async function load(sessionId, panel, status) {
    status.textContent = 'Loading…';
    try {
      const a = await Api.call('GET', `/api/sessions/${encodeURIComponent(sessionId)}/analytics`);
      render(panel, a);
      status.textContent = '';
    } catch (e) {
      status.textContent = `Analytics unavailable: ${e.message}`;
    }
  }

  function init() {
    const button = document.getElementById('analytics-load');
    if (!button) return;
    const panel = document.getElementById('analytics-panel');
    const status = document.getElementById('analytics-status');
    const links = document.getElementById('analytics-links');
    button.addEventListener('click', () => {
      const id = typeof state !== 'undefined' ? state.sessionId : null;
      if (!id) return;
      const base = `/api/sessions/${encodeURIComponent(id)}`;
      links.replaceChildren(...[['CSV', '/analytics.csv'], ['JSON', '/analytics'], ['xAPI', '/xapi']].map(([label, path]) => {
        const a = document.createElement('a');
        a.href = base + path;
        a.textContent = label;
        a.setAttribute('download', '');
        return a;
      }));
      load(id, panel, status);
    });
    document.getElementById('leaderboard-join').addEventListener('click', async () => {
      const id = typeof state !== 'undefined' ? state.sessionId : null;
      const team = document.getElementById('leaderboard-team').value.trim();
      const cohort = document.getElementById('leaderboard-cohort').value.trim() || 'default';
      if (!id || !team) return;
      try {
        await Api.call('PUT', `/api/sessions/${encodeURIComponent(id)}/leaderboard`, { team, cohort });
        status.textContent = `On the ${cohort} leaderboard as ${team}`;
      } catch (e) {
        status.textContent = `Leaderboard: ${e.message}`;
      }
    });
  }

  document.addEventListener('DOMContentLoaded', init);
  return { render, sociogram, bars };
})();
