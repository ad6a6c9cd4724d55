import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { SendWindow, isRetriedRefusal } from '../src/send-window.js';
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

  it('ignores a rejection without request id unless it is about the first entry', () => {
    window.submit(text('a'), 'm1');
    window.submit(text('b'), 'm2');
    window.onRejected({ clientMsgId: 'm2', reason: 'OUT_OF_ORDER', expectedClientSeq: '1' }, '');
    assert.equal(wire.length, 2);
    window.onRejected({ clientMsgId: 'm1', reason: 'OUT_OF_ORDER', expectedClientSeq: '1' }, '');
    assert.deepEqual(sentSeqs(), [1, 2, 1, 2]);
  });

  describe('refusal table', () => {
    const sent = (frames) => frames.map((f) => [Number(f.send.clientSeq), f.send.content.text]);

    it('RATE_LIMITED: retries the same clientSeq with the same content after a backoff, never gives it to the next send', () => {
      window.submit(text('a'), 'm1');
      window.submit(text('b'), 'm2');
      window.onRejected({ clientMsgId: 'm2', clientSeq: '2', reason: 'RATE_LIMITED' }, wire[1].requestId);
      const next = window.submit(text('c'), 'm3');
      assert.equal(next.clientSeq, 3, 'the refused clientSeq stays with its send');
      assert.deepEqual(sent(wire), [[1, 'a'], [2, 'b']], 'nothing goes out before the backoff');
      // the stale answer to the first transmission of m3 is ignored
      scheduler.advance(187); // 250 ms with equal jitter (random 0.5): 188 ms
      assert.equal(wire.length, 2);
      scheduler.advance(1);
      assert.deepEqual(sent(wire.slice(2)), [[2, 'b'], [3, 'c']], 'the refused send and the later ones, in order');
      assert.deepEqual(failed, []);
      assert.equal(window.unacked, 3);
    });

    it('RATE_LIMITED again: the backoff doubles, up to 5 s, and starts over after an ack', () => {
      window.submit(text('a'), 'm1');
      const delays = [];
      for (let round = 0; round < 6; round++) {
        const before = wire.length;
        const start = scheduler.now();
        window.onRejected({ clientMsgId: 'm1', clientSeq: '1', reason: 'RATE_LIMITED' }, wire.at(-1).requestId);
        while (wire.length === before) {
          scheduler.advance(1);
        }
        delays.push(scheduler.now() - start);
      }
      assert.deepEqual(delays, [188, 375, 750, 1500, 3000, 3750]);
      assert.ok(wire.every((f) => f.send.clientSeq === '1' && f.send.content.text === 'a'));
      window.ack('m1');
      window.submit(text('b'), 'm2');
      const start = scheduler.now();
      window.onRejected({ clientMsgId: 'm2', clientSeq: '2', reason: 'RATE_LIMITED' }, wire.at(-1).requestId);
      scheduler.advance(188);
      assert.equal(scheduler.now() - start, 188);
      assert.deepEqual(sent(wire.slice(-1)), [[2, 'b']]);
    });

    it('OUT_OF_ORDER with expectedClientSeq above the refused one: accepted long ago, not failed, not resent', () => {
      window.submit(text('a'), 'm1');
      window.submit(text('b'), 'm2');
      window.onRejected({ clientMsgId: 'm1', clientSeq: '1', reason: 'OUT_OF_ORDER', expectedClientSeq: '2' }, wire[0].requestId);
      assert.deepEqual(failed, []);
      assert.deepEqual(sent(wire.slice(2)), [[2, 'b']], 'go-back-N from 2');
      assert.equal(window.submit(text('c'), 'm3').clientSeq, 3);
    });

    for (const reason of ['TOO_LARGE', 'INVALID', 'NOT_MEMBER', 'RECALL_DENIED']) {
      it(`${reason}: final; the send fails and the later ones move down one clientSeq`, () => {
        window.submit(text('a'), 'm1');
        window.submit(text('b'), 'm2');
        window.submit(text('c'), 'm3');
        window.onRejected({ clientMsgId: 'm2', clientSeq: '2', reason, detail: 'no' }, wire[1].requestId);
        assert.deepEqual(failed, [['m2', reason]]);
        assert.deepEqual(sent(wire.slice(3)), [[2, 'c']], 'at once, no backoff');
        assert.equal(window.submit(text('d'), 'm4').clientSeq, 3);
      });
    }

    it('error UNAVAILABLE: resends every unacknowledged send from that clientSeq, in order, same clientSeqs', () => {
      window.submit(text('a'), 'm1');
      window.submit(text('b'), 'm2');
      window.submit(text('c'), 'm3');
      window.onError(wire[1].requestId);
      window.onError('w-unknown');
      window.submit(text('d'), 'm4');
      assert.equal(wire.length, 3, 'held during the backoff');
      scheduler.advance(188);
      assert.deepEqual(sent(wire.slice(3)), [[2, 'b'], [3, 'c'], [4, 'd']]);
      assert.deepEqual(failed, []);
    });

    it('a sendAck (duplicate already sequenced) acknowledges like the echo; a second answer is ignored', () => {
      window.submit(text('a'), 'm1');
      window.submit(text('b'), 'm2');
      const firstRound = wire.slice();
      assert.deepEqual(window.ack('m2').map((e) => e.clientMsgId), ['m1', 'm2'], 'the sendAck of 2 proves 1 too');
      assert.deepEqual(window.ack('m2'), [], 'a second sendAck or echo');
      window.onRejected({ clientMsgId: 'm2', clientSeq: '2', reason: 'NOT_MEMBER' }, firstRound[1].requestId);
      window.onError(firstRound[0].requestId);
      scheduler.advance(10_000);
      assert.deepEqual(failed, []);
      assert.equal(wire.length, 2);
      assert.equal(window.unacked, 0);
    });
  });
});

