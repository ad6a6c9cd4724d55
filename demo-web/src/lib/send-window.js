// The sending side of one conversation (see docs/architecture.md#send-streams).
//
// Each send gets clientSeq = 1, 2, 3 … per (stream, conversation). Up to `windowSize` unacknowledged sends
// are on the wire at once (pipelining); the sequencer accepts them strictly in order. Acks are
// cumulative: accepting clientSeq k means every clientSeq below k of the stream was accepted too, so the
// echo (or sendAck) of one entry acknowledges every entry before it.
//
// Go-back-N: `rejected OUT_OF_ORDER {expectedClientSeq: E}` means the stream accepted everything below E
// and nothing from E on; we drop the entries below E and send again from E. Every transmission carries a
// fresh requestId; a rejection or error whose requestId is not the entry's latest transmission answers an
// older round and is ignored, so 31 rejections of one lost send cause one go-back, not 31.
//
// RATE_LIMITED: the gateway did not take the send; after a pause we send again from it. Any other rejection
// (NOT_MEMBER, RECALL_DENIED, TOO_LARGE, …) does not consume the clientSeq either (the gateway or the
// sequencer refuses it before the stream advances): the entry fails and the entries after it move down by
// one and are sent again.

import { realScheduler } from './scheduler.js';

export const SEND_DEFAULTS = Object.freeze({
  windowSize: 32,
  retransmitAfterMs: 4000,
  unavailableRetryMs: 500,
  rateLimitedRetryMs: 1000,
});

export class SendWindow {
  /**
   * @param {object} options
   * @param {string} options.conversationId
   * @param {(frame: object) => void} options.transmit sends one `send` frame ({requestId, send:{…}})
   * @param {() => string} options.nextRequestId a unique request id per transmission
   * @param {() => boolean} [options.canSend] false while disconnected (sends queue up)
   * @param {(entry: object, reason: string, detail: string) => void} [options.onFailed]
   */
  constructor(options) {
    this.conversationId = options.conversationId;
    this.transmit = options.transmit;
    this.nextRequestId = options.nextRequestId;
    this.canSend = options.canSend ?? (() => true);
    this.onFailed = options.onFailed ?? (() => {});
    this.scheduler = options.scheduler ?? realScheduler;
    this.windowSize = options.windowSize ?? SEND_DEFAULTS.windowSize;
    this.retransmitAfterMs = options.retransmitAfterMs ?? SEND_DEFAULTS.retransmitAfterMs;
    this.unavailableRetryMs = options.unavailableRetryMs ?? SEND_DEFAULTS.unavailableRetryMs;
    this.rateLimitedRetryMs = options.rateLimitedRetryMs ?? SEND_DEFAULTS.rateLimitedRetryMs;
    this.nextClientSeq = 1;
    /** unacknowledged entries in clientSeq order: {clientSeq, clientMsgId, content, requestId} */
    this.pending = [];
    this.timer = null;
    this.stats = { transmissions: 0, goBacks: 0 };
  }

  get unacked() {
    return this.pending.length;
  }

  /** Queues a send and puts it on the wire if the window has room. */
  submit(content, clientMsgId) {
    const entry = { clientSeq: this.nextClientSeq++, clientMsgId, content, requestId: null };
    this.pending.push(entry);
    this.pump();
    return entry;
  }

  /**
   * The message with this clientMsgId was accepted (its echo, a sendAck, or a sync that returned it):
   * acknowledges it and every entry before it. Returns the acknowledged entries.
   */
  ack(clientMsgId) {
    const index = this.pending.findIndex((e) => e.clientMsgId === clientMsgId);
    if (index < 0) {
      return [];
    }
    const acked = this.pending.splice(0, index + 1);
    this.armTimer(true);
    this.pump();
    return acked;
  }

