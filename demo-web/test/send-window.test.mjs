import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { SendWindow } from '../src/lib/send-window.js';
import { FakeScheduler } from './fake-scheduler.mjs';

describe('SendWindow', () => {
  let scheduler;
  let wire;
  let failed;
  let connected;
  let window;
  let ids;

  const text = (t) => ({ text: t });
  const sentSeqs = () => wire.map((f) => Number(f.send.clientSeq));
  const last = (clientSeq) => wire.findLast((f) => Number(f.send.clientSeq) === clientSeq);

  beforeEach(() => {
    scheduler = new FakeScheduler();
    wire = [];
    failed = [];
    connected = true;
    ids = 0;
    window = new SendWindow({
      conversationId: 'p:a:b',
      scheduler,
      transmit: (frame) => wire.push(frame),
      nextRequestId: () => `r${++ids}`,
      canSend: () => connected,
      onFailed: (entry, reason) => failed.push([entry.clientMsgId, reason]),
    });
  });

  it('numbers sends 1, 2, 3 … and pipelines them', () => {
    ['a', 'b', 'c'].forEach((t, i) => window.submit(text(t), `m${i + 1}`));
    assert.deepEqual(sentSeqs(), [1, 2, 3]);
    assert.deepEqual(wire[0], {
      requestId: 'r1',
      send: { conversationId: 'p:a:b', clientMsgId: 'm1', clientSeq: '1', content: { text: 'a' } },
    });
  });

  it('keeps at most 32 sends unacknowledged on the wire', () => {
    for (let i = 1; i <= 40; i++) {
      window.submit(text(`t${i}`), `m${i}`);
    }
    assert.equal(wire.length, 32);
    window.ack('m5'); // cumulative: 1..5 accepted
    assert.equal(wire.length, 37);
    assert.deepEqual(sentSeqs().slice(32), [33, 34, 35, 36, 37]);
    assert.equal(window.unacked, 35);
  });

  it('acknowledges cumulatively by clientMsgId and ignores unknown ids', () => {
    ['a', 'b', 'c'].forEach((t, i) => window.submit(text(t), `m${i + 1}`));
    assert.deepEqual(window.ack('m2').map((e) => e.clientMsgId), ['m1', 'm2']);
    assert.deepEqual(window.ack('other'), []);
    assert.equal(window.unacked, 1);
  });

  it('goes back to expectedClientSeq once for a burst of OUT_OF_ORDER rejections', () => {
    for (let i = 1; i <= 5; i++) {
      window.submit(text(`t${i}`), `m${i}`);
    }
    const firstRound = wire.slice();
    // 1 and 2 were accepted, 3 was lost: 4 and 5 are refused, both saying "expected 3"
    window.onRejected({ conversationId: 'p:a:b', clientMsgId: 'm4', clientSeq: '4', reason: 'OUT_OF_ORDER', expectedClientSeq: '3' }, firstRound[3].requestId);
    window.onRejected({ conversationId: 'p:a:b', clientMsgId: 'm5', clientSeq: '5', reason: 'OUT_OF_ORDER', expectedClientSeq: '3' }, firstRound[4].requestId);
    assert.deepEqual(sentSeqs(), [1, 2, 3, 4, 5, 3, 4, 5], 'one go-back');
    assert.equal(window.unacked, 3);
    assert.equal(window.stats.goBacks, 1);
  });

  it('renumbers when the stream expects a clientSeq whose entry failed', () => {
    window.submit(text('a'), 'm1');
    window.submit(text('b'), 'm2');
    window.ack('m1');
    window.onRejected({ clientMsgId: 'm2', reason: 'RECALL_DENIED', detail: 'too late' }, last(2).requestId);
    assert.deepEqual(failed, [['m2', 'RECALL_DENIED']]);
    const next = window.submit(text('c'), 'm3');
    assert.equal(next.clientSeq, 2, 'the refused clientSeq was not consumed');
  });

  it('moves later entries down by one when one in the middle is refused', () => {
    for (let i = 1; i <= 4; i++) {
      window.submit(text(`t${i}`), `m${i}`);
    }
    window.onRejected({ clientMsgId: 'm2', reason: 'NOT_MEMBER' }, last(2).requestId);
    assert.deepEqual(window.pending.map((e) => [e.clientMsgId, e.clientSeq]), [['m1', 1], ['m3', 2], ['m4', 3]]);
    assert.deepEqual(sentSeqs().slice(4), [2, 3]);
    // the first round's m3 (as clientSeq 3) is refused OUT_OF_ORDER: stale, ignored
    window.onRejected({ clientMsgId: 'm3', reason: 'OUT_OF_ORDER', expectedClientSeq: '2' }, wire[2].requestId);
    assert.equal(wire.length, 6);
  });

  it('drops entries below expectedClientSeq and renumbers the rest from it', () => {
    for (let i = 1; i <= 3; i++) {
      window.submit(text(`t${i}`), `m${i}`);
    }
    window.onRejected({ clientMsgId: 'm3', reason: 'OUT_OF_ORDER', expectedClientSeq: '2' }, last(3).requestId);
    assert.deepEqual(window.pending.map((e) => e.clientSeq), [2, 3]);
  });

  it('queues while disconnected and resends every unacknowledged send in order on reconnect', () => {
    window.submit(text('a'), 'm1');
    window.submit(text('b'), 'm2');
    connected = false;
    window.submit(text('c'), 'm3');
    assert.deepEqual(sentSeqs(), [1, 2]);
    connected = true;
    window.onConnected(false);
    assert.deepEqual(sentSeqs(), [1, 2, 1, 2, 3]);
  });

  it('starts again at clientSeq 1 when the server gave a new stream', () => {
    window.submit(text('a'), 'm1');
    window.ack('m1');
    connected = false;
    window.submit(text('b'), 'm2');
    connected = true;
    window.onConnected(true);
    assert.deepEqual(sentSeqs(), [1, 1]);
    assert.equal(wire[1].send.clientMsgId, 'm2');
    assert.equal(window.submit(text('c'), 'm3').clientSeq, 2);
  });

  it('sends everything unacknowledged again when no answer comes (a lost echo)', () => {
    window.submit(text('a'), 'm1');
    scheduler.advance(3999);
    assert.equal(wire.length, 1);
    scheduler.advance(1);
    assert.deepEqual(sentSeqs(), [1, 1]);
    window.ack('m1');
    scheduler.advance(10_000);
    assert.equal(wire.length, 2);
  });

  it('sends again shortly after an UNAVAILABLE error, from the failed send on', () => {
    window.submit(text('a'), 'm1');
    window.submit(text('b'), 'm2');
    window.onError(wire[1].requestId);
    window.onError('r-unknown');
    scheduler.advance(500);
    assert.deepEqual(sentSeqs(), [1, 2, 1, 2]);
  });

  it('slows down and resends from a RATE_LIMITED send instead of failing it', () => {
    window.submit(text('a'), 'm1');
    window.submit(text('b'), 'm2');
    window.onRejected({ clientMsgId: 'm2', reason: 'RATE_LIMITED' }, wire[1].requestId);
    scheduler.advance(999);
    assert.equal(wire.length, 2);
    scheduler.advance(1);
    assert.deepEqual(sentSeqs(), [1, 2, 1, 2]);
    assert.deepEqual(failed, []);
  });

  it('ignores a rejection without request id unless it is about the first entry', () => {
    window.submit(text('a'), 'm1');
    window.submit(text('b'), 'm2');
    window.onRejected({ clientMsgId: 'm2', reason: 'OUT_OF_ORDER', expectedClientSeq: '1' }, '');
    assert.equal(wire.length, 2);
    window.onRejected({ clientMsgId: 'm1', reason: 'OUT_OF_ORDER', expectedClientSeq: '1' }, '');
    assert.deepEqual(sentSeqs(), [1, 2, 1, 2]);
  });
});
