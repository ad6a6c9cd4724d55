// The receiving side of one conversation (docs/architecture.md#receivers): show messages strictly in seq order,
// buffer what arrives early, fill gaps from history.
//
// nextSeq is the next seq to show. A message with seq == nextSeq is shown, then every buffered successor;
// seq > nextSeq is buffered and arms the gap timer; seq < nextSeq is a duplicate and dropped. When the
// timer fires we ask for `sync afterSeq = nextSeq - 1`. The answer's throughSeq says that every seq up to
// it that the answer lacks is a hole (it will never come), so we skip those. If the gap is still open
// after that (history has not persisted the missing seq yet) we retry with backoff; after maxRetries we
// ask once more and then move on to the lowest buffered seq.
//
// Late is not missing: moving on is not declaring the skipped seqs lost. A seq skipped without history
// confirming it a hole stays pending (`late`); when it arrives later, live or in any sync reply, it is
// delivered (through onLate) instead of being dropped. Only seqs shown, or confirmed holes (at or below a
// reply's throughSeq, inside the reply's range, absent from it), are dropped as duplicates.
//
// Late fill (as the Java SDK's LateFill): while seqs are late, the receiver keeps asking history for them with
// `sync afterSeq = lowestLate - 1`: first lateFillFirstMs (4.8 s) after moving on, then the wait doubles after
// each try that brings nothing (or gets no answer) up to lateFillMaxMs (30 s); at once after every reconnect
// (catchUp). A reply that moves past the range asked for but stays below the lowest late seq (a full page) is
// followed by the next page at once. It stops when nothing is late any more: every late seq arrived or was
// confirmed a hole by a reply covering it.

import { num } from './ids.js';
import { realScheduler } from './scheduler.js';

export const RECEIVER_DEFAULTS = Object.freeze({
  gapDelayMs: 300,
  maxRetries: 3,
  retryBaseMs: 300,
  syncLimit: 100,
  /** the first wait before asking history again for seqs moved past (late seqs) */
  lateFillFirstMs: 4800,
  /** the longest wait between those syncs (the wait doubles after each try that brings nothing) */
  lateFillMaxMs: 30000,
});

export class ConversationReceiver {
  /**
   * @param {object} options
   * @param {string} options.conversationId
   * @param {number} [options.nextSeq=1] the first seq to show
   * @param {(afterSeq: number, limit: number, purpose: 'gap'|'late') => (boolean|void)} options.requestSync
   *        sends a sync frame (false: not sent, offline); the answer comes back through onSyncResult (or
   *        onSyncFailed) for purpose 'gap', through onLateSyncResult (or onLateSyncFailed) for 'late'
   * @param {(messages: object[]) => void} options.deliver receives messages in seq order, each once
   * @param {(from: number, to: number, confirmed: boolean) => void} [options.onSkipped] seqs moved past:
   *        confirmed holes (confirmed = true) or given up on for now (false: they may still come, see onLate)
   * @param {(message: object) => void} [options.onLate] a seq moved past without history confirming it a
   *        hole has arrived after all; it is shown now, out of its place (default: deliver([message]))
   */
  constructor(options) {
    this.conversationId = options.conversationId;
    this.nextSeq = Math.max(1, options.nextSeq ?? 1);
    this.requestSync = options.requestSync;
    this.deliver = options.deliver;
    this.onSkipped = options.onSkipped ?? (() => {});
    this.onLate = options.onLate ?? ((message) => this.deliver([message]));
    this.scheduler = options.scheduler ?? realScheduler;
    this.gapDelayMs = options.gapDelayMs ?? RECEIVER_DEFAULTS.gapDelayMs;
    this.maxRetries = options.maxRetries ?? RECEIVER_DEFAULTS.maxRetries;
    this.retryBaseMs = options.retryBaseMs ?? RECEIVER_DEFAULTS.retryBaseMs;
    this.syncLimit = options.syncLimit ?? RECEIVER_DEFAULTS.syncLimit;
    this.lateFillFirstMs = options.lateFillFirstMs ?? RECEIVER_DEFAULTS.lateFillFirstMs;
    this.lateFillMaxMs = options.lateFillMaxMs ?? RECEIVER_DEFAULTS.lateFillMaxMs;
    /** seq -> message, all > nextSeq */
    this.buffer = new Map();
    /** seqs below nextSeq moved past without being shown or confirmed holes: [from, to] ranges, ascending */
    this.late = [];
    /** the highest seq known to exist (from deliveries, maxSeq of syncs and lists, sendAcks) */
    this.knownMaxSeq = this.nextSeq - 1;
    this.timer = null;
    this.syncing = false;
    this.retries = 0;
    this.finalAttempt = false;
    /** the late fill: its timer, whether its sync is unanswered, its tries in a row that brought nothing */
    this.lateTimer = null;
    this.lateSyncing = false;
    this.lateFailures = 0;
    this.stats = { duplicates: 0, buffered: 0, syncs: 0, holes: 0, givenUp: 0, late: 0 };
  }

  /** The highest seq shown so far (0 when none). */
  get shownThrough() {
    return this.nextSeq - 1;
  }