  /** A `rejected` frame for this conversation. */
  onRejected(rejected, requestId) {
    const index = this.indexOfTransmission(requestId, rejected.clientMsgId);
    if (index < 0) {
      return; // answers an older transmission
    }
    if (rejected.reason === 'RATE_LIMITED') {
      this.retryFrom(index, this.rateLimitedRetryMs); // not taken: slow down, then resend from this clientSeq
      return;
    }
    if (rejected.reason === 'OUT_OF_ORDER') {
      const expected = Number(rejected.expectedClientSeq ?? 0);
      if (expected >= 1) {
        this.goBack(expected);
      } else {
        this.resendFrom(0);
      }
      return;
    }
    const [failed] = this.pending.splice(index, 1);
    for (let i = index; i < this.pending.length; i++) {
      this.pending[i].clientSeq--;
    }
    this.nextClientSeq--;
    this.onFailed(failed, rejected.reason ?? 'REJECTED', rejected.detail ?? '');
    this.resendFrom(index);
  }

  /** An `error` frame answering one of our sends (e.g. UNAVAILABLE: not published, send it again). */
  onError(requestId) {
    const index = this.indexOfTransmission(requestId);
    if (index >= 0) {
      this.retryFrom(index, this.unavailableRetryMs);
    }
  }

  /**
   * The connection is (re)established. Same stream: resend every unacknowledged entry in order (duplicates
   * get a sendAck). New stream: its clientSeqs start at 1 again.
   */
  onConnected(streamChanged) {
    if (streamChanged) {
      this.pending.forEach((entry, i) => { entry.clientSeq = i + 1; });
      this.nextClientSeq = this.pending.length + 1;
    }
    this.resendFrom(0);
  }

  /** Puts unsent entries of the window on the wire. */
  pump() {
    if (!this.canSend()) {
      return;
    }
    const limit = Math.min(this.windowSize, this.pending.length);
    for (let i = 0; i < limit; i++) {
      const entry = this.pending[i];
      if (entry.requestId !== null) {
        continue;
      }
      entry.requestId = this.nextRequestId();
      this.stats.transmissions++;
      this.transmit({
        requestId: entry.requestId,
        send: {
          conversationId: this.conversationId,
          clientMsgId: entry.clientMsgId,
          clientSeq: String(entry.clientSeq),
          content: entry.content,
        },
      });
    }
    this.armTimer(false);
  }

  close() {
    this.cancelTimer();
  }

  // --- internals

  indexOfTransmission(requestId, clientMsgId) {
    if (requestId) {
      return this.pending.findIndex((e) => e.requestId === requestId);
    }
    // no request id to match: accept only an answer about the first entry (the one that can be stuck)
    const first = this.pending[0];
    return first && first.requestId !== null && first.clientMsgId === clientMsgId ? 0 : -1;
  }

  goBack(expected) {
    this.stats.goBacks++;
    while (this.pending.length > 0 && this.pending[0].clientSeq < expected) {
      this.pending.shift(); // accepted; its echo or a sync will show it
    }
    if (this.pending.length > 0 && this.pending[0].clientSeq !== expected) {
      // the stream expects a clientSeq we no longer hold (it failed): renumber from there
      this.pending.forEach((entry, i) => { entry.clientSeq = expected + i; });
    }
    this.nextClientSeq = this.pending.length > 0 ? this.pending.at(-1).clientSeq + 1 : expected;
    this.resendFrom(0);
  }

  /** Sends again from entry `index` after a pause; answers to the earlier rounds are stale from now on. */
  retryFrom(index, delayMs) {
    for (let i = index; i < this.pending.length; i++) {
      this.pending[i].requestId = null;
    }
    this.armTimer(true, delayMs);
  }

  resendFrom(index) {
    for (let i = index; i < this.pending.length; i++) {
      this.pending[i].requestId = null;
    }
    this.cancelTimer();
    this.pump();
  }

  /** No progress for a while (a lost answer): send everything unacknowledged again. */
  armTimer(reset, delayMs = this.retransmitAfterMs) {
    if (reset) {
      this.cancelTimer();
    }
    if (this.pending.length === 0 || this.timer !== null) {
      return;
    }
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = null;
      if (this.pending.length > 0 && this.canSend()) {
        this.resendFrom(0);
      }
    }, delayMs);
  }

  cancelTimer() {
    if (this.timer !== null) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
