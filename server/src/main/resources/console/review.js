// Ensemble console: the after-action review of the open session (or of an imported recording) —
// the assessment report (rubric, steps, peer feedback), the replay on a top-down map with a
// timeline (play, pause, scrub, speed, follow, jump to events), download/import of the recording,
// the anonymity setting, and a fork from the moment shown. Reads /api/sessions/{id}/report,
// /replay, /recording; posts /review-settings, /fork and /api/recordings.
'use strict';

const Review = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const player = { doc: null, index: 0, playing: false, speed: 1, follow: '', timer: null, clockMs: 0, lastWall: 0 };

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function html(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  function table(headers, rows) {
    const t = html('table');
    const head = html('tr');
    headers.forEach((h) => head.append(html('th', h)));
    t.append(html('thead'));
    t.tHead.append(head);
    const body = html('tbody');
    rows.forEach((r) => {
      const tr = html('tr');
      r.forEach((c) => tr.append(html('td', c === null || c === undefined ? '' : String(c))));
      body.append(tr);
    });
    t.append(body);
    return t;
  }

  const clock = (ms) => `${Math.floor(ms / 60000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;
  const verdict = (passed) => (passed === null || passed === undefined ? '—' : passed ? 'pass' : 'fail');

  function id() {
    const typed = document.getElementById('review-source').value.trim();
    return typed || (typeof state !== 'undefined' ? state.sessionId : '');
  }

  function say(text) {
    document.getElementById('review-status').textContent = text;
  }

  async function report() {
    const panel = document.getElementById('review-report');
    try {
      const r = await Api.get(Api.session(id()) + '/report');
      const rubric = r.rubric;
      panel.replaceChildren(
        html('h4', `Team: ${rubric.team.total} of pass mark ${rubric.passMark} (${verdict(rubric.team.passed)})`),
        table(['Criterion', 'Objective', 'Points', 'Penalties', 'Max'],
          rubric.criteria.map((c) => [c.id, c.objective.text || c.objective.id, c.points, c.penalties, c.maxPoints])),
        html('h4', 'Participants'),
        table(['Name', 'Role', 'Points', 'Penalties', 'Total', 'Result'],
          rubric.participants.map((p) => [p.name, p.role, p.points, p.penalties, p.total, verdict(p.passed)])),
        html('h4', 'Roles'),
        table(['Role', 'Total', 'Result'], rubric.roles.map((x) => [x.id, x.total, verdict(x.passed)])),
        html('h4', `Steps (outcome: ${r.steps.outcome || 'running'}; errors: ${r.steps.errors.total})`),
        table(['Step', 'Attempt', 'Started', 'Duration', 'Outcome'],
          r.steps.runs.map((s) => [s.title || s.step, s.attempt, clock(s.startedAtMs),
            s.durationMs === undefined ? '' : (s.durationMs / 1000).toFixed(1) + ' s', s.outcome || 'current'])),
        html('h4', `Peer feedback (${r.feedback.entries} entries${r.feedback.anonymous ? ', anonymous' : ''})`),
        table(['About', 'Ratings', 'Comments'], r.feedback.participants.map((f) => [f.name,
          Object.entries(f.criteria).map(([k, v]) => `${k} ${v.mean} (${v.count})`).join(', '),
          f.comments.map((c) => (c.fromName ? c.fromName + ': ' : '') + c.text
            + (c.pinTick ? ` @tick ${c.pinTick}` : '')).join(' | ')])));
      document.getElementById('review-anonymous').checked = r.feedback.anonymous;
      say('Report of ' + r.session);
    } catch (e) {
      say('No report: ' + e.message);
    }
  }

  async function load() {
    stop();
    try {
      player.doc = await Api.get(Api.session(id()) + '/replay');
    } catch (e) {
      say('No recording: ' + e.message);
      return;
    }
    const d = player.doc;
    const svg = document.getElementById('review-map');
    svg.setAttribute('viewBox', `${d.origin[0]} ${d.origin[2]} ${d.size[0]} ${d.size[2]}`);
    const follow = document.getElementById('review-follow');
    follow.replaceChildren(html('option', 'follow nobody', { value: '' }));
    d.participants.forEach((p, i) => follow.append(html('option', `${p.name} (${p.role})`, { value: String(i) })));
    const scrub = document.getElementById('review-scrub');
    scrub.max = String(Math.max(0, d.frames.length - 1));
    const events = document.getElementById('review-events');
    events.replaceChildren();
    d.events.filter((e) => !['disconnect', 'resume'].includes(e.type)).forEach((e) => {
      const item = html('li');
      const jump = html('button', `${clock(e.atMs)} ${e.type} ${e.data.step || e.data.entity || e.data.text || e.data.criterion || ''}`,
        { type: 'button', class: 'link', 'data-tick': e.tick });
      jump.addEventListener('click', () => seekTick(e.tick));
      item.append(jump);
      events.append(item);
    });
    document.getElementById('review-player').hidden = false;
    say(`Recording of ${d.title}: ${d.frames.length} frames, ${clock(d.durationMs)}`);
    seek(0);
  }

  function seekTick(tick) {
    const frames = player.doc.frames;
    let i = 0;
    while (i + 1 < frames.length && frames[i + 1][0] <= tick) i++;
    seek(i);
  }

  function seek(index) {
    const d = player.doc;
    if (!d || d.frames.length === 0) return;
    player.index = Math.max(0, Math.min(d.frames.length - 1, index));
    const [tick, atMs, stateIndex, stepIndex, avatars, entities] = d.frames[player.index];
    player.clockMs = atMs;
    document.getElementById('review-scrub').value = String(player.index);
    document.getElementById('review-clock').textContent =
      `${clock(atMs)} · tick ${tick} · ${d.states[stateIndex]} · ${d.steps[stepIndex] || '—'}`;
    draw(avatars, entities);
  }

  function draw(avatars, entities) {
    const d = player.doc;
    const svg = document.getElementById('review-map');
    const [ox, , oz] = d.origin;
    svg.replaceChildren(el('rect', { x: ox, y: oz, width: d.size[0], height: d.size[2], fill: '#eef0f3', stroke: '#98a2ae',
      'stroke-width': 0.08 }));
    d.walls.forEach((w) => svg.append(el('rect', { x: w.center[0] - w.size[0] / 2, y: w.center[1] - w.size[1] / 2,
      width: w.size[0], height: w.size[1], fill: '#9aa3ad' })));
    d.zones.forEach((z) => svg.append(z.shape === 'sphere'
      ? el('circle', { cx: z.center[0], cy: z.center[1], r: z.radius, fill: z.color || '#7fb3ff', opacity: 0.25 })
      : el('rect', { x: z.center[0] - z.size[0] / 2, y: z.center[1] - z.size[1] / 2, width: z.size[0], height: z.size[1],
        fill: z.color || '#7fb3ff', opacity: 0.25 })));
    entities.forEach(([index, x, , z, , present]) => {
      if (!present) return;
      svg.append(el('rect', { x: ox + x / 1000 - 0.15, y: oz + z / 1000 - 0.15, width: 0.3, height: 0.3,
        fill: d.entities[index].color || '#8a6d3b', class: 'replay-entity' }));
    });
    avatars.forEach((a) => {
      const p = d.participants[a[0]];
      const followed = String(a[0]) === player.follow;
      const g = el('g', { class: 'replay-avatar', 'data-participant': p.id });
      g.append(el('circle', { cx: ox + a[1] / 1000, cy: oz + a[3] / 1000, r: followed ? 0.45 : 0.3,
        fill: d.roles[p.role] || '#3367d6', stroke: followed ? '#000' : 'none', 'stroke-width': 0.08,
        opacity: a[11] ? 1 : 0.4 }));
      g.append(el('text', { x: ox + a[1] / 1000 + 0.4, y: oz + a[3] / 1000, 'font-size': 0.5 }, p.name));
      svg.append(g);
      if (followed) {
        const span = Math.min(d.size[0], d.size[2]) / 2;
        svg.setAttribute('viewBox', `${ox + a[1] / 1000 - span / 2} ${oz + a[3] / 1000 - span / 2} ${span} ${span}`);
      }
    });
    if (player.follow === '') {
      svg.setAttribute('viewBox', `${ox} ${oz} ${d.size[0]} ${d.size[2]}`);
    }
  }

  function play() {
    if (!player.doc || player.playing) return;
    player.playing = true;
    player.lastWall = performance.now();
    player.timer = setInterval(() => {
      const now = performance.now();
      player.clockMs += (now - player.lastWall) * player.speed;
      player.lastWall = now;
      const frames = player.doc.frames;
      let i = player.index;
      while (i + 1 < frames.length && frames[i + 1][1] <= player.clockMs) i++;
      const clockMs = player.clockMs;
      seek(i);
      player.clockMs = clockMs;
      if (i >= frames.length - 1) stop();
    }, 50);
  }

  function stop() {
    player.playing = false;
    clearInterval(player.timer);
  }

  async function fork() {
    if (!player.doc) return;
    try {
      const f = await Api.post(Api.session(id()) + '/fork', { atMs: Math.round(player.clockMs) });
      const out = document.getElementById('review-fork');
      out.replaceChildren(html('p', `Forked as ${f.id} from ${clock(f.atMs)} (${f.state}); resume it when the team is in.`),
        table(['Name', 'Role', 'Join link'], f.team.map((m) => [m.name, m.role, m.link])));
      say('Forked ' + f.id);
    } catch (e) {
      say('Fork failed: ' + e.message);
    }
  }

  async function importFile(file) {
    const response = await fetch('/api/recordings', { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/vnd.ensemble.recording+gzip' }, body: file });
    const data = await response.json();
    if (!response.ok) {
      say('Import failed: ' + data.message);
      return;
    }
    document.getElementById('review-source').value = data.id;
    say(`Imported ${data.title} as ${data.id}`);
    await load();
  }

  function wire() {
    const on = (sel, ev, fn) => document.getElementById(sel).addEventListener(ev, fn);
    on('review-report-button', 'click', report);
    on('review-load', 'click', load);
    on('review-play', 'click', play);
    on('review-pause', 'click', stop);
    on('review-fork-button', 'click', fork);
    on('review-scrub', 'input', (e) => { stop(); seek(Number(e.target.value)); });
    on('review-speed', 'change', (e) => { player.speed = Number(e.target.value); });
    on('review-follow', 'change', (e) => { player.follow = e.target.value; seek(player.index); });
    on('review-download', 'click', () => { window.location.href = Api.session(id()) + '/recording'; });
    on('review-import', 'change', (e) => { if (e.target.files[0]) importFile(e.target.files[0]); });
    on('review-anonymous', 'change', async (e) => {
      try {
        await Api.post(Api.session(id()) + '/review-settings', { anonymousFeedback: e.target.checked });
        say(e.target.checked ? 'Feedback is anonymous' : 'Feedback shows who gave it');
      } catch (err) {
        say(err.message);
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', wire);
  } else {
    wire();
  }
  return { report, load, seek, play, stop, fork, player };
})();