  /** True while a seq we know of is neither shown nor a known hole. */
  get hasGap() {
    return this.buffer.size > 0 || this.knownMaxSeq >= this.nextSeq;
  }

  /** True when `seq` was moved past without being shown or confirmed a hole (it may still come). */
  isLate(seq) {
    return this.late.some(([from, to]) => from <= seq && seq <= to);
  }

  /** The lowest late seq, or null when nothing is late. */
  get lowestLate() {
    return this.late.length > 0 ? Math.min(...this.late.map(([from]) => from)) : null;
  }

  /** A live delivery. */
  offer(message) {
    const seq = num(message.seq);
    if (seq < this.nextSeq && this.takeLate(seq)) {
      this.showLate(message);
      this.lateChanged();
      return;
    }
    if (seq < this.nextSeq || this.buffer.has(seq)) {
      this.stats.duplicates++;
      return;
    }
    this.knownMaxSeq = Math.max(this.knownMaxSeq, seq);
    this.buffer.set(seq, message);
    if (seq !== this.nextSeq) {
      this.stats.buffered++;
    }
    this.drain();
    this.checkGap();
  }

  /** We learned that `seq` exists (a conversation list's maxSeq, a sendAck): fill up to it. */
  noteMaxSeq(seq) {
    seq = num(seq);
    if (seq > this.knownMaxSeq) {
      this.knownMaxSeq = seq;
    }
    this.checkGap();
  }

  /**
   * Syncs now, whatever we know: after (re)connect every known conversation is caught up. Also when a sync
   * is outstanding (its answer may have been lost with the old connection). With late seqs, also syncs from
   * the lowest of them at once (unless such a sync is unanswered since the last disconnected()).
   */
  catchUp() {
    this.retries = 0;
    this.finalAttempt = false;
    this.sync();
    if (this.late.length > 0 && !this.lateSyncing) {
      this.syncLate();
    }
  }

  /** The connection is gone: an answer to the late fill's sync will not come; catchUp() asks again. */
  disconnected() {
    this.cancelLateTimer();
    this.lateSyncing = false;
  }

  /**
   * The answer to this receiver's own sync: {messages, throughSeq, maxSeq}. `afterSeq` is the request's
   * (when known): seqs moved past earlier that lie in (afterSeq, throughSeq] and are absent from the reply
   * are confirmed holes.
   */
  onSyncResult(result, afterSeq) {
    this.syncing = false;
    const before = this.nextSeq;
    const messages = result.messages ?? [];
    this.absorb(result, afterSeq);
    const progressed = this.nextSeq > before;
    const fullPage = messages.length >= this.syncLimit;
    if (!this.hasGap) {
      this.retries = 0;
      this.finalAttempt = false;
    } else if (progressed || fullPage) {
      this.retries = 0;
      this.finalAttempt = false;
      this.sync(); // more to fetch right away
    } else {
      this.noProgress();
    }
    this.lateChanged();
  }

  /**
   * The answer to another sync of this conversation (the application's own, or one that came too late):
   * its messages are delivered; its holes count only if its range starts at or before nextSeq.
   */
  absorbSyncResult(result, afterSeq) {
    this.absorb(result, afterSeq);
    this.checkGap();
    this.lateChanged();
  }

  /**
   * The answer to the late fill's sync (`afterSeq` = lowest late seq − 1 when it was sent): its late messages
   * are shown, the late seqs it covers and lacks are holes. Asks for the next page at once if history has
   * more below the lowest late seq; otherwise waits (longer) before asking again while seqs are late.
   */
  onLateSyncResult(result, afterSeq) {
    this.lateSyncing = false;
    this.cancelLateTimer();
    this.absorb(result, afterSeq);
    this.checkGap();
    if (this.late.length > 0) {
      const throughSeq = num(result.throughSeq);
      if (throughSeq > num(afterSeq) && this.lowestLate > throughSeq) {
        this.lateFailures = 0;
        this.syncLate(); // history has more: the next page
        return;
      }
      this.lateFailures++;
    }
    this.lateChanged();
  }

  /** The late fill's sync got an error or no answer in time: a failed try. */
  onLateSyncFailed() {
    this.lateSyncing = false;
    this.lateFailures++;
    this.lateChanged();
  }

  /** The sync got an error or no answer in time. */
  onSyncFailed() {
    this.syncing = false;
    if (this.hasGap) {
      this.noProgress();
    }
  }

  /** Stops timers (the conversation is dropped or the page is closing). */
  close() {
    this.cancelTimer();
    this.cancelLateTimer();
  }

  // --- internals

  absorb(result, afterSeq) {
    const before = this.nextSeq;
    const throughSeq = num(result.throughSeq);
    const known = afterSeq !== undefined && afterSeq !== null;
    this.knownMaxSeq = Math.max(this.knownMaxSeq, num(result.maxSeq));
    for (const message of result.messages ?? []) {
      const seq = num(message.seq);
      this.knownMaxSeq = Math.max(this.knownMaxSeq, seq);
      if (seq >= this.nextSeq) {
        this.buffer.set(seq, message); // history's copy wins: it carries the recalled flag
      } else if (this.takeLate(seq)) {
        this.showLate(message);
      }
    }
    if (known && this.late.length > 0) {
      this.confirmHoles(num(afterSeq) + 1, Math.min(throughSeq, before - 1));
    }
    this.drain();
    if (!known || num(afterSeq) < before) {
      this.skipHolesThrough(throughSeq);
    }
  }

