// Browser test of the demo chat: two users in two browser contexts chat both ways with network chaos on,
// see the same messages in the same seq order, recall a message on both sides, then typing, read ticks, a
// group and the phone layout. Screenshots go to e2e/screenshots/.
//
//   node e2e/chat.e2e.mjs http://127.0.0.1:8080 [http://127.0.0.1:8081]
//
// With a second URL, bob uses that gateway (messages then cross gateways).
// Drives Debian's Chromium through playwright-core (CHROMIUM_PATH overrides /usr/bin/chromium).
// Exit code 0 when every check passed.

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const baseUrl = (process.argv[2] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const secondUrl = (process.argv[3] ?? baseUrl).replace(/\/$/, ''); // bob's gateway (may be another one)
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = fileURLToPath(new URL('./screenshots/', import.meta.url));
const WAIT_MS = Number(process.env.E2E_WAIT_MS ?? 45000);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];

const suffix = Date.now().toString(36).slice(-6);
const alice = `alice-${suffix}`;
const bob = `bob-${suffix}`;
const direct = `p:${[alice, bob].sort().join(':')}`;
const problems = [];
const pages = [];
let step = 0;

function ok(text) {
  console.log(`ok ${++step} - ${text}`);
}

async function waitFor(label, probe, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last && last.ok !== false) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms: ${label}${last?.why ? ` (${last.why})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function openPage(browser, name, url, viewport = { width: 1100, height: 760 }, extra = {}) {
  const context = await browser.newContext({ viewport, ...extra });
  const page = await context.newPage();
  pages.push([name, page]);
  page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      problems.push(`${name}: console error: ${m.text()}`);
    }
  });
  await page.goto(url);
  return page;
}

async function login(page, user) {
  await page.getByTestId('login-user').fill(user);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('connection-status').filter({ hasText: 'online' }).waitFor({ timeout: WAIT_MS });
}

async function setChaos(page, on) {
  const toggle = page.getByTestId('chaos-toggle');
  if ((await toggle.getAttribute('aria-checked')) !== String(on)) {
    await toggle.click();
  }
  if ((await toggle.getAttribute('aria-checked')) !== String(on)) {
    throw new Error(`chaos switch did not turn ${on ? 'on' : 'off'}`);
  }
}

async function send(page, text) {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('send').click();
}

async function openConversation(page, conversationId) {
  const item = page.locator(`[data-testid="conversation"][data-conversation-id="${conversationId}"]`);
  await item.waitFor({ timeout: WAIT_MS });
  await item.click();
}

/** The shown messages, in page order: seq, sender, text, recalled. */
function shownMessages(page) {
  return page.$$eval('[data-testid="message"]', (nodes) => nodes.map((n) => ({
    seq: Number(n.dataset.seq),
    sender: n.dataset.sender,
    text: n.querySelector('.text')?.textContent ?? '',
    recalled: n.dataset.recalled === 'true',
  })));
}

function sameMessages(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function screenshot(page, name) {
  await page.screenshot({ path: `${shots}${name}.png`, fullPage: false });
}

async function main() {
  await mkdir(shots, { recursive: true });
  const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
  try {
    await run(browser);
  } catch (e) {
    for (const [name, page] of pages) {
      await page.screenshot({ path: `${shots}failure-${name}.png` }).catch(() => {});
    }
    throw e;
  } finally {
    await browser.close();
  }
}

async function run(browser) {
  const a = await openPage(browser, alice, baseUrl);
  const b = await openPage(browser, bob, secondUrl);
  await screenshot(a, '01-login');
  await login(a, alice);
  await login(b, bob);
  ok(`${alice} (${baseUrl}) and ${bob} (${secondUrl}) logged in through /dev/token and connected`);

  await setChaos(a, true);
  await setChaos(b, true);
  ok('network chaos on in both windows');

  // alice starts the direct chat and sends a burst
  await a.getByTestId('new-chat-user').fill(bob);
  await a.getByTestId('new-chat-submit').click();
  await a.getByTestId('composer').waitFor();
  const aliceTexts = [];
  const bobTexts = [];
  for (let i = 1; i <= 4; i++) {
    aliceTexts.push(`a${i} from ${alice}`);
    await send(a, aliceTexts.at(-1));
  }
  // bob sees the conversation with unread messages, opens it and answers
  const item = b.locator(`[data-testid="conversation"][data-conversation-id="${direct}"]`);
  await item.waitFor({ timeout: WAIT_MS });
  await waitFor('bob sees unread messages', async () => Number(await item.getAttribute('data-unread')) >= 1);
  await screenshot(b, '02-unread');
  ok(`bob's list shows ${direct} with unread ${await item.getAttribute('data-unread')}`);
  await item.click();
  for (let i = 1; i <= 4; i++) {
    bobTexts.push(`b${i} from ${bob}`);
    await send(b, bobTexts.at(-1));
    if (i % 2 === 0) {
      aliceTexts.push(`a${aliceTexts.length + 1} from ${alice}`);
      await send(a, aliceTexts.at(-1));
    }
  }
  for (let i = 1; i <= 10; i++) { // a burst: pipelined sends, their echoes disturbed by the chaos too
    aliceTexts.push(`burst ${i} from ${alice}`);
    await send(a, aliceTexts.at(-1));
  }
  const total = aliceTexts.length + bobTexts.length;

  const final = await waitFor(`both windows show the ${total} messages in the same seq order`, async () => {
    const [left, right] = [await shownMessages(a), await shownMessages(b)];
    if (left.length < total || right.length < total) {
      return { ok: false, why: `alice shows ${left.length}, bob shows ${right.length}` };
    }
    return sameMessages(left, right) ? { ok: true, messages: left } : { ok: false, why: 'different lists' };
  });
  const messages = final.messages;
  const seqs = messages.map((m) => m.seq);
  if (messages.length !== total) {
    throw new Error(`expected ${total} messages, got ${messages.length}`);
  }
  if (!seqs.every((s, i) => i === 0 || s > seqs[i - 1])) {
    throw new Error(`seqs not increasing: ${seqs}`);
  }
  const order = (sender) => messages.filter((m) => m.sender === sender).map((m) => m.text);
  if (!sameMessages(order(alice), aliceTexts) || !sameMessages(order(bob), bobTexts)) {
    throw new Error(`a sender's order is broken: ${JSON.stringify(messages)}`);
  }
  ok(`both windows show the same ${total} messages in seq order ${seqs.join(',')}, each sender's order kept`);
  const statsA = await a.getByTestId('chaos-stats').textContent();
  const statsB = await b.getByTestId('chaos-stats').textContent();
  ok(`chaos at work: alice [${statsA}] bob [${statsB}]`);
  await screenshot(a, '03-alice-chaos');
  await screenshot(b, '03-bob-chaos');

  // recall: alice recalls a fresh message of hers (the test cluster allows recalls for 3 s only, so her
  // window shows her echo without chaos); bob keeps chaos on, so he may get the recall late or from history
  await setChaos(a, false);
  const recallText = `recall me ${suffix}`;
  await send(a, recallText);
  const own = a.locator('[data-testid="message"]', { hasText: recallText });
  await own.waitFor({ timeout: WAIT_MS });
  const targetSeq = Number(await own.getAttribute('data-seq'));
  await own.locator('[data-testid="recall"]').click();
  for (const [page, who] of [[a, alice], [b, bob]]) {
    await waitFor(`${who} sees message ${targetSeq} recalled`, async () => {
      const node = page.locator(`[data-testid="message"][data-seq="${targetSeq}"]`);
      return (await node.count()) === 1 && (await node.getAttribute('data-recalled')) === 'true'
        && !(await page.locator('[data-testid="message"] .text').allTextContents()).includes(recallText);
    });
  }
  if (await b.locator(`[data-testid="message"][data-seq="${targetSeq}"] [data-testid="recall"]`).count() !== 0) {
    throw new Error('bob can recall alice’s message');
  }
  await waitFor('both windows agree after the recall', async () => sameMessages(await shownMessages(a), await shownMessages(b)));
  ok(`recall of seq ${targetSeq} shows on both sides (bob still under chaos); its text is gone`);
  await screenshot(a, '04-alice-recalled');
  await screenshot(b, '04-bob-recalled');

  // without chaos: typing indicator and read ticks
  await setChaos(b, false);
  await a.getByTestId('composer').fill('typing something');
  await waitFor('bob sees alice typing', async () => {
    await a.getByTestId('composer').press('x'); // alice keeps typing (the page signals at most every 2 s)
    return (await b.getByTestId('typing').textContent()).includes(alice);
  });
  ok('typing indicator reaches the other side');
  await a.getByTestId('composer').fill('');
  await send(b, 'b5 read me');
  await waitFor('bob’s last message gets a read tick from alice', async () => {
    const last = b.locator('[data-testid="message"]').last();
    return (await last.locator('.text').textContent()) === 'b5 read me'
      && (await last.locator('[data-testid="read-tick"]').count()) === 1;
  });
  ok('read tick on a message the other side has seen');

  // bob's connection drops; what he sends meanwhile waits and goes out in order after the reconnect
  await b.getByTestId('drop-connection').click();
  await send(b, 'b6 while offline');
  await send(b, 'b7 while offline');
  await b.getByTestId('connection-status').filter({ hasText: 'online' }).waitFor({ timeout: WAIT_MS });
  const afterReconnect = await waitFor('both windows show the sends made while offline, in order', async () => {
    const [left, right] = [await shownMessages(a), await shownMessages(b)];
    const texts = right.map((m) => m.text);
    return sameMessages(left, right) && texts.at(-2) === 'b6 while offline' && texts.at(-1) === 'b7 while offline'
      ? { ok: true, right } : { ok: false, why: `bob shows …${JSON.stringify(texts.slice(-2))}` };
  });
  ok(`reconnect: bob's offline sends arrive in order (seqs ${afterReconnect.right.slice(-2).map((m) => m.seq).join(', ')})`);
  const bobDirect = await shownMessages(b);

  // a group: alice creates it with bob and writes; bob sees it
  await a.locator('#new-group summary').click();
  await a.getByTestId('new-group-name').fill(`Team ${suffix}`);
  await a.getByTestId('new-group-members').fill(bob);
  await a.getByTestId('new-group-submit').click();
  await waitFor('alice has the group open', async () => (await a.locator('#conv-title').textContent()) === `Team ${suffix}`);
  const groupId = decodeURIComponent(new URL(a.url()).hash.slice(1));
  await send(a, `hello team ${suffix}`);
  await openConversation(b, groupId);
  await waitFor('bob sees the group message', async () =>
    (await b.locator('[data-testid="message"] .text').allTextContents()).includes(`hello team ${suffix}`));
  const groupA = await waitFor('same group log', async () => {
    const [left, right] = [await shownMessages(a), await shownMessages(b)];
    return sameMessages(left, right) && left.length === 1 ? { ok: true, left } : { ok: false };
  });
  ok(`group ${groupId} created, bob receives alice's message (seq ${groupA.left[0].seq}, after the creation event)`);
  await screenshot(a, '05-alice-group');

  // phone width: bob on a second device
  const phone = await openPage(browser, `${bob}-phone`, secondUrl, { width: 390, height: 844 }, { isMobile: true, hasTouch: true });
  await login(phone, bob);
  await phone.locator(`[data-testid="conversation"][data-conversation-id="${direct}"]`).waitFor({ timeout: WAIT_MS });
  await screenshot(phone, '06-phone-list');
  await openConversation(phone, direct);
  const onPhone = await waitFor('the phone shows the direct chat', async () => {
    const shown = await shownMessages(phone);
    return shown.length >= bobDirect.length ? { ok: true, shown } : { ok: false, why: `${shown.length} shown` };
  });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) {
    throw new Error(`the page is ${overflow}px wider than a phone`);
  }
  if (!sameMessages(onPhone.shown, bobDirect)) {
    throw new Error(`bob's phone and desktop differ:\n${JSON.stringify(onPhone.shown)}\n${JSON.stringify(bobDirect)}`);
  }
  await screenshot(phone, '06-phone-chat');
  ok('phone width: one pane at a time, no horizontal overflow, same messages as bob’s other window');

  if (problems.length > 0) {
    throw new Error(`errors in the pages:\n  ${problems.join('\n  ')}`);
  }
  ok('no page errors, no console errors (the page loads nothing from outside)');
}

main().then(() => {
  console.log(`# all ${step} checks passed; screenshots in ${shots}`);
}, (e) => {
  console.error(`not ok - ${e.message}`);
  if (problems.length > 0) {
    console.error(`  page problems:\n  ${problems.join('\n  ')}`);
  }
  process.exitCode = 1;
});
