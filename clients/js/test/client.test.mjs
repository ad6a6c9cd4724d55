import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { SendRejectedError, SeqlineClient, SeqlineError } from '../src/index.js';
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
  let events;

  const socket = () => FakeSocket.all.at(-1);
  const welcome = (streamId = 'stream-1') => socket().serve({ welcome: { userId: 'alice', deviceId: 'd1', streamId, serverTimeMs: '1' } });
  const shown = (id) => events.messages.filter((e) => e.conversationId === id).flatMap((e) => e.messages.map((m) => Number(m.seq)));
  const answer = (frame, kind, body) => socket().serve({ requestId: frame.requestId, [kind]: body });
  const lastSync = () => socket().framesOf('sync').at(-1);

  const make = (options = {}) => {
    events = { messages: [], sent: [], sendFailed: [], skipped: [], error: [] };
    client = new SeqlineClient({
      url: 'ws://localhost:8080/ws', deviceId: 'd1', getToken: async () => 'tok',
      WebSocket: FakeSocket, scheduler, ...options,
    });
    for (const event of Object.keys(events)) {
      client.on(event, (value) => events[event].push(value));
    }
    client.start();
    return settle();
  };

  beforeEach(async () => {
    FakeSocket.all = [];
    scheduler = new FakeScheduler();
    await make();
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

  it('needs a WebSocket constructor where the platform has none', () => {
    const saved = globalThis.WebSocket;
    globalThis.WebSocket = undefined;
    try {
      assert.throws(() => new SeqlineClient({ url: 'ws://x/ws', deviceId: 'd', token: 't' }), /WebSocket/);
    } finally {
      globalThis.WebSocket = saved;
    }
  });

  it('syncs each listed conversation and shows the answer; initialHistory starts long ones at their recent end', async () => {
    FakeSocket.all = [];
    await make({ settings: { initialHistory: 200 } });
    welcome();
    const list = socket().sent[0];
    answer(list, 'conversations', { items: [
      { conversationId: 'p:alice:bob', type: 'DIRECT', name: '', maxSeq: '3', readSeq: '1' },
      { conversationId: 'p:alice:carol', type: 'DIRECT', name: '', maxSeq: '500', readSeq: '500' },
    ], nextPageToken: '' });
    const syncs = socket().framesOf('sync');
    assert.deepEqual(syncs.map((f) => [f.sync.conversationId, f.sync.afterSeq]), [['p:alice:bob', '0'], ['p:alice:carol', '300']]);
    answer(syncs[0], 'syncResult', { conversationId: 'p:alice:bob',
      messages: [1, 2, 3].map((s) => msg(s, { c: 'p:alice:bob', sender: 'bob' })), throughSeq: '3', maxSeq: '3' });
    assert.deepEqual(shown('p:alice:bob'), [1, 2, 3]);
  });

  it('puts live deliveries in seq order and loads a new conversation’s history from seq 1', () => {
    welcome();
    const c = 'p:alice:bob';
    socket().serve({ message: msg(3, { c, sender: 'bob' }) });
    assert.equal(lastSync().sync.afterSeq, '0', 'a conversation new to the client is loaded from history at once');
    socket().serve({ message: msg(2, { c, sender: 'bob' }) });
    assert.deepEqual(shown(c), []);
    answer(lastSync(), 'syncResult', { conversationId: c, messages: [msg(1, { c, sender: 'bob' })], throughSeq: '1', maxSeq: '3' });
    assert.deepEqual(shown(c), [1, 2, 3]);
    assert.deepEqual(events.messages.flatMap((e) => e.messages.map((m) => m.via)), ['history', 'buffer', 'buffer'],
      'which messages waited and which came from history');
  });

  it('sends with clientSeq 1, 2 and resolves each send with its seq on its echo', async () => {
    welcome();
    const c = 'p:alice:bob';
    const first = client.sendText(c, 'hi');
    const second = client.sendText(c, 'there', { clientMsgId: 'my-id' });
    const sends = socket().framesOf('send');
    assert.deepEqual(sends.map((f) => [f.send.clientSeq, f.send.content.text]), [['1', 'hi'], ['2', 'there']]);
    assert.equal(sends[1].send.clientMsgId, 'my-id');
    socket().serve({ message: msg(7, { c, sender: 'alice', device: 'd1', clientMsgId: sends[0].send.clientMsgId }) });
    assert.equal(await first, 7);
    assert.equal(client.windows.get(c).unacked, 1);
    socket().serve({ sendAck: { conversationId: c, clientMsgId: 'my-id', clientSeq: '2', seq: '8' } });
    assert.equal(await second, 8, 'a sendAck (duplicate) gives the seq like the echo');
    assert.deepEqual(events.sent.map((e) => e.seq), [7, 8]);
  });

  it('fails a send refused for good and moves the later one down; RATE_LIMITED never reaches the application', async () => {
    welcome();
    const c = 'p:alice:bob';
    const refused = client.sendText(c, 'x'.repeat(10));
    const limited = client.sendText(c, 'later');
    const [one, two] = socket().framesOf('send');
    answer(one, 'rejected', { conversationId: c, clientMsgId: one.send.clientMsgId, clientSeq: '1', reason: 'TOO_LARGE', detail: 'big' });
    await assert.rejects(refused, (e) => e instanceof SendRejectedError && e.reason === 'TOO_LARGE' && e.detail === 'big');
    const again = socket().framesOf('send').at(-1);
    assert.deepEqual([again.send.clientMsgId, again.send.clientSeq], [two.send.clientMsgId, '1']);
    answer(again, 'rejected', { conversationId: c, clientMsgId: two.send.clientMsgId, clientSeq: '1', reason: 'RATE_LIMITED' });
    scheduler.advance(5000);
    const retried = socket().framesOf('send').at(-1);
    assert.deepEqual([retried.send.clientMsgId, retried.send.clientSeq, retried.send.content.text], [two.send.clientMsgId, '1', 'later']);
    socket().serve({ message: msg(1, { c, sender: 'alice', device: 'd1', clientMsgId: two.send.clientMsgId }) });
    assert.equal(await limited, 1);
    assert.deepEqual(events.sendFailed.map((e) => e.reason), ['TOO_LARGE']);
  });

  it('keeps a send that OUT_OF_ORDER says was accepted long ago until the log gives its seq', async () => {
    welcome();
    const c = 'p:alice:bob';
    const old = client.sendText(c, 'accepted before');
    const [frame] = socket().framesOf('send');
    answer(frame, 'rejected', { conversationId: c, clientMsgId: frame.send.clientMsgId, clientSeq: '1', reason: 'OUT_OF_ORDER', expectedClientSeq: '2' });
    assert.deepEqual(events.sendFailed, []);
    client.receivers.get(c).noteMaxSeq(4);
    scheduler.advance(300);
    answer(lastSync(), 'syncResult', { conversationId: c,
      messages: [msg(4, { c, sender: 'alice', device: 'd1', clientMsgId: frame.send.clientMsgId })], throughSeq: '4', maxSeq: '4' });
    assert.equal(await old, 4);
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

  it('rejects requests the server does not support and stops asking', async () => {
    welcome();
    const list = socket().sent[0];
    const second = client.listConversations();
    answer(list, 'error', { code: 'UNSUPPORTED', message: 'not yet' });
    await assert.rejects(client.listConversations(), (e) => e instanceof SeqlineError && e.code === 'UNSUPPORTED');
    assert.equal(socket().framesOf('listConversations').length, 2);
    assert.ok(second instanceof Promise);
  });

  it('acknowledges sends seen in a sync whose echo was lost', async () => {
    welcome();
    const c = 'p:alice:bob';
    client.openConversation(c);
    const seq = client.sendText(c, 'lost echo');
    const send = socket().framesOf('send')[0];
    const sync = socket().framesOf('sync')[0];
    answer(sync, 'syncResult', { conversationId: c,
      messages: [msg(1, { c, sender: 'alice', device: 'd1', clientMsgId: send.send.clientMsgId })], throughSeq: '1', maxSeq: '1' });
    assert.equal(client.windows.get(c).unacked, 0);
    assert.equal(await seq, 1);
  });

  it('learns from a sendAck that a seq exists and fills up to it', () => {
    welcome();
    const c = 'p:alice:bob';
    client.openConversation(c);
    answer(socket().framesOf('sync')[0], 'syncResult', { conversationId: c, messages: [], throughSeq: '0', maxSeq: '0' });
    client.sendText(c, 'x');
    const send = socket().framesOf('send')[0];
    socket().serve({ sendAck: { conversationId: c, clientMsgId: send.send.clientMsgId, clientSeq: '1', seq: '1' } });
    scheduler.advance(300);
    assert.deepEqual(socket().framesOf('sync').map((f) => f.sync.afterSeq), ['0', '0']);
  });

  it('retries a sync that gets no answer', () => {
    welcome();
    client.openConversation('p:alice:bob');
    assert.equal(socket().framesOf('sync').length, 1);
    client.receivers.get('p:alice:bob').noteMaxSeq(2);
    scheduler.advance(4000); // the sync timed out
    scheduler.advance(300);
    assert.equal(socket().framesOf('sync').length, 2);
  });

  it('shows a late seq, flagged, after moving past it; the application’s own sync resolves and feeds the line', async () => {
    FakeSocket.all = [];
    await make({ settings: { maxRetries: 0 } });
    welcome();
    const c = 'p:alice:bob';
    client.openConversation(c);
    answer(lastSync(), 'syncResult', { conversationId: c, messages: [msg(1, { c })], throughSeq: '1', maxSeq: '1' });
    socket().serve({ message: msg(3, { c }) });
    scheduler.advance(300);
    answer(lastSync(), 'syncResult', { conversationId: c, messages: [], throughSeq: '1', maxSeq: '3' });
    answer(lastSync(), 'syncResult', { conversationId: c, messages: [], throughSeq: '1', maxSeq: '3' }); // the last try
    assert.deepEqual(shown(c), [1, 3]);
    assert.deepEqual(events.skipped, [{ conversationId: c, from: 2, to: 2, confirmed: false }]);
    const page = client.sync(c, 1, 10);
    answer(lastSync(), 'syncResult', { conversationId: c, messages: [msg(2, { c }), msg(3, { c })], throughSeq: '3', maxSeq: '3' });
    assert.equal((await page).messages.length, 2);
    assert.deepEqual(shown(c), [1, 3, 2]);
    assert.deepEqual(events.messages.at(-1).late, true);
    socket().serve({ message: msg(2, { c }) });
    socket().serve({ message: msg(4, { c }) });
    assert.deepEqual(shown(c), [1, 3, 2, 4], 'the second copy of 2 is dropped');
  });

  describe('late fill', () => {
    const c = 'p:alice:bob';
    const answered = new Set();
    /** Answers every sync not answered yet (history has nothing past `throughSeq`) until the line moves past the gap. */
    const historyStaysAt = (throughSeq) => {
      for (let i = 0; i < 200 && client.receivers.get(c).hasGap; i++) {
        scheduler.advance(100);
        for (const frame of socket().framesOf('sync').filter((f) => !answered.has(f.requestId))) {
          answered.add(frame.requestId);
          answer(frame, 'syncResult', { conversationId: c, messages: [], throughSeq: String(throughSeq), maxSeq: String(throughSeq) });
        }
      }
    };
    /** A line that showed 1..4, 6, 7 and gave up on 5 (history stayed at 4 through every retry). */
    const missFive = () => {
      answered.clear();
      welcome();
      client.openConversation(c);
      const first = lastSync();
      answered.add(first.requestId);
      answer(first, 'syncResult', { conversationId: c, messages: [1, 2, 3, 4].map((s) => msg(s, { c })), throughSeq: '4', maxSeq: '4' });
      socket().serve({ message: msg(6, { c }) });
      socket().serve({ message: msg(7, { c }) });
      historyStaysAt(4);
      assert.deepEqual(shown(c), [1, 2, 3, 4, 6, 7], 'moved on');
      assert.deepEqual(events.skipped, [{ conversationId: c, from: 5, to: 5, confirmed: false }]);
    };
    const syncsAfter = () => socket().framesOf('sync').map((f) => f.sync.afterSeq);

    it('syncs again from the lowest late seq after 4.8 s and shows it, flagged late, once', () => {
      missFive();
      const before = syncsAfter().length;
      scheduler.advance(4799);
      assert.equal(syncsAfter().length, before);
      scheduler.advance(1);
      assert.deepEqual(syncsAfter().slice(before), ['4']);
      answer(lastSync(), 'syncResult', { conversationId: c, messages: [5, 6, 7].map((s) => msg(s, { c })), throughSeq: '7', maxSeq: '7' });
      assert.deepEqual(shown(c), [1, 2, 3, 4, 6, 7, 5]);
      assert.equal(events.messages.at(-1).late, true);
      assert.equal(events.messages.at(-1).messages[0].via, 'late');
      socket().serve({ message: msg(5, { c }) });
      scheduler.advance(120_000);
      assert.deepEqual(shown(c), [1, 2, 3, 4, 6, 7, 5], 'exactly once');
      assert.deepEqual(syncsAfter().slice(before), ['4'], 'nothing late any more: no more syncs');
    });

    it('keeps asking, 9.6 s later, when history still lacks it; an unanswered sync counts as a failed try', () => {
      missFive();
      const before = syncsAfter().length;
      scheduler.advance(4800);
      answer(lastSync(), 'syncResult', { conversationId: c, messages: [], throughSeq: '4', maxSeq: '7' });
      scheduler.advance(9600);
      assert.deepEqual(syncsAfter().slice(before), ['4', '4']);
      scheduler.advance(4000); // no answer within syncTimeoutMs
      scheduler.advance(19_199);
      assert.equal(syncsAfter().length, before + 2);
      scheduler.advance(1);
      assert.deepEqual(syncsAfter().slice(before), ['4', '4', '4']);
    });

    it('syncs a conversation with late seqs at once after a reconnect', async () => {
      missFive();
      scheduler.advance(1000);
      socket().drop();
      scheduler.advance(500);
      await settle();
      assert.equal(FakeSocket.all.length, 2);
      welcome();
      assert.deepEqual(socket().framesOf('sync').map((f) => [f.sync.conversationId, f.sync.afterSeq]), [[c, '7'], [c, '4']],
        'the line from nextSeq, and the late seqs from the lowest one, before the listing is answered');
      answer(socket().sent[0], 'conversations', { items: [{ conversationId: c, type: 'DIRECT', name: '', maxSeq: '7', readSeq: '7' }], nextPageToken: '' });
      assert.equal(socket().framesOf('sync').length, 2, 'maxSeq not past nextSeq: no second sync for the listing');
      answer(lastSync(), 'syncResult', { conversationId: c, messages: [msg(5, { c })], throughSeq: '7', maxSeq: '7' });
      assert.deepEqual(shown(c), [1, 2, 3, 4, 6, 7, 5]);
      scheduler.advance(120_000);
      assert.equal(socket().framesOf('sync').length, 2);
    });

    it('looks for pending sends after STREAM_EXPIRED from below the lowest late seq, where a send of ours may be', async () => {
      missFive();
      const one = client.sendText(c, 'one');
      const two = client.sendText(c, 'two');
      const [, second] = socket().framesOf('send');
      answer(second, 'rejected', { conversationId: c, clientMsgId: second.send.clientMsgId, clientSeq: '2', reason: 'STREAM_EXPIRED', expectedClientSeq: '1' });
      const verify = socket().framesOf('sync').filter((f) => f.sync.limit === 500);
      assert.deepEqual(verify.map((f) => f.sync.afterSeq), ['4'], 'not from 7, the last seq shown');
      const first = socket().framesOf('send')[0];
      answer(verify[0], 'syncResult', { conversationId: c, messages: [
        msg(5, { c, sender: 'alice', device: 'd1', clientMsgId: first.send.clientMsgId }), msg(6, { c }), msg(7, { c }),
      ], throughSeq: '7', maxSeq: '7' });
      await settle();
      assert.equal(await one, 5);
      assert.deepEqual(socket().framesOf('send').slice(2).map((f) => [f.send.content.text, f.send.clientSeq, f.send.streamStart]),
        [['two', '2', true]], 'its own clientSeq, with streamStart');
      assert.deepEqual(shown(c), [1, 2, 3, 4, 6, 7, 5], 'the late seq reaches the line once');
      assert.ok(two instanceof Promise);
    });

    it('stops once a reply covering the late seq confirms it a hole', () => {
      missFive();
      scheduler.advance(4800);
      answer(lastSync(), 'syncResult', { conversationId: c, messages: [6, 7].map((s) => msg(s, { c })), throughSeq: '7', maxSeq: '7' });
      const count = syncsAfter().length;
      scheduler.advance(600_000);
      assert.equal(syncsAfter().length, count);
      socket().serve({ message: msg(5, { c }) });
      assert.deepEqual(shown(c), [1, 2, 3, 4, 6, 7], 'a confirmed hole that comes after all is a duplicate');
    });
  });

  describe('error frames answering a send (as the Java SDK)', () => {
    it('UNAVAILABLE: resends from it with the same clientSeqs', async () => {
      welcome();
      const c = 'p:alice:bob';
      const first = client.sendText(c, 'one');
      client.sendText(c, 'two');
      const [one] = socket().framesOf('send');
      answer(one, 'error', { code: 'UNAVAILABLE', message: 'send of clientSeq 1 not accepted, resend it' });
      scheduler.advance(1000); // the backoff (250 ms, jittered); the retransmission timer (4 s) is not reached
      assert.deepEqual(socket().framesOf('send').slice(2).map((f) => [f.send.clientSeq, f.send.content.text]), [['1', 'one'], ['2', 'two']]);
      assert.deepEqual(events.sendFailed, []);
      socket().serve({ message: msg(9, { c, sender: 'alice', device: 'd1', clientMsgId: one.send.clientMsgId }) });
      assert.equal(await first, 9);
    });

    for (const code of ['INTERNAL', 'RATE_LIMITED', 'PERMISSION_DENIED']) {
      it(`${code}: final; the send fails with the code and the later one moves down one clientSeq`, async () => {
        welcome();
        const c = 'p:alice:bob';
        const failed = client.sendText(c, 'one');
        client.sendText(c, 'two');
        const [one, two] = socket().framesOf('send');
        answer(one, 'error', { code, message: 'no' });
        await assert.rejects(failed, (e) => e instanceof SendRejectedError && e.reason === code);
        assert.deepEqual(events.sendFailed.map((e) => [e.clientMsgId, e.reason]), [[one.send.clientMsgId, code]]);
        const again = socket().framesOf('send').slice(2);
        assert.deepEqual(again.map((f) => [f.send.clientMsgId, f.send.clientSeq]), [[two.send.clientMsgId, '1']], 'at once');
        scheduler.advance(10_000);
        assert.equal(socket().framesOf('send').filter((f) => f.send.clientMsgId === one.send.clientMsgId).length, 1, 'never sent again');
      });
    }
  });

  describe('STREAM_EXPIRED: verify in the log, then resend the rest with their clientSeqs, the first with streamStart', () => {
    const c = 'p:alice:bob';
    const own = (seq, clientMsgId, extra = {}) => msg(seq, { c, sender: 'alice', device: 'd1', clientMsgId, ...extra });
    /** [text, clientSeq] of each send, and `true` as a third element where it has streamStart */
    const sendsOf = (frames) => frames.map((f) => ('streamStart' in f.send
      ? [f.send.content.text, f.send.clientSeq, f.send.streamStart]
      : [f.send.content.text, f.send.clientSeq]));
    const verifySyncs = () => socket().framesOf('sync').filter((f) => f.sync.limit === 500);
    const expired = (frame) => ({ conversationId: c, clientMsgId: frame.send.clientMsgId, clientSeq: frame.send.clientSeq,
      reason: 'STREAM_EXPIRED', expectedClientSeq: '1', detail: 'the stream has no state' });

    /** 1..4 were sent and shown (their echoes); 5, 6, 7 are pending. */
    const pendingFiveToSeven = () => {
      welcome();
      client.openConversation(c);
      answer(lastSync(), 'syncResult', { conversationId: c, messages: [], throughSeq: '0', maxSeq: '0' });
      [1, 2, 3, 4].forEach((i) => client.sendText(c, `old ${i}`));
      socket().framesOf('send').forEach((f, i) => socket().serve({ message: own(i + 1, f.send.clientMsgId) }));
      assert.equal(client.receivers.get(c).shownThrough, 4);
      const promises = ['five', 'six', 'seven'].map((t) => client.sendText(c, t));
      const frames = socket().framesOf('send').slice(4);
      assert.deepEqual(sendsOf(frames), [['five', '5'], ['six', '6'], ['seven', '7']]);
      return { promises, frames };
    };

    it('completes the sends the log has, resends the others with their clientSeqs, the first with streamStart; nothing goes out before the sync reply', async () => {
      const { promises, frames } = pendingFiveToSeven();
      const before = socket().sent.length;
      answer(frames[0], 'rejected', expired(frames[0]));
      answer(frames[1], 'rejected', expired(frames[1]));
      answer(frames[2], 'rejected', { ...expired(frames[2]), reason: 'OUT_OF_ORDER' });
      const asked = socket().sent.slice(before);
      assert.deepEqual(asked.map((f) => [Object.keys(f).find((k) => k !== 'requestId'), f.sync?.afterSeq, f.sync?.limit]),
        [['sync', '4', 500]], 'one verification sync from the last seq shown, nothing else');
      scheduler.advance(3000);
      assert.equal(socket().framesOf('send').length, 7, 'nothing sent before the sync reply');
      answer(asked[0], 'syncResult', { conversationId: c, messages: [
        own(5, frames[0].send.clientMsgId),
        msg(6, { c, sender: 'bob', device: 'phone' }),
        msg(7, { c, sender: 'carol', device: 'd1' }),
      ], throughSeq: '7', maxSeq: '7' });
      await settle();
      assert.equal(await promises[0], 5);
      const resent = socket().framesOf('send').slice(7);
      assert.deepEqual(sendsOf(resent), [['six', '6', true], ['seven', '7']]);
      assert.deepEqual(resent[0], { requestId: resent[0].requestId, send: {
        conversationId: c, clientMsgId: frames[1].send.clientMsgId, clientSeq: '6', content: { text: 'six' }, streamStart: true,
      } }, 'the first resend on the wire');
      assert.deepEqual(shown(c), [1, 2, 3, 4, 5, 6, 7], 'the verification’s messages reach the line as history would');
      socket().serve({ message: own(8, frames[1].send.clientMsgId) });
      socket().serve({ message: own(9, frames[2].send.clientMsgId) });
      assert.deepEqual(await Promise.all(promises), [5, 8, 9]);
      assert.deepEqual(events.sendFailed, [], 'STREAM_EXPIRED never reaches the application as a failure');
      assert.deepEqual(events.error, []);
      scheduler.advance(60_000);
      assert.equal(socket().framesOf('send').length, 9);
      client.sendText(c, 'eight');
      assert.deepEqual(sendsOf(socket().framesOf('send').slice(9)), [['eight', '8']], 'the next send: the next clientSeq, no streamStart');
    });

    it('follows throughSeq page by page until maxSeq', async () => {
      const { promises, frames } = pendingFiveToSeven();
      answer(frames[0], 'rejected', expired(frames[0]));
      assert.deepEqual(verifySyncs().map((f) => f.sync.afterSeq), ['4']);
      answer(verifySyncs()[0], 'syncResult', { conversationId: c, messages: [own(5, frames[0].send.clientMsgId)], throughSeq: '5', maxSeq: '7' });
      await settle();
      assert.deepEqual(verifySyncs().map((f) => f.sync.afterSeq), ['4', '5'], 'the next page');
      assert.equal(socket().framesOf('send').length, 7, 'nothing sent before the last page');
      answer(verifySyncs()[1], 'syncResult', { conversationId: c,
        messages: [own(6, frames[1].send.clientMsgId), msg(7, { c, sender: 'bob' })], throughSeq: '7', maxSeq: '7' });
      await settle();
      assert.equal(await promises[0], 5);
      assert.equal(await promises[1], 6);
      assert.deepEqual(sendsOf(socket().framesOf('send').slice(7)), [['seven', '7', true]]);
      assert.equal(verifySyncs().length, 2);
    });

    it('a message with the same clientMsgId from another device or another user does not complete a send', async () => {
      const { frames } = pendingFiveToSeven();
      answer(frames[0], 'rejected', expired(frames[0]));
      answer(verifySyncs()[0], 'syncResult', { conversationId: c, messages: [
        msg(5, { c, sender: 'alice', device: 'tablet', clientMsgId: frames[0].send.clientMsgId }),
        msg(6, { c, sender: 'bob', device: 'd1', clientMsgId: frames[1].send.clientMsgId }),
      ], throughSeq: '6', maxSeq: '6' });
      await settle();
      assert.deepEqual(sendsOf(socket().framesOf('send').slice(7)), [['five', '5', true], ['six', '6'], ['seven', '7']]);
      assert.deepEqual(events.sent.map((e) => e.seq), [1, 2, 3, 4]);
      assert.equal(client.windows.get(c).unacked, 3);
    });

    it('retries a verification sync lost with the connection after the reconnect, resending nothing before it', async () => {
      const { promises, frames } = pendingFiveToSeven();
      answer(frames[0], 'rejected', expired(frames[0]));
      socket().drop();
      scheduler.advance(500);
      await settle();
      welcome();
      assert.deepEqual(socket().framesOf('send'), [], 'nothing resent after the reconnect');
      assert.deepEqual(verifySyncs().map((f) => f.sync.afterSeq), ['4']);
      answer(verifySyncs()[0], 'error', { code: 'INTERNAL', message: 'history is down' });
      await settle();
      scheduler.advance(250);
      assert.equal(verifySyncs().length, 2, 'asked again after the backoff');
      assert.deepEqual(socket().framesOf('send'), []);
      answer(verifySyncs()[1], 'syncResult', { conversationId: c, messages: [own(5, frames[0].send.clientMsgId)], throughSeq: '5', maxSeq: '5' });
      await settle();
      assert.equal(await promises[0], 5);
      assert.deepEqual(sendsOf(socket().framesOf('send')), [['six', '6', true], ['seven', '7']]);
      assert.deepEqual(events.sendFailed, []);
    });

    it('with every pending send in the log, the next new send carries streamStart, at the next clientSeq', async () => {
      const { promises, frames } = pendingFiveToSeven();
      answer(frames[2], 'rejected', expired(frames[2]));
      answer(verifySyncs()[0], 'syncResult', { conversationId: c,
        messages: frames.map((f, i) => own(5 + i, f.send.clientMsgId)), throughSeq: '7', maxSeq: '7' });
      await settle();
      assert.deepEqual(await Promise.all(promises), [5, 6, 7]);
      assert.equal(socket().framesOf('send').length, 7, 'nothing to resend');
      client.sendText(c, 'eight');
      client.sendText(c, 'nine');
      assert.deepEqual(sendsOf(socket().framesOf('send').slice(7)), [['eight', '8', true], ['nine', '9']]);
    });

    it('a second STREAM_EXPIRED after the resend verifies again; the clientSeqs stay', async () => {
      const { promises, frames } = pendingFiveToSeven();
      answer(frames[0], 'rejected', expired(frames[0]));
      answer(verifySyncs()[0], 'syncResult', { conversationId: c, messages: [own(5, frames[0].send.clientMsgId)], throughSeq: '5', maxSeq: '5' });
      await settle();
      const resent = socket().framesOf('send').slice(7);
      assert.deepEqual(sendsOf(resent), [['six', '6', true], ['seven', '7']]);
      // the streamStart frame was lost on the way; seven is refused again
      answer(resent[1], 'rejected', expired(resent[1]));
      assert.deepEqual(verifySyncs().map((f) => f.sync.afterSeq), ['4', '5'], 'another verification, from the last seq shown');
      scheduler.advance(3000);
      assert.equal(socket().framesOf('send').length, 9, 'nothing sent before its reply');
      answer(verifySyncs()[1], 'syncResult', { conversationId: c, messages: [], throughSeq: '5', maxSeq: '5' });
      await settle();
      assert.deepEqual(sendsOf(socket().framesOf('send').slice(9)), [['six', '6', true], ['seven', '7']]);
      socket().serve({ message: own(6, frames[1].send.clientMsgId) });
      socket().serve({ message: own(7, frames[2].send.clientMsgId) });
      assert.deepEqual(await Promise.all(promises), [5, 6, 7]);
      assert.equal(client.stats().verifications, 2);
      assert.deepEqual(events.sendFailed, []);
    });

    describe('the client’s own clock (streamTtlMs)', () => {
      /** A send (clientSeq 1) whose answer is lost, then a day offline, then a welcome on the same stream. */
      const sentThenADayOffline = async () => {
        welcome('stream-1');
        client.openConversation(c);
        answer(lastSync(), 'syncResult', { conversationId: c, messages: [], throughSeq: '0', maxSeq: '0' });
        const promise = client.sendText(c, 'before the flight');
        const [frame] = socket().framesOf('send');
        assert.equal(frame.send.clientSeq, '1');
        socket().drop();
        scheduler.advance(24 * 3600 * 1000);
        await settle();
        welcome('stream-1');
        return { promise, frame };
      };

      it('verifies a clientSeq 1 first sent 24 h ago before resending it, and does not resend it when the log has it', async () => {
        const { promise, frame } = await sentThenADayOffline();
        assert.deepEqual(socket().framesOf('send'), [], 'not resent before the verification');
        assert.deepEqual(verifySyncs().map((f) => f.sync.afterSeq), ['0']);
        answer(verifySyncs()[0], 'syncResult', { conversationId: c, messages: [own(1, frame.send.clientMsgId)], throughSeq: '1', maxSeq: '1' });
        assert.equal(await promise, 1);
        scheduler.advance(60_000);
        assert.deepEqual(socket().framesOf('send'), [], 'never resent');
        assert.deepEqual(events.sendFailed, []);
      });

      it('resends it (clientSeq 1) once the log shows it was never sequenced', async () => {
        const { frame } = await sentThenADayOffline();
        answer(verifySyncs()[0], 'syncResult', { conversationId: c, messages: [msg(1, { c, sender: 'bob' })], throughSeq: '1', maxSeq: '1' });
        await settle();
        assert.deepEqual(socket().framesOf('send').map((f) => [f.send.clientMsgId, f.send.clientSeq, f.send.streamStart]),
          [[frame.send.clientMsgId, '1', true]]);
      });

      it('streamTtlMs is a setting: with 48 h a day offline resends at once', async () => {
        FakeSocket.all = [];
        await make({ settings: { streamTtlMs: 48 * 3600 * 1000 } });
        const { frame } = await sentThenADayOffline();
        assert.deepEqual(socket().framesOf('send'), [{ ...frame, requestId: socket().framesOf('send')[0].requestId }],
          'the same send, no streamStart');
        assert.deepEqual(verifySyncs(), []);
      });
    });
  });

  it('passes every server frame through the incoming hook first', async () => {
    FakeSocket.all = [];
    const seen = [];
    await make({ incoming: (frame, handle) => { seen.push(Object.keys(frame).find((k) => k !== 'requestId')); if (!frame.typing) handle(frame); } });
    welcome();
    socket().serve({ typing: { conversationId: 'p:alice:bob', userId: 'bob' } });
    assert.deepEqual(seen, ['welcome', 'typing']);
    assert.equal(client.status, 'open');
  });
});
