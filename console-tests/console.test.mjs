// Browser test of the facilitator console, in headless Debian chromium through playwright-core.
// Run by ConsoleBrowserIT (server module), which starts the server, plays the bots, and answers
// this script's requests on stdin: the script prints "NEED ..." or "CHECK ..." lines and waits
// for "OK" (or "FAIL reason"). Everything else it prints is progress.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';

const url = process.env.CONSOLE_URL;
const user = process.env.CONSOLE_USER;
const password = process.env.CONSOLE_PASSWORD;
const artifacts = process.env.ARTIFACTS_DIR;
const HOSTILE = '<img src=x onerror=alert(1)>';
const SESSION = 'browser-drill';
assert.ok(url && user && password && artifacts, 'CONSOLE_URL, CONSOLE_USER, CONSOLE_PASSWORD and ARTIFACTS_DIR are needed');
mkdirSync(artifacts, { recursive: true });

const replies = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function ask(line) {
  console.log(line);
  const { value, done } = await replies.next();
  assert.ok(!done, 'the test driver closed stdin');
  assert.equal(value.trim(), 'OK', `driver answered "${value}" to "${line}"`);
}
const step = (text) => console.log('step: ' + text);

async function waitUntil(what, check, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('timed out waiting until ' + what);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // Trust the server's self-signed certificate by the SHA-256 of its key, and nothing else.
    ...(process.env.CONSOLE_SPKI ? [`--ignore-certificate-errors-spki-list=${process.env.CONSOLE_SPKI}`] : [])],
});
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  const outside = [];
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    if (target.origin !== new URL(url).origin) {
      outside.push(target.href);
      return route.abort();
    }
    return route.continue();
  });
  let alerted = false;
  const WHISPER = 'Check stairwell B on your way';
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'confirm') {
      dialog.accept();
    } else if (dialog.type() === 'prompt') {
      dialog.accept(WHISPER); // the console asks for a whisper's text

    } else {
      alerted = true;
      dialog.dismiss();
    }
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const api = async (path) => {
    const response = await page.request.get(url + path);
    assert.equal(response.status(), 200, `${path}: ${await response.text()}`);
    return response.json();
  };
  // A POST with the page's cookie, as the page's own fetch sends it (Origin: this server; the
  // server refuses cookie-signed changes without it).
  const post = (path, body) => page.request.post(url + path, { data: body, headers: { Origin: url } });

  step('log in');
  await page.goto(url);
  await page.locator('#login-view').waitFor();
  await page.fill('#login-form input[name=password]', 'wrong-password');
  await page.click('#login-form button[type=submit]');
  await page.locator('#status', { hasText: 'wrong user or password' }).waitFor();
  await page.fill('#login-form input[name=user]', user);
  await page.fill('#login-form input[name=password]', password);
  await page.click('#login-form button[type=submit]');
  await page.locator('#sessions-view').waitFor();
  if (url.startsWith('https:')) {
    const login = (await context.cookies()).find((cookie) => cookie.name === 'ensemble_console');
    assert.ok(login && login.secure && login.httpOnly, `the console cookie is Secure and HttpOnly: ${JSON.stringify(login)}`);
    const health = await page.request.get(url + '/healthz');
    assert.match(health.headers()['strict-transport-security'] || '', /max-age=\d+/);
  }

  step('create a session');
  await page.selectOption('#new-session-form select[name=scenario]', 'test-room');
  await page.fill('#new-session-form input[name=id]', SESSION);
  await page.fill('#new-session-form input[name=entities]', '9');
  await page.click('#new-session-form button[type=submit]');
  await page.locator(`#session-table tr[data-session="${SESSION}"]`).waitFor();
  const botsCommand = await page.textContent('#bots-command');
  const token = botsCommand.match(/--token (\S+)/)[1];
  assert.match(await page.textContent('#join-table'), /ensemble:\/\//);

  step('start bots');
  await ask(`NEED bots ${SESSION} ${token}`);
  await page.click(`#session-table tr[data-session="${SESSION}"] button`);
  await page.locator('#live-view').waitFor();
  await waitUntil('four participants on the map', async () => (await page.locator('#map [data-participant]').count()) === 4);
  await waitUntil('the entities on the map', async () => (await page.locator('#map [data-entity]').count()) === 9);

  step('see them move on the map');
  const positions = () => page.$$eval('#map [data-participant] circle',
    (circles) => circles.map((c) => c.getAttribute('cx') + ',' + c.getAttribute('cy')).sort().join(' '));
  const before = await positions();
  await waitUntil('a participant moved on the map', async () => (await positions()) !== before);
  const colours = await page.$$eval('#map [data-participant] circle', (circles) => circles.map((c) => c.getAttribute('fill')));
  assert.deepEqual([...new Set(colours)], ['#3080ff'], 'trainees are drawn in the trainee colour');

  step('hostile names and chat are shown as text');
  await page.locator('#participant-table td', { hasText: HOSTILE }).first().waitFor();
  await page.locator('#event-log li', { hasText: '<script>window.pwned = 1</script>' }).waitFor();
  assert.equal(await page.locator('img').count(), 0, 'no element was made from a name or a chat line');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(alerted, false, 'no script ran from a name');

  step('pause, and check the server paused');
  await page.click('#controls button[data-command=pause]');
  await waitUntil('the server reports paused', async () => (await api(`/api/sessions/${SESSION}`)).state === 'paused');
  await page.locator('#live-state', { hasText: 'paused' }).waitFor();
  await page.locator('#event-log li', { hasText: 'command=pause' }).waitFor();
  await ask(`CHECK paused ${SESSION}`);
  await page.click('#controls button[data-command=resume]');
  await waitUntil('the server reports running', async () => (await api(`/api/sessions/${SESSION}`)).state === 'running');

  step('go to a step and inject');
  const detail = await api(`/api/sessions/${SESSION}`);
  if (detail.scenarioState.bound) {
    const target = detail.scenarioState.steps[detail.scenarioState.steps.length - 1];
    await page.selectOption('#step-select', target);
    await page.click('#goto-button');
    await waitUntil('the server is at the chosen step',
      async () => (await api(`/api/sessions/${SESSION}`)).scenarioState.currentStep === target);
    await ask(`CHECK step ${SESSION} ${target}`);
    const trigger = detail.scenarioState.injects[0];
    await page.selectOption('#inject-select', trigger);
    await page.click('#inject-button');
    await ask(`CHECK inject ${SESSION} ${trigger}`);
  } else {
    // A test room runs no scenario: the console says so, offers no steps, and the server refuses.
    await page.locator('#no-scenario').waitFor();
    assert.equal(await page.isDisabled('#goto-button'), true);
    assert.equal(await page.isDisabled('#inject-button'), true);
    for (const [command, body] of [['goto', { step: 'evacuate' }], ['inject', { trigger: 'fire-alarm' }]]) {
      const refused = await post(`/api/sessions/${SESSION}/${command}`, body);
      assert.equal(refused.status(), 409);
      assert.equal((await refused.json()).error, 'no_scenario');
    }
    console.log('note: a test room runs no scenario; checked the refusal path (the drill below checks the real one)');
  }

  step('broadcast');
  await page.fill('#broadcast-text', 'Meet at the north door');
  await page.click('#broadcast-button');
  await page.locator('#event-log li', { hasText: 'text=Meet at the north door' }).waitFor();
  await ask(`CHECK broadcast ${SESSION} Meet at the north door`);

  step('mute and remove');
  const hostileRow = page.locator('#participant-table tr', { hasText: HOSTILE });
  await hostileRow.locator('button[data-action=mute]').click();
  await waitUntil('the server muted the participant', async () =>
    (await api(`/api/sessions/${SESSION}`)).participants.some((p) => p.name === HOSTILE && p.muted));
  await hostileRow.locator('button[data-action=remove]').click();
  await waitUntil('the server removed the participant', async () =>
    !(await api(`/api/sessions/${SESSION}`)).participants.some((p) => p.name === HOSTILE));
  await waitUntil('the map shows three participants', async () => (await page.locator('#map [data-participant]').count()) === 3);

  step('spectator link');
  await page.click('#spectate-button');
  await page.locator('#spectate-link', { hasText: 'ensemble://' }).waitFor();

  step('personal link, revoked from its row');
  await page.selectOption('#link-role', 'trainee');
  await page.check('#link-personal');
  await page.fill('#link-name', 'Grace');
  await page.fill('#link-hours', '2');
  await page.click('#link-form button[type=submit]');
  await page.locator('#new-link', { hasText: 'ensemble://' }).waitFor();
  const graceRow = page.locator('#link-table tr', { hasText: 'Grace' });
  await graceRow.waitFor();
  await graceRow.locator('button', { hasText: 'Revoke' }).click();
  await graceRow.locator('td', { hasText: 'revoked' }).waitFor();
  await waitUntil('the server lists the link as revoked', async () =>
    (await api(`/api/sessions/${SESSION}/links`)).links.some((l) => l.name === 'Grace' && l.revoked));

  step('screenshot of the live view');
  await page.screenshot({ path: `${artifacts}/console-live.png`, fullPage: true });

  step('end the session');
  await page.click('#controls button[data-command=end]');
  await waitUntil('the server reports ended', async () => (await api(`/api/sessions/${SESSION}`)).state === 'ended');
  await page.locator('#live-state', { hasText: 'ended' }).waitFor();
  await ask(`CHECK ended ${SESSION}`);

  step('run a catalogue scenario: start it, go to a step, inject, end');
  const DRILL = `${SESSION}-drill`;
  await page.click('#back');
  await page.locator('#sessions-view').waitFor();
  if (url.startsWith('https:')) {
    const login = (await context.cookies()).find((cookie) => cookie.name === 'ensemble_console');
    assert.ok(login && login.secure && login.httpOnly, `the console cookie is Secure and HttpOnly: ${JSON.stringify(login)}`);
    const health = await page.request.get(url + '/healthz');
    assert.match(health.headers()['strict-transport-security'] || '', /max-age=\d+/);
  }
  await page.selectOption('#new-session-form select[name=scenario]', 'office-fire-evacuation');
  await page.fill('#new-session-form input[name=id]', DRILL);
  await page.click('#new-session-form button[type=submit]');
  await page.locator(`#session-table tr[data-session="${DRILL}"]`).waitFor();
  const employeeToken = await post(`/api/sessions/${DRILL}/tokens`, { role: 'employee' });
  assert.equal(employeeToken.status(), 200);
  await ask(`NEED bots ${DRILL} ${(await employeeToken.json()).token}`);
  await page.click(`#session-table tr[data-session="${DRILL}"] button`);
  await page.locator('#live-view').waitFor();
  await waitUntil('the team on the drill map', async () => (await page.locator('#map [data-participant]').count()) === 4);
  await page.click('#controls button[data-command=start]');
  await waitUntil('the drill runs its first step',
    async () => (await api(`/api/sessions/${DRILL}`)).scenarioState.currentStep === 'discover');
  await ask(`CHECK step ${DRILL} discover`);

  const firstRow = page.locator('#participant-table tbody tr').first();
  const firstName = (await firstRow.locator('td').first().textContent()).trim();
  await firstRow.locator('button[data-action=whisper]').click();
  await page.locator('#event-log li', { hasText: 'command=whisper' }).first().waitFor();
  await ask(`CHECK whispered ${DRILL} ${WHISPER}`);
  await firstRow.locator('button[data-action=mute]').click();
  await waitUntil('the server muted them', async () =>
    (await api(`/api/sessions/${DRILL}`)).participants.some((p) => p.name === firstName && p.muted));
  await firstRow.locator('button[data-action=unmute]').click();
  await waitUntil('the server unmuted them', async () =>
    (await api(`/api/sessions/${DRILL}`)).participants.some((p) => p.name === firstName && !p.muted));

  await page.selectOption('#step-select', 'roll-call');
  await page.click('#goto-button');
  await waitUntil('the server is at the roll call',
    async () => (await api(`/api/sessions/${DRILL}`)).scenarioState.currentStep === 'roll-call');
  await ask(`CHECK step ${DRILL} roll-call`);
  await page.click('#controls button[data-command=reset]');
  await waitUntil('the reset took the drill back to its first step',
    async () => (await api(`/api/sessions/${DRILL}`)).scenarioState.currentStep === 'discover');
  await page.locator('#event-log li', { hasText: 'command=reset' }).first().waitFor();
  await ask(`CHECK reset ${DRILL}`);
  await page.selectOption('#step-select', 'roll-call');
  await page.click('#goto-button');
  await waitUntil('the server is at the roll call again',
    async () => (await api(`/api/sessions/${DRILL}`)).scenarioState.currentStep === 'roll-call');
  await page.selectOption('#inject-select', 'missing-colleague');
  await page.click('#inject-button');
  await ask(`CHECK inject ${DRILL} missing-colleague`);
  await waitUntil('the inject moved the drill on',
    async () => (await api(`/api/sessions/${DRILL}`)).scenarioState.currentStep === 'report-missing');
  await ask(`CHECK step ${DRILL} report-missing`);
  await page.locator('#event-log li', { hasText: 'missing-colleague' }).first().waitFor();
  await page.click('#controls button[data-command=end]');
  await waitUntil('the drill ended', async () => (await api(`/api/sessions/${DRILL}`)).state === 'ended');
  await ask(`CHECK ended ${DRILL}`);

  step('after-action review of the drill: report, team analytics, replay');
  await page.fill('#review-source', DRILL);
  await page.click('#review-report-button');
  await page.locator('#review-report h4', { hasText: 'Team:' }).waitFor();
  await page.locator('#review-report td', { hasText: 'raise-alarm' }).first().waitFor().catch(async () => {
    // criteria rows show the objective text; any criterion of the fire drill is enough
    await page.locator('#review-report td', { hasText: 'alarm' }).first().waitFor();
  });
  await page.click('#analytics-load');
  await page.locator('#analytics-panel svg').first().waitFor();
  await page.click('#review-load');
  await page.locator('#review-player').waitFor({ state: 'visible' });
  await page.locator('#review-status', { hasText: 'Recording of' }).waitFor();
  assert.ok(Number(await page.getAttribute('#review-scrub', 'max')) > 0, 'the recording has frames to scrub through');
  await waitUntil('the replay map draws the scene', async () => (await page.locator('#review-map rect').count()) > 0);
  await page.selectOption('#review-speed', '8');
  await page.click('#review-play');
  await waitUntil('the replay plays to its end',
    async () => (await page.inputValue('#review-scrub')) === (await page.getAttribute('#review-scrub', 'max')));
  await page.screenshot({ path: `${artifacts}/console-review.png`, fullPage: true });

  step('log out');
  await page.click('#back');
  await page.click('#logout');
  await page.locator('#login-view').waitFor();
  assert.equal((await page.request.get(`${url}/api/sessions`)).status(), 401);

  assert.deepEqual(errors, [], 'no script errors on the page');
  assert.deepEqual(outside, [], 'the page asked for nothing outside the server');
  console.log('PASS');
} catch (error) {
  if (page) {
    await page.screenshot({ path: `${artifacts}/console-failure.png`, fullPage: true }).catch(() => {});
  }
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser.close();
  process.stdin.destroy();
}
