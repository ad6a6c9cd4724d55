// @seqline/client against a running Seqline (the standalone, or any system with dev endpoints on):
// SEQLINE_GATEWAY_URL=http://127.0.0.1:8080 npm run test:integration
//
// Node.js 20 has no global WebSocket: the ws package (a devDependency) stands in for it there.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SendRejectedError, SeqlineClient, directConversationId, randomId } from '../src/index.js';

const BASE = process.env.SEQLINE_GATEWAY_URL;
const WebSocketImpl = globalThis.WebSocket ?? (await import('ws')).WebSocket;

/** Waits for `predicate` to hold, checking on every event of `client` (and every 50 ms); fails after `ms`. */
function until(predicate, what, ms = 20_000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (predicate()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }
    };
    const timer = setInterval(check, 50);
    check();
  });
}

async function token(user) {
  const response = await fetch(`${BASE}/dev/token?user=${encodeURIComponent(user)}`);
  assert.equal(response.status, 200, `GET /dev/token for ${user}`);
  return (await response.json()).token;
}

/** A connected client of `user` that records what it shows, per conversation. */
async function connect(user) {
  const wsUrl = `${BASE.replace(/^http/, 'ws')}/ws`;
  const client = new SeqlineClient({
    url: wsUrl, deviceId: `node-${randomId().slice(0, 8)}`, getToken: () => token(user), WebSocket: WebSocketImpl,
  });
  client.shown = new Map();
  client.lateCount = 0;
  client.welcomes = [];
  client.on('welcome', (w) => client.welcomes.push(w));
  client.on('messages', ({ conversationId, messages, late }) => {
    const list = client.shown.get(conversationId) ?? [];
    list.push(...messages);
    client.shown.set(conversationId, list);
    if (late) {
      client.lateCount++;
    }
  });
  client.start();
  await until(() => client.connected, `${user} connected`);
  return client;
}

const texts = (client, conversationId) => (client.shown.get(conversationId) ?? [])
  .filter((m) => m.content?.text !== undefined).map((m) => m.content.text);
const seqs = (client, conversationId) => (client.shown.get(conversationId) ?? []).map((m) => Number(m.seq));

describe('@seqline/client against a running gateway', { skip: !BASE && 'SEQLINE_GATEWAY_URL is not set' }, () => {
  const run = randomId().slice(0, 8);
  const alice = `jsa-${run}`;
  const bob = `jsb-${run}`;
  const carol = `jsc-${run}`;
  const chat = BASE ? directConversationId(alice, bob) : '';
  let a;
  let b;

  before(async () => {
    a = await connect(alice);
    b = await connect(bob);
    b.openConversation(chat);
  });

  after(() => {
    a?.stop();
    b?.stop();
  });

  it('sends more than a window (32) of messages in order; each send resolves with its seq; the peer shows them once, in order', async () => {
    const sent = Array.from({ length: 45 }, (_, i) => `burst ${i + 1}`);
    const results = await Promise.all(sent.map((text) => a.sendText(chat, text)));
    for (let i = 1; i < results.length; i++) {
      assert.ok(results[i] > results[i - 1], `seqs increase with send order: ${results}`);
    }
    await until(() => texts(b, chat).length >= sent.length, 'bob shows the burst');
    assert.deepEqual(texts(b, chat), sent);
    const shown = seqs(b, chat);
    assert.deepEqual(shown, [...shown].sort((x, y) => x - y));
    assert.equal(new Set(shown).size, shown.length);
    await until(() => texts(a, chat).length >= sent.length, 'alice shows her own echoes');
    assert.deepEqual(texts(a, chat), sent);
  });

  it('keeps its stream across a dropped connection and resends what was unacknowledged, nothing twice', async () => {
    const stream = a.streamId;
    const sent = Array.from({ length: 20 }, (_, i) => `across a drop ${i + 1}`);
    const results = sent.map((text) => a.sendText(chat, text));
    a.dropConnection();
    const more = ['after the drop'].map((text) => a.sendText(chat, text));
    await Promise.all([...results, ...more]);
    assert.equal(a.streamId, stream, 'the stream id is kept while sends are pending');
    assert.ok(a.welcomes.length >= 2, 'it reconnected by itself');
    const expected = [...sent, 'after the drop'];
    await until(() => texts(b, chat).filter((t) => expected.includes(t)).length >= expected.length, 'bob shows them');
    assert.deepEqual(texts(b, chat).filter((t) => expected.includes(t)), expected);
    const all = seqs(b, chat);
    assert.equal(new Set(all).size, all.length, 'no seq shown twice');
  });

  it('fails a send refused for good (NOT_MEMBER, INVALID) and goes on with the next ones on the same stream', async () => {
    const notMine = directConversationId(bob, carol);
    await assert.rejects(a.sendText(notMine, 'not my chat'), (e) => e instanceof SendRejectedError && e.reason === 'NOT_MEMBER');
    await assert.rejects(a.sendText(chat, ' '), (e) => e instanceof SendRejectedError && e.reason === 'INVALID');
    const seq = await a.sendText(chat, 'after the refusals');
    await until(() => texts(b, chat).includes('after the refusals'), 'bob shows the next send');
    assert.equal(Number(b.shown.get(chat).at(-1).seq), seq);
  });

  it('catches up a conversation from history for a client that connects later', async () => {
    const late = await connect(bob);
    try {
      late.openConversation(chat);
      await until(() => seqs(late, chat).length === seqs(b, chat).length, 'the new client shows the history');
      assert.deepEqual(seqs(late, chat), seqs(b, chat));
      const answer = await late.sync(chat, 0, 5);
      assert.equal(answer.messages.length, 5);
      assert.equal(late.lateCount, 0);
    } finally {
      late.stop();
    }
  });
});
