import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { SeqlineClient } from '../src/lib/client.js';
import { FakeScheduler, msg } from './fake-scheduler.mjs';

/** A WebSocket double: records what the client sends; the test plays the server. */
class FakeSocket {
  static all = [];

  constructor(url) {
    this.url = new URL(url);
    this.sent = [];
    this.closed = false;
    FakeSocket.all.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close() {
    this.closed = true;
  }

  serve(frame) {
    this.onmessage({ data: JSON.stringify(frame) });
  }

  drop() {
    this.onclose({});
  }

  kinds() {
    return this.sent.map((f) => Object.keys(f).find((k) => k !== 'requestId'));
  }

  framesOf(kind) {
    return this.sent.filter((f) => f[kind]);
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SeqlineClient', () => {
  let scheduler;
  let client;
  let notices;

  const socket = () => FakeSocket.all.at(-1);
  const welcome = (streamId = 'stream-1') => socket().serve({ welcome: { userId: 'alice', deviceId: 'd1', streamId, serverTimeMs: '1' } });
  const shown = (id) => client.store.get(id).messages.map((m) => Number(m.seq));

  beforeEach(async () => {
    FakeSocket.all = [];
    scheduler = new FakeScheduler();
    notices = [];
    client = new SeqlineClient({
      wsUrl: 'ws://localhost:8080/ws', userId: 'alice', deviceId: 'd1', getToken: async () => 'tok',
      WebSocket: FakeSocket, scheduler,
    });
    client.on('notice', (n) => notices.push(n));
    client.start();
    await settle();
  });

  it('connects with the JSON codec, its device and token, then lists conversations', () => {
    assert.equal(socket().url.pathname, '/ws');
    assert.equal(socket().url.searchParams.get('codec'), 'json');
    assert.equal(socket().url.searchParams.get('device'), 'd1');
    assert.equal(socket().url.searchParams.get('token'), 'tok');
    assert.equal(socket().url.searchParams.get('stream'), null);
    welcome();
    assert.equal(client.status, 'open');
    assert.deepEqual(socket().kinds(), ['listConversations']);
  });

  it('syncs each listed conversation from its recent end and shows the answer', () => {
    welcome();
    const list = socket().sent[0];
    socket().serve({ requestId: list.requestId, conversations: { items: [
      { conversationId: 'p:alice:bob', type: 'DIRECT', name: '', maxSeq: '3', readSeq: '1', lastMessage: msg(3, { c: 'p:alice:bob' }) },
      { conversationId: 'p:alice:carol', type: 'DIRECT', name: '', maxSeq: '500', readSeq: '500' },
    ], nextPageToken: '' } });
    const syncs = socket().framesOf('sync');
    assert.deepEqual(syncs.map((f) => [f.sync.conversationId, f.sync.afterSeq]), [['p:alice:bob', '0'], ['p:alice:carol', '300']]);
    socket().serve({ requestId: syncs[0].requestId, syncResult: {
      conversationId: 'p:alice:bob', messages: [1, 2, 3].map((s) => msg(s, { c: 'p:alice:bob', sender: 'bob' })),
      throughSeq: '3', maxSeq: '3' } });
    assert.deepEqual(shown('p:alice:bob'), [1, 2, 3]);
    assert.equal(client.store.unread(client.store.get('p:alice:bob')), 2);
  });

  it('puts live deliveries in seq order and loads a new conversation’s history', () => {
    welcome();
    const c = 'p:alice:bob';
    socket().serve({ message: msg(3, { c, sender: 'bob' }) });
    const sync = socket().framesOf('sync')[0];
    assert.equal(sync.sync.afterSeq, '0', 'a conversation new to the page is loaded from history at once');
    socket().serve({ message: msg(2, { c, sender: 'bob' }) });
    assert.deepEqual(shown(c), []);
    socket().serve({ requestId: sync.requestId, syncResult: { conversationId: c, messages: [msg(1, { c, sender: 'bob' })], throughSeq: '1', maxSeq: '3' } });
    assert.deepEqual(shown(c), [1, 2, 3]);
    assert.deepEqual(client.store.get(c).messages.map((m) => m.via), ['history', 'buffer', 'buffer'],
      'the page can show which messages waited and which came from history');
  });

  it('sends text with clientSeq 1, 2 and clears the outbox on the echo', () => {
    welcome();
    const c = 'p:alice:bob';
    client.openConversation(c);
    client.sendText(c, 'hi');
    client.sendText(c, 'there');
    const sends = socket().framesOf('send');
    assert.deepEqual(sends.map((f) => [f.send.clientSeq, f.send.content.text]), [['1', 'hi'], ['2', 'there']]);
    assert.equal(client.outboxOf(c).length, 2);
    socket().serve({ message: { ...msg(1, { c, sender: 'alice', device: 'd1', clientMsgId: sends[0].send.clientMsgId }) } });
    assert.deepEqual(client.outboxOf(c).map((e) => e.content.text), ['there']);
    assert.equal(client.windows.get(c).unacked, 1);
  });

  it('reconnects with backoff, keeps the stream while sends are pending, resends them and syncs everything', async () => {
    welcome('stream-1');
    const c = 'p:alice:bob';
    client.openConversation(c);
    client.sendText(c, 'one');
    client.sendText(c, 'two');
    socket().drop();
    assert.equal(client.status, 'reconnecting');
    client.sendText(c, 'three'); // queued
    scheduler.advance(500);
    await settle();
    assert.equal(FakeSocket.all.length, 2);
    assert.equal(socket().url.searchParams.get('stream'), 'stream-1');
    welcome('stream-1');
    assert.deepEqual(socket().framesOf('send').map((f) => [f.send.clientSeq, f.send.content.text]),
      [['1', 'one'], ['2', 'two'], ['3', 'three']]);
    assert.deepEqual(socket().framesOf('sync').map((f) => f.sync.conversationId), [c]);
  });

  it('drops its connection on demand and comes back by itself', async () => {
    welcome();
    const first = socket();
    client.dropConnection();
    assert.ok(first.closed);
    assert.equal(client.status, 'reconnecting');
    client.openConversation('p:alice:bob');
    client.sendText('p:alice:bob', 'while away');
    assert.equal(first.framesOf('send').length, 0);
    scheduler.advance(500);
    await settle();
    welcome();
    assert.deepEqual(socket().framesOf('send').map((f) => f.send.content.text), ['while away']);
  });

  it('takes a fresh stream on reconnect when nothing is pending', async () => {
    welcome('stream-1');
    socket().drop();
    scheduler.advance(500);
    await settle();
    assert.equal(socket().url.searchParams.get('stream'), null);
  });

  it('degrades when the server does not support a feature yet', () => {
    welcome();
    const list = socket().sent[0];
    socket().serve({ requestId: list.requestId, error: { code: 'UNSUPPORTED', message: 'not yet' } });
    assert.match(notices.at(-1), /does not support listConversations/);
    client.listConversations();
    assert.equal(socket().framesOf('listConversations').length, 1);
  });

  it('acknowledges sends seen in a sync whose echo was lost', () => {
    welcome();
    const c = 'p:alice:bob';
    client.openConversation(c);
    client.sendText(c, 'lost echo');
    const send = socket().framesOf('send')[0];
    const sync = socket().framesOf('sync')[0];
    socket().serve({ requestId: sync.requestId, syncResult: { conversationId: c,
      messages: [msg(1, { c, sender: 'alice', device: 'd1', clientMsgId: send.send.clientMsgId })], throughSeq: '1', maxSeq: '1' } });
    assert.equal(client.windows.get(c).unacked, 0);
    assert.deepEqual(client.outboxOf(c), []);
  });

  it('learns from a sendAck that a seq exists and fills up to it', () => {
    welcome();
    const c = 'p:alice:bob';
    client.openConversation(c);
    const first = socket().framesOf('sync')[0];
    socket().serve({ requestId: first.requestId, syncResult: { conversationId: c, messages: [], throughSeq: '0', maxSeq: '0' } });
    client.sendText(c, 'x');
    const send = socket().framesOf('send')[0];
    socket().serve({ sendAck: { conversationId: c, clientMsgId: send.send.clientMsgId, clientSeq: '1', seq: '1' } });
    scheduler.advance(300);
    assert.deepEqual(socket().framesOf('sync').map((f) => f.sync.afterSeq), ['0', '0']);
  });

  it('answers a sync that gets no answer with a retry', () => {
    welcome();
    client.openConversation('p:alice:bob');
    assert.equal(socket().framesOf('sync').length, 1);
    client.receivers.get('p:alice:bob').noteMaxSeq(2);
    scheduler.advance(4000); // the sync timed out
    scheduler.advance(300);
    assert.equal(socket().framesOf('sync').length, 2);
  });
});
