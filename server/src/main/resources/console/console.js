// Ensemble console: the page's views (login, sessions, live session) and the live feed.
// Everything participants type (names, chat) reaches the page through textContent only.
'use strict';

const $ = (selector) => document.querySelector(selector);
const MAX_LOG_LINES = 500;

const state = {
  user: null,
  sessionId: null,
  socket: null,
  map: null,
  participants: [],
  scenarioKey: '',
  reconnectTimer: null,
};

function show(view) {
  for (const id of ['login-view', 'sessions-view', 'live-view']) {
    $('#' + id).hidden = id !== view;
  }
  $('#logout').hidden = view === 'login-view';
}

function say(message, kind) {
  const status = $('#status');
  status.textContent = message;
  status.className = 'status' + (kind === 'info' ? ' info' : '');
  status.hidden = !message;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : String(text);
  return td;
}

function button(label, onClick, attributes) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  for (const [key, value] of Object.entries(attributes || {})) {
    b.setAttribute(key, value);
  }
  b.addEventListener('click', onClick);
  return b;
}

/** Runs an API call; a refusal is shown, a lost login goes back to the login form. */
async function attempt(work, success) {
  try {
    const result = await work();
    if (success) {
      say(typeof success === 'function' ? success(result) : success, 'info');
    }
    return result;
  } catch (e) {
    if (e.status === 401) {
      closeFeed();
      show('login-view');
    }
    say(e.message + (e.code ? ` (${e.code})` : ''));
    return null;
  }
}

// ---- login ----

async function start() {
  try {
    const me = await Api.get('/api/me');
    if (me.role !== 'facilitator') {
      throw new ApiError(403, 'forbidden', 'this page is for facilitators');
    }
    loggedIn(me.user);
  } catch (e) {
    show('login-view');
  }
}

function loggedIn(user) {
  state.user = user;
  $('#whoami').textContent = 'logged in as ' + user;
  say('');
  const fromHash = decodeURIComponent(location.hash.replace(/^#session=/, ''));
  if (location.hash.startsWith('#session=') && fromHash) {
    openSession(fromHash);
  } else {
    showSessions();
  }
}

$('#login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const result = await attempt(() => Api.post('/api/login', { user: form.get('user'), password: form.get('password') }));
  if (result) {
    event.target.reset();
    loggedIn(result.user);
  }
});

$('#logout').addEventListener('click', async () => {
  closeFeed();
  await attempt(() => Api.post('/api/logout'));
  state.user = null;
  $('#whoami').textContent = '';
  show('login-view');
});

// ---- sessions ----

async function showSessions() {
  closeFeed();
  history.replaceState(null, '', '#');
  show('sessions-view');
  const [sessions, scenarios] = await Promise.all([
    attempt(() => Api.get('/api/sessions')), attempt(() => Api.get('/api/scenarios'))]);
  if (sessions) {
    const body = $('#session-table tbody');
    body.replaceChildren();
    for (const s of sessions) {
      const row = document.createElement('tr');
      row.setAttribute('data-session', s.id);
      const open = document.createElement('td');
      open.appendChild(button('Open', () => openSession(s.id)));
      row.append(cell(s.id), cell(s.title), cell(s.state), cell(s.participants), open);
      body.appendChild(row);
    }
    $('#no-sessions').hidden = sessions.length > 0;
  }
  if (scenarios) {
    const select = $('#new-session-form select[name=scenario]');
    const chosen = select.value;
    select.replaceChildren();
    for (const scenario of scenarios) {
      const option = document.createElement('option');
      option.value = scenario.id;
      option.textContent = scenario.title;
      select.appendChild(option);
    }
    if (chosen) {
      select.value = chosen;
    }
    $('#test-room-options').hidden = select.value !== 'test-room';
  }
}

$('#new-session-form select[name=scenario]').addEventListener('change', (event) => {
  $('#test-room-options').hidden = event.target.value !== 'test-room';
});

$('#new-session-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const request = { scenario: form.get('scenario') };
  if (form.get('id')) {
    request.id = form.get('id');
  }
  if (request.scenario === 'test-room') {
    request.entities = Number(form.get('entities'));
    request.capacity = Number(form.get('capacity'));
  }
  const created = await attempt(() => Api.post('/api/sessions', request), (c) => `Created session ${c.id}`);
  if (!created) {
    return;
  }
  const body = $('#join-table tbody');
  body.replaceChildren();
  for (const [role, link] of Object.entries(created.joinLinks)) {
    const row = document.createElement('tr');
    const code = document.createElement('code');
    code.textContent = link;
    const td = document.createElement('td');
    td.appendChild(code);
    row.append(cell(role), td);
    body.appendChild(row);
  }
  // One token per role: the bots spread over the roles and move on when one is full.
  $('#bots-command').textContent = `./ensemble bots --server ${created.server} --session ${created.id} `
    + `--count 4 --token ${Object.values(created.joinTokens).join(',')}` + (created.pin ? ` --pin ${created.pin}` : '');
  $('#created').hidden = false;
  await showSessions();
});