  noProgress() {
    if (this.finalAttempt) {
      this.finalAttempt = false;
      this.retries = 0;
      this.moveOn();
      return;
    }
    this.retries++;
    if (this.retries > this.maxRetries) {
      this.finalAttempt = true; // ask history once more, then move on
      this.sync();
      return;
    }
    this.schedule(this.retryBaseMs * 2 ** (this.retries - 1));
  }

  /** Gives up on the missing seqs below the lowest buffered one. */
  moveOn() {
    if (this.buffer.size === 0) {
      // we only know the seqs exist (maxSeq); nothing to move on to: wait for the next trigger
      this.knownMaxSeq = this.nextSeq - 1;
      return;
    }
    const lowest = Math.min(...this.buffer.keys());
    this.stats.givenUp += lowest - this.nextSeq;
    this.late.push([this.nextSeq, lowest - 1]); // not confirmed holes: they may still come
    this.onSkipped(this.nextSeq, lowest - 1, false);
    this.nextSeq = lowest;
    this.drain();
    this.checkGap();
    this.lateChanged();
  }

  skipHolesThrough(throughSeq) {
    while (this.nextSeq <= throughSeq) {
      if (this.buffer.has(this.nextSeq)) {
        this.drain();
        continue;
      }
      let next = throughSeq + 1;
      for (const seq of this.buffer.keys()) {
        if (seq > this.nextSeq && seq < next) {
          next = seq;
        }
      }
      this.stats.holes += next - this.nextSeq;
      this.onSkipped(this.nextSeq, next - 1, true);
      this.nextSeq = next;
      this.drain();
    }
  }

  /** Removes `seq` from the late ranges; true when it was there. */
  takeLate(seq) {
    const index = this.late.findIndex(([from, to]) => from <= seq && seq <= to);
    if (index < 0) {
      return false;
    }
    const [from, to] = this.late[index];
    const rest = [];
    if (from < seq) {
      rest.push([from, seq - 1]);
    }
    if (seq < to) {
      rest.push([seq + 1, to]);
    }
    this.late.splice(index, 1, ...rest);
    return true;
  }

  showLate(message) {
    this.stats.late++;
    this.onLate(message);
  }

  /** History vouched for every seq in [from, to]; the late ones it did not return are holes. */
  confirmHoles(from, to) {
    if (from > to) {
      return;
    }
    const kept = [];
    for (const [a, b] of this.late) {
      if (b < from || a > to) {
        kept.push([a, b]);
        continue;
      }
      if (a < from) {
        kept.push([a, from - 1]);
      }
      if (b > to) {
        kept.push([to + 1, b]);
      }
    }
    this.late = kept;
  }

  drain() {
    const shown = [];
    while (this.buffer.has(this.nextSeq)) {
      shown.push(this.buffer.get(this.nextSeq));
      this.buffer.delete(this.nextSeq);
      this.nextSeq++;
    }
    if (shown.length > 0) {
      this.deliver(shown);
    }
  }

  checkGap() {
    if (!this.hasGap) {
      this.cancelTimer();
      this.retries = 0;
      this.finalAttempt = false;
      return;
    }
    if (this.timer === null && !this.syncing) {
      this.schedule(this.gapDelayMs);
    }
  }

  schedule(delayMs) {
    this.cancelTimer();
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = null;
      if (this.hasGap && !this.syncing) {
        this.sync();
      }
    }, delayMs);
  }

  cancelTimer() {
    if (this.timer !== null) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  sync() {
    this.cancelTimer();
    this.syncing = true;
    this.stats.syncs++;
    this.requestSync(this.nextSeq - 1, this.syncLimit, 'gap');
  }

  /** After every change of the late seqs: waits to ask history again while some are left, stops when none are. */
  lateChanged() {
    if (this.late.length === 0) {
      this.cancelLateTimer();
      this.lateSyncing = false;
      this.lateFailures = 0;
      return;
    }
    if (!this.lateSyncing && this.lateTimer === null) {
      const wait = Math.min(this.lateFillFirstMs * 2 ** Math.min(this.lateFailures, 16), this.lateFillMaxMs);
      this.lateTimer = this.scheduler.setTimeout(() => {
        this.lateTimer = null;
        if (this.late.length > 0 && !this.lateSyncing) {
          this.syncLate();
        }
      }, wait);
    }
  }

  syncLate() {
    this.cancelLateTimer();
    this.lateSyncing = true;
    this.stats.syncs++;
    if (this.requestSync(this.lowestLate - 1, this.syncLimit, 'late') === false) {
      this.lateSyncing = false; // offline: the reconnect's catchUp asks
    }
  }

  cancelLateTimer() {
    if (this.lateTimer !== null) {
      this.scheduler.clearTimeout(this.lateTimer);
      this.lateTimer = null;
    }
  }
}
