// The receiving side of one conversation (docs/architecture.md#receivers): show messages strictly in seq order,
// buffer what arrives early, fill gaps from history.
//
// nextSeq is the next seq to show. A message with seq == nextSeq is shown, then every buffered successor;
// seq > nextSeq is buffered and arms the gap timer; seq < nextSeq is a duplicate and dropped. When the
// timer fires we ask for `sync afterSeq = nextSeq - 1`. The answer's throughSeq says that every seq up to
// it that the answer lacks is a hole (it will never come), so we skip those. If the gap is still open
// after that (history has not persisted the missing seq yet) we retry with backoff; after maxRetries we
// ask once more and then move on to the lowest buffered seq, declaring what lies before it lost.

import { num } from './ids.js';
import { realScheduler } from './scheduler.js';

export const RECEIVER_DEFAULTS = Object.freeze({
  gapDelayMs: 300,
  maxRetries: 3,
  retryBaseMs: 300,
  syncLimit: 100,
});

export class ConversationReceiver {
  /**
   * @param {object} options
   * @param {string} options.conversationId
   * @param {number} [options.nextSeq=1] the first seq to show
   * @param {(afterSeq: number, limit: number) => void} options.requestSync sends a sync frame; the answer
   *        comes back through onSyncResult (or onSyncFailed)
   * @param {(messages: object[]) => void} options.deliver receives messages in seq order, each once
   * @param {(from: number, to: number) => void} [options.onSkipped] seqs declared holes or given up on
   */
  constructor(options) {
    this.conversationId = options.conversationId;
    this.nextSeq = Math.max(1, options.nextSeq ?? 1);
    this.requestSync = options.requestSync;
    this.deliver = options.deliver;
    this.onSkipped = options.onSkipped ?? (() => {});
    this.scheduler = options.scheduler ?? realScheduler;
    this.gapDelayMs = options.gapDelayMs ?? RECEIVER_DEFAULTS.gapDelayMs;
    this.maxRetries = options.maxRetries ?? RECEIVER_DEFAULTS.maxRetries;
    this.retryBaseMs = options.retryBaseMs ?? RECEIVER_DEFAULTS.retryBaseMs;
    this.syncLimit = options.syncLimit ?? RECEIVER_DEFAULTS.syncLimit;
    /** seq -> message, all > nextSeq */
    this.buffer = new Map();
    /** the highest seq known to exist (from deliveries, maxSeq of syncs and lists, sendAcks) */
    this.knownMaxSeq = this.nextSeq - 1;
    this.timer = null;
    this.syncing = false;
    this.retries = 0;
    this.finalAttempt = false;
    this.stats = { duplicates: 0, buffered: 0, syncs: 0, holes: 0, givenUp: 0 };
  }

  /** The highest seq shown so far (0 when none). */
  get shownThrough() {
    return this.nextSeq - 1;
  }

  /** True while a seq we know of is neither shown nor a known hole. */
  get hasGap() {
    return this.buffer.size > 0 || this.knownMaxSeq >= this.nextSeq;
  }

  /** A live delivery. */
  offer(message) {
    const seq = num(message.seq);
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
   * is outstanding (its answer may have been lost with the old connection).
   */
  catchUp() {
    this.retries = 0;
    this.finalAttempt = false;
    this.sync();
  }

  /** The answer to our sync: {messages, throughSeq, maxSeq}. */
  onSyncResult(result) {
    this.syncing = false;
    const before = this.nextSeq;
    const messages = result.messages ?? [];
    const throughSeq = num(result.throughSeq);
    this.knownMaxSeq = Math.max(this.knownMaxSeq, num(result.maxSeq));
    for (const message of messages) {
      const seq = num(message.seq);
      this.knownMaxSeq = Math.max(this.knownMaxSeq, seq);
      if (seq >= this.nextSeq) {
        this.buffer.set(seq, message); // history's copy wins: it carries the recalled flag
      }
    }
    this.drain();
    this.skipHolesThrough(throughSeq);
    const progressed = this.nextSeq > before;
    const fullPage = messages.length >= this.syncLimit;
    if (!this.hasGap) {
      this.retries = 0;
      this.finalAttempt = false;
      return;
    }
    if (progressed || fullPage) {
      this.retries = 0;
      this.finalAttempt = false;
      this.sync(); // more to fetch right away
      return;
    }
    this.noProgress();
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
  }

  // --- internals

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
    this.onSkipped(this.nextSeq, lowest - 1);
    this.nextSeq = lowest;
    this.drain();
    this.checkGap();
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
      this.onSkipped(this.nextSeq, next - 1);
      this.nextSeq = next;
      this.drain();
    }
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
    this.requestSync(this.nextSeq - 1, this.syncLimit);
  }
}