describe('SendWindow: STREAM_EXPIRED and the stream TTL', () => {
  const DAY = 24 * 3600 * 1000;
  let scheduler;
  let wire;
  let failed;
  let connected;
  let window;
  let ids;
  /** verifications asked for: each {resolve, reject, pending} (the clientMsgIds pending when asked) */
  let verifications;

  const text = (t) => ({ text: t });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  /** [clientMsgId, clientSeq] of each frame, and `true` as a third element where the frame has streamStart */
  const sent = (frames) => frames.map((f) => ('streamStart' in f.send
    ? [f.send.clientMsgId, Number(f.send.clientSeq), f.send.streamStart]
    : [f.send.clientMsgId, Number(f.send.clientSeq)]));
  const expired = (frame) => ({
    conversationId: 'p:a:b', clientMsgId: frame.send.clientMsgId, clientSeq: frame.send.clientSeq,
    reason: 'STREAM_EXPIRED', expectedClientSeq: '1', detail: 'the stream has no state',
  });

  const make = (options = {}) => {
    window = new SendWindow({
      conversationId: 'p:a:b',
      scheduler,
      transmit: (frame) => wire.push(frame),
      nextRequestId: () => `r${++ids}`,
      canSend: () => connected,
      onFailed: (entry, reason) => failed.push([entry.clientMsgId, reason]),
      verify: () => new Promise((resolve, reject) => {
        verifications.push({ resolve, reject, pending: window.pending.map((e) => e.clientMsgId) });
      }),
      ...options,
    });
  };

  /** Every send went out with one clientSeq only, and no clientSeq went out with two sends. */
  const assertOneClientSeqPerSend = () => {
    const seqOf = new Map();
    const sendOf = new Map();
    for (const { send } of wire) {
      assert.equal(seqOf.get(send.clientMsgId) ?? send.clientSeq, send.clientSeq, `${send.clientMsgId} renumbered`);
      assert.equal(sendOf.get(send.clientSeq) ?? send.clientMsgId, send.clientMsgId, `clientSeq ${send.clientSeq} reused`);
      seqOf.set(send.clientMsgId, send.clientSeq);
      sendOf.set(send.clientSeq, send.clientMsgId);
    }
  };

  /** Pending clientSeqs 5, 6, 7 (m5, m6, m7) after 1..4 were acknowledged. */
  const pendingFiveToSeven = () => {
    for (let i = 1; i <= 7; i++) {
      window.submit(text(`t${i}`), `m${i}`);
    }
    window.ack('m4');
    assert.deepEqual(window.pending.map((e) => e.clientSeq), [5, 6, 7]);
    return wire.slice(4, 7);
  };

  /** STREAM_EXPIRED for m5, the log has m5 (acked while verifying): m6 and m7 are resent. Returns that resend. */
  const expiredThenResentSixAndSeven = async () => {
    const [five] = pendingFiveToSeven();
    window.onRejected(expired(five), five.requestId);
    window.ack('m5');
    verifications.at(-1).resolve();
    await settle();
    const resent = wire.slice(7);
    assert.deepEqual(sent(resent), [['m6', 6, true], ['m7', 7]]);
    return resent;
  };

  beforeEach(() => {
    scheduler = new FakeScheduler();
    wire = [];
    failed = [];
    connected = true;
    ids = 0;
    verifications = [];
    make();
  });

  it('holds, verifies, and resends the sends the log lacks with their own clientSeqs, the first with streamStart', async () => {
    const [five, six, seven] = pendingFiveToSeven();
    assert.ok(wire.every((f) => !('streamStart' in f.send)), 'no streamStart before a verification');
    const before = wire.length;
    window.onRejected(expired(five), five.requestId);
    assert.equal(verifications.length, 1, 'verification asked for at once');
    assert.deepEqual(verifications[0].pending, ['m5', 'm6', 'm7']);
    // the answers to the other transmissions of the old round: ignored
    window.onRejected(expired(six), six.requestId);
    window.onRejected({ ...expired(seven), reason: 'OUT_OF_ORDER' }, seven.requestId);
    scheduler.advance(60_000); // no retransmission either
    assert.equal(wire.length, before, 'nothing on the wire while verifying');
    assert.equal(verifications.length, 1);
    assert.ok(window.verifying);
    window.submit(text('t8'), 'm8'); // a new send waits too
    assert.equal(wire.length, before);
    // the log has m5 and m6 (the stream takes clientSeqs in order: the ones found are the oldest)
    assert.deepEqual(window.ack('m5').map((e) => e.clientMsgId), ['m5']);
    assert.deepEqual(window.ack('m6').map((e) => e.clientMsgId), ['m6']);
    verifications[0].resolve();
    await settle();
    assert.ok(!window.verifying);
    assert.deepEqual(sent(wire.slice(before)), [['m7', 7, true], ['m8', 8]],
      'the same clientSeqs, in order; streamStart on the first transmission only');
    assert.deepEqual(wire[before], {
      requestId: 'r8',
      send: { conversationId: 'p:a:b', clientMsgId: 'm7', clientSeq: '7', content: { text: 't7' }, streamStart: true },
    });
    const nine = window.submit(text('t9'), 'm9');
    assert.equal(nine.clientSeq, 9);
    assert.deepEqual(sent(wire.slice(-1)), [['m9', 9]], 'a later send carries no streamStart');
    assert.deepEqual(failed, []);
    // late answers to the transmissions before the verification stay ignored
    window.onRejected(expired(seven), seven.requestId);
    window.onRejected({ ...expired(six), reason: 'OUT_OF_ORDER' }, six.requestId);
    assert.equal(verifications.length, 1);
    assert.equal(window.stats.verifications, 1);
    assertOneClientSeqPerSend(); // expectedClientSeq 1 renumbers nothing
  });

  it('while verifying, an ack completes only its own send; the others keep their clientSeqs', async () => {
    const [five] = pendingFiveToSeven();
    window.onRejected(expired(five), five.requestId);
    assert.deepEqual(window.ack('m6').map((e) => e.clientMsgId), ['m6']);
    assert.deepEqual(window.pending.map((e) => [e.clientMsgId, e.clientSeq]), [['m5', 5], ['m7', 7]]);
    verifications[0].resolve();
    await settle();
    assert.deepEqual(sent(wire.slice(7)), [['m5', 5, true], ['m7', 7]]);
  });

  it('with no send left after the verification, the next new send carries streamStart at the next clientSeq', async () => {
    const [five] = pendingFiveToSeven();
    window.onRejected(expired(five), five.requestId);
    ['m5', 'm6', 'm7'].forEach((id) => window.ack(id)); // the log has all three
    verifications[0].resolve();
    await settle();
    assert.equal(wire.length, 7, 'nothing to resend');
    assert.equal(window.unacked, 0);
    scheduler.advance(60_000);
    connected = false; // the flag waits for the first transmission, also across a reconnect on the same stream
    window.submit(text('t8'), 'm8');
    connected = true;
    window.onConnected(false);
    window.submit(text('t9'), 'm9');
    assert.deepEqual(sent(wire.slice(7)), [['m8', 8, true], ['m9', 9]]);
    assert.deepEqual(wire[7].send, { conversationId: 'p:a:b', clientMsgId: 'm8', clientSeq: '8', content: { text: 't8' }, streamStart: true });
  });

  it('a second STREAM_EXPIRED after the resend verifies again instead of renumbering', async () => {
    const resent = await expiredThenResentSixAndSeven();
    // the streamStart frame of m6 got lost; the server refuses m7 (no state, no streamStart)
    window.onRejected(expired(resent[1]), resent[1].requestId);
    assert.equal(verifications.length, 2, 'another verification');
    assert.ok(window.verifying);
    assert.deepEqual(verifications[1].pending, ['m6', 'm7']);
    window.onRejected(expired(resent[0]), resent[0].requestId); // an answer to the round before: ignored
    scheduler.advance(60_000);
    assert.equal(wire.length, 9, 'nothing on the wire while verifying');
    verifications[1].resolve(); // the log has neither
    await settle();
    assert.deepEqual(sent(wire.slice(9)), [['m6', 6, true], ['m7', 7]], 'the same clientSeqs; streamStart on the first again');
    assert.equal(window.stats.verifications, 2);
    assertOneClientSeqPerSend();
    assert.deepEqual(failed, []);
  });

  it('streamStart goes on that one transmission: its resend after RATE_LIMITED or a reconnect carries none', async () => {
    const resent = await expiredThenResentSixAndSeven();
    window.onRejected({ clientMsgId: 'm6', clientSeq: '6', reason: 'RATE_LIMITED' }, resent[0].requestId);
    scheduler.advance(188);
    assert.deepEqual(sent(wire.slice(9)), [['m6', 6], ['m7', 7]]);
    window.onConnected(false); // a reconnect on the same stream
    assert.deepEqual(sent(wire.slice(11)), [['m6', 6], ['m7', 7]]);
    // without the flag a stream without state refuses it again: another verification, then the flag again
    window.onRejected(expired(wire[11]), wire[11].requestId);
    assert.equal(verifications.length, 2);
    verifications[1].resolve();
    await settle();
    assert.deepEqual(sent(wire.slice(13)), [['m6', 6, true], ['m7', 7]]);
  });

  it('a final refusal of the streamStart frame: the next send moves down without streamStart; its STREAM_EXPIRED verifies again', async () => {
    const resent = await expiredThenResentSixAndSeven();
    window.onRejected({ clientMsgId: 'm6', clientSeq: '6', reason: 'TOO_LARGE' }, resent[0].requestId);
    assert.deepEqual(failed, [['m6', 'TOO_LARGE']]);
    assert.deepEqual(sent(wire.slice(9)), [['m7', 6]], 'clientSeq 6 was not consumed (as for any final refusal)');
    window.onRejected(expired(wire[9]), wire[9].requestId);
    assert.equal(verifications.length, 2);
    verifications[1].resolve();
    await settle();
    assert.deepEqual(sent(wire.slice(10)), [['m7', 6, true]]);
  });

  it('STREAM_EXPIRED is a retried refusal, not a final one', () => {
    assert.equal(isRetriedRefusal('STREAM_EXPIRED'), true);
  });

  it('retries a failed verification after a backoff and never resends before one completed', async () => {
    const [five] = pendingFiveToSeven();
    const before = wire.length;
    window.onRejected(expired(five), five.requestId);
    verifications[0].reject(new Error('TIMEOUT'));
    await settle();
    scheduler.advance(187);
    assert.equal(verifications.length, 1);
    scheduler.advance(1); // 250 ms with equal jitter
    assert.equal(verifications.length, 2);
    assert.equal(wire.length, before);
    // the connection goes while verifying: the verification runs again after the reconnect
    connected = false;
    verifications[1].reject(new Error('CONNECTION_LOST'));
    await settle();
    scheduler.advance(60_000);
    assert.equal(verifications.length, 2, 'offline: waits for the reconnect');
    connected = true;
    window.onConnected(false);
    assert.equal(verifications.length, 3);
    assert.equal(wire.length, before, 'the reconnect does not resend while verifying');
    verifications[1].resolve(); // a stale round: ignored
    await settle();
    assert.equal(wire.length, before);
    verifications[2].resolve();
    await settle();
    assert.deepEqual(sent(wire.slice(before)), [['m5', 5, true], ['m6', 6], ['m7', 7]]);
  });

  it('verifies before resending after an ack timeout when its oldest send went out more than streamTtlMs ago', async () => {
    make({ streamTtlMs: 10_000 });
    window.submit(text('a'), 'm1');
    scheduler.advance(8000); // two resends (4 s, 8 s), still within the TTL of its first transmission
    assert.deepEqual(sent(wire), [['m1', 1], ['m1', 1], ['m1', 1]]);
    assert.equal(verifications.length, 0);
    scheduler.advance(4000); // 12 s after the first transmission
    assert.equal(wire.length, 3, 'not resent');
    assert.equal(verifications.length, 1);
    verifications[0].resolve(); // the log lacks it: resent, clientSeq 1 kept, with streamStart
    await settle();
    assert.deepEqual(sent(wire.slice(3)), [['m1', 1, true]]);
    scheduler.advance(8000); // its age starts again with the verification
    assert.equal(verifications.length, 1);
    assert.deepEqual(sent(wire.slice(4)), [['m1', 1], ['m1', 1]], 'the timer’s resends carry no streamStart');
  });

  it('the stream TTL defaults to 23 h: a clientSeq 1 first sent 24 h ago is verified on reconnect, not resent', async () => {
    window.submit(text('a'), 'm1');
    connected = false;
    scheduler.advance(DAY);
    connected = true;
    window.onConnected(false);
    assert.equal(wire.length, 1);
    assert.equal(verifications.length, 1);
    window.ack('m1'); // the log has it
    verifications[0].resolve();
    await settle();
    assert.equal(wire.length, 1);
    assert.equal(window.unacked, 0);
  });

  it('after a verification from its own clock, the sends left keep their clientSeqs and the first carries streamStart', async () => {
    pendingFiveToSeven();
    connected = false;
    scheduler.advance(DAY);
    connected = true;
    window.onConnected(false);
    assert.equal(verifications.length, 1);
    assert.equal(wire.length, 7);
    window.ack('m5');
    verifications[0].resolve();
    await settle();
    // the stream may be alive (then streamStart changes nothing) or gone (then it begins at 6)
    assert.deepEqual(sent(wire.slice(7)), [['m6', 6, true], ['m7', 7]]);
  });

  it('a new stream id numbers the sends from 1 and drops a streamStart not yet sent (clientSeq 1 needs none)', async () => {
    const [five] = pendingFiveToSeven();
    window.onRejected(expired(five), five.requestId);
    connected = false;
    verifications[0].resolve();
    await settle();
    connected = true;
    window.onConnected(true);
    assert.deepEqual(sent(wire.slice(7)), [['m5', 1], ['m6', 2], ['m7', 3]]);
  });

  it('without a verify function a verification finds nothing', () => {
    make({ verify: undefined });
    const [five] = pendingFiveToSeven();
    window.onRejected(expired(five), five.requestId);
    return settle().then(() => assert.deepEqual(sent(wire.slice(7)), [['m5', 5, true], ['m6', 6], ['m7', 7]]));
  });
});
