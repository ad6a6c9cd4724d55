import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ConversationReceiver } from '../src/receiver.js';
import { FakeScheduler, msg } from './fake-scheduler.mjs';

describe('ConversationReceiver', () => {
  let scheduler;
  let shown;
  let syncs;
  let skipped;
  let late;
  let lateSyncs;
  let receiver;

  /** Answers every sync with nothing new (history stays at `throughSeq`) until the receiver moves on. */
  const historyStaysAt = (throughSeq) => {
    for (let i = 0; i < 200 && receiver.hasGap; i++) {
      scheduler.advance(100); // small steps: the late fill's first wait (4.8 s) is not reached meanwhile
      if (receiver.syncing) {
        receiver.onSyncResult({ messages: [], throughSeq: String(throughSeq), maxSeq: String(throughSeq) }, syncs.at(-1).afterSeq);
      }
    }
  };

  beforeEach(() => {
    scheduler = new FakeScheduler();
    shown = [];
    syncs = [];
    skipped = [];
    late = [];
    lateSyncs = [];
    receiver = new ConversationReceiver({
      conversationId: 'p:a:b',
      scheduler,
      requestSync: (afterSeq, limit, purpose = 'gap') => (purpose === 'late' ? lateSyncs : syncs).push({ afterSeq, limit }),
      deliver: (messages) => shown.push(...messages.map((m) => Number(m.seq))),
      onSkipped: (from, to) => skipped.push([from, to]),
      onLate: (message) => { late.push(Number(message.seq)); shown.push(Number(message.seq)); },
    });
  });

  describe('late is not missing', () => {
    it('shows a seq it moved past without history confirming it a hole when it arrives live, once', () => {
      [1, 2, 3, 4, 6, 7].forEach((s) => receiver.offer(msg(s)));
      historyStaysAt(4); // history never gets seq 5 in time: gap fill gives up
      assert.deepEqual(shown, [1, 2, 3, 4, 6, 7], 'moved on');
      assert.deepEqual(skipped, [[5, 5]]);
      receiver.offer(msg(5)); // the late live delivery
      assert.deepEqual(shown, [1, 2, 3, 4, 6, 7, 5]);
      assert.deepEqual(late, [5]);
      receiver.offer(msg(5)); // a second copy
      receiver.offer(msg(8));
      assert.deepEqual(shown, [1, 2, 3, 4, 6, 7, 5, 8], 'the second copy of 5 is dropped');
      assert.equal(receiver.stats.duplicates, 1);
    });

    it('shows a late seq that comes in a later sync reply', () => {
      [1, 2, 3, 4, 6].forEach((s) => receiver.offer(msg(s)));
      historyStaysAt(4);
      receiver.offer(msg(8));
      scheduler.advance(300);
      assert.equal(syncs.at(-1).afterSeq, 6);
      receiver.onSyncResult({ messages: [msg(5), msg(7), msg(8)], throughSeq: '8', maxSeq: '8' }, 4);
      assert.deepEqual(shown, [1, 2, 3, 4, 6, 5, 7, 8]);
      assert.deepEqual(late, [5]);
    });

    it('drops a skipped seq once a reply covering it confirms it a hole', () => {
      [1, 2, 3, 4, 6].forEach((s) => receiver.offer(msg(s)));
      historyStaysAt(4);
      // the app syncs from 4: history now vouches for everything through 6 and has no 5
      receiver.onSyncResult({ messages: [msg(6)], throughSeq: '6', maxSeq: '6' }, 4);
      receiver.offer(msg(5));
      receiver.offer(msg(7));
      assert.deepEqual(shown, [1, 2, 3, 4, 6, 7]);
      assert.deepEqual(late, []);
    });

    describe('late fill: keeps asking history for late seqs', () => {
      const nothingPast = (throughSeq) => ({ messages: [], throughSeq: String(throughSeq), maxSeq: String(throughSeq) });

      it('syncs from the lowest late seq after 4.8 s, then doubling up to 30 s, and shows it once when history has it', () => {
        [1, 2, 3, 4, 6, 7].forEach((s) => receiver.offer(msg(s)));
        historyStaysAt(4);
        assert.deepEqual(skipped, [[5, 5]]);
        const gapSyncs = syncs.length;
        const waits = [4800, 9600, 19200, 30000, 30000];
        for (const [i, wait] of waits.entries()) {
          scheduler.advance(wait - 1);
          assert.equal(lateSyncs.length, i, `not before ${wait} ms`);
          scheduler.advance(1);
          assert.deepEqual(lateSyncs.at(-1), { afterSeq: 4, limit: 100 }, `after ${wait} ms`);
          receiver.onLateSyncResult(nothingPast(4), 4); // history still behind
        }
        scheduler.advance(30_000);
        assert.equal(lateSyncs.length, waits.length + 1);
        receiver.onLateSyncResult({ messages: [msg(5), msg(6), msg(7)], throughSeq: '7', maxSeq: '7' }, 4);
        assert.deepEqual(shown, [1, 2, 3, 4, 6, 7, 5]);
        assert.deepEqual(late, [5]);
        assert.equal(syncs.length, gapSyncs, 'the late fill does not disturb the gap fill');
        scheduler.advance(600_000);
        assert.equal(lateSyncs.length, waits.length + 1, 'nothing late: no more syncs');
        assert.equal(scheduler.pending, 0);
        receiver.offer(msg(5));
        assert.deepEqual(late, [5], 'once');
      });

      it('stops when a reply covering the late seq lacks it and vouches for it (throughSeq at or past it)', () => {
        [1, 2, 3, 4, 6, 7].forEach((s) => receiver.offer(msg(s)));
        historyStaysAt(4);
        scheduler.advance(4800);
        assert.deepEqual(lateSyncs, [{ afterSeq: 4, limit: 100 }]);
        receiver.onLateSyncResult({ messages: [msg(6), msg(7)], throughSeq: '7', maxSeq: '7' }, 4);
        assert.deepEqual(receiver.late, [], 'a confirmed hole');
        assert.equal(scheduler.pending, 0, 'no late fill scheduled');
        scheduler.advance(600_000);
        assert.equal(lateSyncs.length, 1);
        receiver.offer(msg(5));
        assert.deepEqual(late, [], 'a hole is dropped if it comes after all');
      });

      it('stops when another sync (the application’s) confirms the hole, and when the seq arrives live', () => {
        [1, 2, 3, 4, 6].forEach((s) => receiver.offer(msg(s)));
        historyStaysAt(4);
        assert.equal(scheduler.pending, 1, 'the late fill is waiting');
        receiver.absorbSyncResult({ messages: [msg(6)], throughSeq: '6', maxSeq: '6' }, 4);
        assert.equal(scheduler.pending, 0);
        receiver.offer(msg(8));
        historyStaysAt(6);
        assert.deepEqual(skipped, [[5, 5], [7, 7]]);
        assert.equal(scheduler.pending, 1);
        receiver.offer(msg(7));
        assert.deepEqual(late, [7]);
        assert.equal(scheduler.pending, 0);
        scheduler.advance(600_000);
        assert.deepEqual(lateSyncs, []);
      });

      it('pages on at once while history returns full pages below the lowest late seq', () => {
        [1, 2, 3, 4, 6, 20].forEach((s) => receiver.offer(msg(s)));
        historyStaysAt(4); // 5 and 7..19 given up on
        assert.deepEqual(skipped, [[5, 5], [7, 19]]);
        assert.deepEqual(shown, [1, 2, 3, 4, 6, 20]);
        scheduler.advance(4800);
        assert.deepEqual(lateSyncs.map((s) => s.afterSeq), [4]);
        receiver.onLateSyncResult({ messages: [msg(6)], throughSeq: '6', maxSeq: '20' }, 4);
        assert.deepEqual(receiver.late, [[7, 19]], '5 is a hole; 7..19 are still late');
        assert.deepEqual(lateSyncs.map((s) => s.afterSeq), [4, 6], 'the next page at once');
        receiver.onLateSyncResult({ messages: [msg(7), msg(8)], throughSeq: '8', maxSeq: '20' }, 6);
        assert.deepEqual(late, [7, 8]);
        assert.deepEqual(lateSyncs.map((s) => s.afterSeq), [4, 6, 8], 'and the next');
        receiver.onLateSyncResult(nothingPast(8), 8); // history has nothing past 8 yet
        scheduler.advance(9599);
        assert.equal(lateSyncs.length, 3, 'waits again, 9.6 s after a failed try');
        scheduler.advance(1);
        assert.deepEqual(lateSyncs.map((s) => s.afterSeq), [4, 6, 8, 8]);
      });

      it('counts a failed late sync like an empty one and syncs at once on catch-up (after a reconnect)', () => {
        [1, 2, 3, 4, 6].forEach((s) => receiver.offer(msg(s)));
        historyStaysAt(4);
        scheduler.advance(4800);
        receiver.onLateSyncFailed();
        scheduler.advance(9599);
        assert.equal(lateSyncs.length, 1);
        receiver.disconnected();
        scheduler.advance(600_000);
        assert.equal(lateSyncs.length, 1, 'nothing while offline');
        receiver.catchUp();
        assert.deepEqual(syncs.at(-1), { afterSeq: 6, limit: 100 }, 'the catch-up of the line');
        assert.deepEqual(lateSyncs.at(-1), { afterSeq: 4, limit: 100 }, 'and of the late seqs, at once');
        assert.equal(lateSyncs.length, 2);
        receiver.catchUp();
        assert.equal(lateSyncs.length, 2, 'not twice while one is unanswered');
      });
    });

    it('drops a seq that history confirmed a hole (at or below throughSeq, absent from the reply)', () => {
      receiver.offer(msg(1));
      receiver.offer(msg(3));
      scheduler.advance(300);
      receiver.onSyncResult({ messages: [msg(3)], throughSeq: '3', maxSeq: '3' }, 1);
      receiver.offer(msg(2));
      receiver.offer(msg(4));
      assert.deepEqual(shown, [1, 3, 4]);
      assert.deepEqual(late, []);
    });
  });

  it('shows in-order messages at once', () => {
    [1, 2, 3].forEach((s) => receiver.offer(msg(s)));
    assert.deepEqual(shown, [1, 2, 3]);
    assert.equal(receiver.nextSeq, 4);
    assert.equal(scheduler.pending, 0);
  });

  it('buffers early messages and shows them when the gap closes before the timer', () => {
    receiver.offer(msg(1));
    receiver.offer(msg(3));
    receiver.offer(msg(4));
    assert.deepEqual(shown, [1]);
    scheduler.advance(299);
    receiver.offer(msg(2));
    assert.deepEqual(shown, [1, 2, 3, 4]);
    scheduler.advance(1000);
    assert.deepEqual(syncs, []);
  });

  it('drops duplicates, both already shown and already buffered', () => {
    receiver.offer(msg(1));
    receiver.offer(msg(1));
    receiver.offer(msg(3));
    receiver.offer(msg(3));
    receiver.offer(msg(2));
    assert.deepEqual(shown, [1, 2, 3]);
    assert.equal(receiver.stats.duplicates, 2);
  });

  it('syncs after seq nextSeq - 1 when the gap timer of 300 ms fires', () => {
    receiver.offer(msg(1));
    receiver.offer(msg(4));
    scheduler.advance(299);
    assert.deepEqual(syncs, []);
    scheduler.advance(1);
    assert.deepEqual(syncs, [{ afterSeq: 1, limit: 100 }]);
    receiver.onSyncResult({ messages: [msg(2), msg(3), msg(4)], throughSeq: '4', maxSeq: '4' });
    assert.deepEqual(shown, [1, 2, 3, 4]);
    assert.equal(receiver.hasGap, false);
  });

  it('skips holes up to throughSeq and shows the buffered messages after them', () => {
    receiver.offer(msg(1));
    receiver.offer(msg(5));
    scheduler.advance(300);
    // 2 and 4 are holes (a sequencer restart, say): history has 3 only, and vouches for everything to 5
    receiver.onSyncResult({ messages: [msg(3), msg(5)], throughSeq: '5', maxSeq: '5' });
    assert.deepEqual(shown, [1, 3, 5]);
    assert.deepEqual(skipped, [[2, 2], [4, 4]]);
    assert.equal(receiver.nextSeq, 6);
  });

  it('skips a large hole in one step', () => {
    receiver.offer(msg(1));
    receiver.offer(msg(2002));
    scheduler.advance(300);
    receiver.onSyncResult({ messages: [msg(2002)], throughSeq: '2002', maxSeq: '2002' });
    assert.deepEqual(shown, [1, 2002]);
    assert.deepEqual(skipped, [[2, 2001]]);
  });

  it('does not skip past throughSeq: a seq history has not persisted yet may still come', () => {
    receiver.offer(msg(1));
    receiver.offer(msg(3));
    scheduler.advance(300);
    receiver.onSyncResult({ messages: [], throughSeq: '1', maxSeq: '3' });
    assert.deepEqual(shown, [1]);
    assert.equal(receiver.nextSeq, 2);
    receiver.offer(msg(2)); // the late live delivery
    assert.deepEqual(shown, [1, 2, 3]);
  });

  it('retries with backoff, asks once more, then moves on to the lowest buffered seq', () => {
    receiver.offer(msg(1));
    receiver.offer(msg(3));
    scheduler.advance(300);
    assert.equal(syncs.length, 1);
    const nothing = { messages: [], throughSeq: '1', maxSeq: '3' };
    receiver.onSyncResult(nothing);
    scheduler.advance(299);
    assert.equal(syncs.length, 1);
    scheduler.advance(1); // retry 1 after 300 ms
    assert.equal(syncs.length, 2);
    receiver.onSyncResult(nothing);
    scheduler.advance(600); // retry 2 after 600 ms
    assert.equal(syncs.length, 3);
    receiver.onSyncResult(nothing);
    scheduler.advance(1200); // retry 3 after 1200 ms
    assert.equal(syncs.length, 4);
    receiver.onSyncResult(nothing);
    assert.equal(syncs.length, 5, 'asks history once more at once');
    receiver.onSyncResult(nothing);
    assert.deepEqual(shown, [1, 3], 'moved on');
    assert.deepEqual(skipped, [[2, 2]]);
    assert.equal(receiver.stats.givenUp, 1);
    scheduler.advance(10_000);
    assert.equal(syncs.length, 5);
  });

  it('treats a failed or unanswered sync like an empty answer', () => {
    receiver.offer(msg(1));
    receiver.offer(msg(3));
    scheduler.advance(300);
    receiver.onSyncFailed();
    scheduler.advance(300);
    assert.equal(syncs.length, 2);
    receiver.onSyncResult({ messages: [msg(2)], throughSeq: '3', maxSeq: '3' });
    assert.deepEqual(shown, [1, 2, 3]);
  });

  it('keeps paging while answers are full pages', () => {
    const paged = new ConversationReceiver({
      conversationId: 'p:a:b', scheduler, syncLimit: 2,
      requestSync: (afterSeq) => syncs.push(afterSeq),
      deliver: (messages) => shown.push(...messages.map((m) => Number(m.seq))),
    });
    paged.noteMaxSeq(5);
    scheduler.advance(300);
    paged.onSyncResult({ messages: [msg(1), msg(2)], throughSeq: '2', maxSeq: '5' });
    paged.onSyncResult({ messages: [msg(3), msg(4)], throughSeq: '4', maxSeq: '5' });
    paged.onSyncResult({ messages: [msg(5)], throughSeq: '5', maxSeq: '5' });
    assert.deepEqual(syncs, [0, 2, 4]);
    assert.deepEqual(shown, [1, 2, 3, 4, 5]);
    assert.equal(paged.hasGap, false);
  });

  it('fills up to a max seq it learns of, with nothing buffered (a lost tail message)', () => {
    receiver.offer(msg(1));
    receiver.noteMaxSeq(2);
    scheduler.advance(300);
    assert.deepEqual(syncs, [{ afterSeq: 1, limit: 100 }]);
    receiver.onSyncResult({ messages: [msg(2)], throughSeq: '2', maxSeq: '2' });
    assert.deepEqual(shown, [1, 2]);
  });

  it('catches up on demand even with nothing missing, and ignores a max seq already shown', () => {
    receiver.offer(msg(1));
    receiver.noteMaxSeq(1);
    assert.equal(scheduler.pending, 0);
    receiver.catchUp();
    assert.deepEqual(syncs, [{ afterSeq: 1, limit: 100 }]);
    receiver.onSyncResult({ messages: [], throughSeq: '1', maxSeq: '1' });
    assert.equal(scheduler.pending, 0);
  });

  it('prefers history’s copy of a buffered message (it carries the recall)', () => {
    receiver.offer(msg(1));
    receiver.offer(msg(3));
    scheduler.advance(300);
    const recalled = { ...msg(3), content: {}, recalled: true };
    let delivered = [];
    receiver.deliver = (messages) => { delivered = delivered.concat(messages); };
    receiver.onSyncResult({ messages: [msg(2), recalled], throughSeq: '3', maxSeq: '3' });
    assert.equal(delivered[1].recalled, true);
  });

  it('starts at the given seq (a long conversation opened at its recent end)', () => {
    const late = new ConversationReceiver({
      conversationId: 'p:a:b', nextSeq: 801, scheduler,
      requestSync: (afterSeq) => syncs.push(afterSeq), deliver: (m) => shown.push(...m.map((x) => Number(x.seq))),
    });
    late.catchUp();
    assert.deepEqual(syncs, [800]);
    late.offer(msg(5));
    assert.deepEqual(shown, []);
  });
});
