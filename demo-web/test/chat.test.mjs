import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { DemoChat } from '../src/lib/chat.js';
import { FakeScheduler, msg } from '../../clients/js/test/fake-scheduler.mjs';

/** A WebSocket double: records what the page sends; the test plays the server. */
class FakeSocket {
  static all = [];

  constructor(url) {
    this.url = new URL(url);
    this.sent = [];
    FakeSocket.all.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close() {}

  serve(frame) {
    this.onmessage({ data: JSON.stringify(frame) });
  }

  framesOf(kind) {
    return this.sent.filter((f) => f[kind]);
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('DemoChat (the page model over @seqline/client)', () => {
  let scheduler;
  let chat;
  let notices;
  const socket = () => FakeSocket.all.at(-1);
  const shown = (id) => chat.store.get(id).messages.map((m) => Number(m.seq));

  beforeEach(async () => {
    FakeSocket.all = [];
    scheduler = new FakeScheduler();
    notices = [];
    chat = new DemoChat({ url: 'ws://localhost:8080/ws', userId: 'alice', deviceId: 'd1', getToken: async () => 'tok',
      WebSocket: FakeSocket, scheduler });
    chat.on('notice', (n) => notices.push(n));
    chat.start();
    await settle();
    socket().serve({ welcome: { userId: 'alice', deviceId: 'd1', streamId: 's1', serverTimeMs: '1' } });
  });

  it('fills the store from the listing and history, with unread counts and where messages came from', () => {
    const c = 'p:alice:bob';
    socket().serve({ requestId: socket().sent[0].requestId, conversations: { items: [
      { conversationId: c, type: 'DIRECT', name: '', maxSeq: '3', readSeq: '1' }], nextPageToken: '' } });
    socket().serve({ message: msg(3, { c, sender: 'bob' }) });
    const sync = socket().framesOf('sync')[0];
    socket().serve({ requestId: sync.requestId, syncResult: { conversationId: c,
      messages: [1, 2].map((s) => msg(s, { c, sender: 'bob' })), throughSeq: '2', maxSeq: '3' } });
    assert.deepEqual(shown(c), [1, 2, 3]);
    assert.equal(chat.store.unread(chat.store.get(c)), 2);
    assert.deepEqual(chat.store.get(c).messages.map((m) => m.via), ['history', 'history', 'buffer']);
  });

  it('keeps sends in the outbox until shown, and marks a refused one failed', () => {
    const c = 'p:alice:bob';
    chat.openConversation(c);
    chat.sendText(c, 'hi');
    chat.sendText(c, 'nope');
    const [hi, nope] = socket().framesOf('send');
    assert.equal(chat.outboxOf(c).length, 2);
    socket().serve({ message: msg(1, { c, sender: 'alice', device: 'd1', clientMsgId: hi.send.clientMsgId }) });
    socket().serve({ requestId: nope.requestId, rejected: { conversationId: c, clientMsgId: nope.send.clientMsgId,
      clientSeq: '2', reason: 'NOT_MEMBER', detail: '' } });
    assert.deepEqual(chat.outboxOf(c).map((e) => [e.content.text, e.status]), [['nope', 'failed']]);
    assert.match(notices.at(-1), /NOT_MEMBER/);
  });

  it('puts a late message into its place in the conversation', () => {
    const c = 'p:alice:bob';
    chat.store.applyDelivered(c, [msg(1, { c }), msg(3, { c })]);
    chat.store.applyDelivered(c, [{ ...msg(2, { c }), via: 'late' }]);
    assert.deepEqual(shown(c), [1, 2, 3]);
    assert.equal(Number(chat.store.get(c).lastMessage.seq), 3);
  });

  it('passes incoming frames through the chaos filter when it is on', () => {
    const c = 'p:alice:bob';
    chat.openConversation(c);
    chat.setChaos(true);
    chat.chaos.dropRate = 1;
    socket().serve({ message: msg(1, { c, sender: 'bob' }) });
    assert.deepEqual(shown(c), []);
    assert.equal(chat.stats().dropped, 1);
    chat.setChaos(false);
    socket().serve({ message: msg(1, { c, sender: 'bob' }) });
    assert.deepEqual(shown(c), [1]);
  });
});