// ---- live view ----

async function openSession(id) {
  const detail = await attempt(() => Api.get(Api.session(id)));
  if (!detail) {
    showSessions();
    return;
  }
  state.sessionId = id;
  history.replaceState(null, '', '#session=' + encodeURIComponent(id));
  show('live-view');
  $('#live-title').textContent = `${detail.title} · ${detail.id}`;
  $('#event-log').replaceChildren();
  $('#spectate-link').hidden = true;
  state.scenarioKey = '';
  state.map = new SessionMap($('#map'), $('#legend'));
  state.map.setLayout(detail.layout);
  render(detail);
  fillSelect($('#link-role'), detail.layout.roles.map((r) => r.id).concat(['spectator']));
  $('#new-link').hidden = true;
  showLinks();
  openFeed(id);
}

function openFeed(id) {
  closeFeed();
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const socket = new WebSocket(scheme + location.host + Api.session(id) + '/live');
  state.socket = socket;
  $('#feed-state').textContent = 'connecting…';
  socket.addEventListener('open', () => { $('#feed-state').textContent = 'live'; });
  socket.addEventListener('message', (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === 'frame') {
      render(frame);
    } else if (frame.type === 'closed') {
      $('#feed-state').textContent = 'session removed';
    }
  });
  socket.addEventListener('close', () => {
    if (state.socket !== socket) {
      return;
    }
    state.socket = null;
    $('#feed-state').textContent = 'feed lost; reconnecting';
    state.reconnectTimer = setTimeout(async () => {
      if (state.sessionId === id) {
        const still = await attempt(() => Api.get(Api.session(id)));
        if (still) {
          openFeed(id);
        } else {
          $('#feed-state').textContent = 'session gone';
        }
      }
    }, 1500);
  });
}

function closeFeed() {
  clearTimeout(state.reconnectTimer);
  if (state.socket) {
    const socket = state.socket;
    state.socket = null;
    socket.close();
  }
}

/** Applies a session document (from GET or a live frame) to the view. */
function render(doc) {
  $('#live-state').textContent = doc.state;
  $('#live-tick').textContent = doc.tick;
  $('#live-elapsed').textContent = formatElapsed(doc.elapsedMs);
  if (doc.layout && state.map) {
    state.map.setLayout(doc.layout);
  }
  state.map.updateEntities(doc.entities || []);
  state.map.updateParticipants(doc.participants);
  renderScenario(doc.scenarioState);
  renderParticipants(doc.participants);
  for (const event of doc.events || []) {
    logEvent(event);
  }
}

function formatElapsed(ms) {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function renderScenario(scenario) {
  const key = JSON.stringify([scenario.steps, scenario.injects]);
  if (key !== state.scenarioKey) {
    state.scenarioKey = key;
    fillSelect($('#step-select'), scenario.steps);
    fillSelect($('#inject-select'), scenario.injects);
    $('#goto-button').disabled = scenario.steps.length === 0;
    $('#inject-button').disabled = scenario.injects.length === 0;
    const timeline = $('#timeline');
    timeline.replaceChildren();
    for (const step of scenario.steps) {
      const item = document.createElement('li');
      item.textContent = step;
      item.setAttribute('data-step', step);
      timeline.appendChild(item);
    }
    $('#no-scenario').hidden = scenario.bound;
  }
  for (const item of $('#timeline').children) {
    item.classList.toggle('current', item.getAttribute('data-step') === scenario.currentStep);
  }
}

function fillSelect(select, values) {
  select.replaceChildren();
  for (const value of values) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = value;
    select.appendChild(option);
  }
  select.disabled = values.length === 0;
}

function renderParticipants(participants) {
  state.participants = participants;
  const body = $('#participant-table tbody');
  const rows = new Map([...body.children].map((row) => [row.getAttribute('data-participant'), row]));
  for (const p of participants) {
    let row = rows.get(p.id);
    if (!row) {
      row = document.createElement('tr');
      row.setAttribute('data-participant', p.id);
      const actions = document.createElement('td');
      actions.append(
        button('Whisper', () => whisper(p.id), { 'data-action': 'whisper' }),
        button('Mute', () => participantCommand('mute', p.id), { 'data-action': 'mute' }),
        button('Unmute', () => participantCommand('unmute', p.id), { 'data-action': 'unmute' }),
        button('Remove', () => participantCommand('remove', p.id), { 'data-action': 'remove' }));
      row.append(cell(), cell(), cell(), cell(), cell(), actions);
      body.appendChild(row);
    }
    rows.delete(p.id);
    const cells = row.children;
    cells[0].textContent = p.name + (p.muted ? ' (muted)' : '');
    cells[1].textContent = p.role;
    cells[2].textContent = p.connected ? p.transport : 'dropped';
    cells[3].textContent = p.score;
    cells[4].textContent = p.instruction || '';
  }
  for (const row of rows.values()) {
    row.remove();
  }
}

function logEvent(event) {
  const log = $('#event-log');
  const item = document.createElement('li');
  item.setAttribute('data-type', event.type);
  // The server leaves out who gave peer feedback (actor ""), so the line names nobody.
  const who = event.actor ? ` by ${nameOf(event.actor)}` : '';
  const details = Object.entries(event.data || {}).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join(' ');
  item.textContent = `#${event.seq} t${event.tick} ${event.type}${who}${details ? ' · ' + details : ''}`;
  log.prepend(item);
  while (log.children.length > MAX_LOG_LINES) {
    log.lastChild.remove();
  }
}

function nameOf(actor) {
  const p = state.participants.find((candidate) => candidate.id === actor);
  return p ? `${p.name} [${actor}]` : actor;
}

async function command(name, body) {
  const result = await attempt(() => Api.post(Api.session(state.sessionId) + '/' + name, body),
    (r) => r.message);
  if (result) {
    $('#live-state').textContent = result.sessionState;
    renderScenario(result.scenarioState);
  }
  return result;
}

function participantCommand(name, participantId) {
  return command(name, { participant: participantId });
}

function whisper(participantId) {
  const text = prompt('Whisper to this participant:');
  if (text) {
    command('whisper', { participant: participantId, text });
  }
}

for (const b of document.querySelectorAll('#controls button[data-command]')) {
  b.addEventListener('click', () => {
    const name = b.getAttribute('data-command');
    if (name === 'end' && !confirm('End this session for everyone?')) {
      return;
    }
    command(name);
  });
}
$('#goto-button').addEventListener('click', () => command('goto', { step: $('#step-select').value }));
$('#inject-button').addEventListener('click', () => command('inject', { trigger: $('#inject-select').value }));
$('#broadcast-button').addEventListener('click', async () => {
  const text = $('#broadcast-text').value;
  if (await command('broadcast', { text })) {
    $('#broadcast-text').value = '';
  }
});
$('#spectate-button').addEventListener('click', async () => {
  const result = await attempt(() => Api.post(Api.session(state.sessionId) + '/spectate'), 'Spectator link ready');
  if (result) {
    $('#spectate-link').textContent = result.link;
    $('#spectate-link').hidden = false;
  }
});
// ---- join links: issue (role or personal, with an expiry), list, revoke ----

async function showLinks() {
  const result = await attempt(() => Api.get(Api.session(state.sessionId) + '/links'));
  if (!result) {
    return;
  }
  const body = $('#link-table tbody');
  body.replaceChildren();
  for (const link of result.links) {
    const row = document.createElement('tr');
    row.setAttribute('data-link', link.linkId);
    const expires = new Date(link.expiresAt * 1000).toLocaleString();
    const held = link.heldBy ? `in use (${link.heldBy})` : (link.personal ? 'free seat' : 'shared');
    const revoke = button('Revoke', async () => {
      if (await attempt(() => Api.call('DELETE', Api.session(state.sessionId) + '/links/' + encodeURIComponent(link.linkId), {}),
        'Link revoked')) {
        showLinks();
      }
    }, { class: 'danger' });
    revoke.disabled = link.revoked;
    const action = document.createElement('td');
    action.appendChild(revoke);
    row.append(cell(link.role), cell(link.personal ? link.name || '(personal)' : 'everyone with the link'), cell(expires),
      cell(link.revoked ? 'revoked' : held), action);
    body.appendChild(row);
  }
}

$('#link-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const request = {
    role: $('#link-role').value,
    personal: $('#link-personal').checked,
    name: $('#link-name').value,
    ttlSeconds: Math.round(Number($('#link-hours').value) * 3600),
  };
  const result = await attempt(() => Api.post(Api.session(state.sessionId) + '/tokens', request), 'Link ready');
  if (result) {
    $('#new-link').textContent = result.link;
    $('#new-link').hidden = false;
    $('#link-name').value = '';
    showLinks();
  }
});

$('#back').addEventListener('click', () => {
  state.sessionId = null;
  showSessions();
});

start();
