// The sending side of one conversation (see docs/architecture.md#send-streams and the refusal table in
// docs/protocol.md#rejected-reasons); the same rules as the Java SDK's SendWindow.
//
// Each send gets clientSeq = 1, 2, 3 … per (stream, conversation). Up to `windowSize` unacknowledged sends
// are on the wire at once (pipelining); the sequencer accepts them strictly in order. Acks are
// cumulative: accepting clientSeq k means every clientSeq below k of the stream was accepted too, so the
// echo (or sendAck) of one entry acknowledges every entry before it. A second answer for a send already
// resolved finds nothing to acknowledge and is ignored.
//
// Every transmission carries a fresh requestId; a rejection or error whose requestId is not the entry's
// latest transmission answers an older round and is ignored, so 31 rejections of one lost send cause one
// resend round, not 31.
//
// What a refusal does:
// - OUT_OF_ORDER {expectedClientSeq: E}: the stream accepted everything below E and nothing from E on:
//   drop the entries below E (accepted; their seq comes with their echo or from the log) and send again
//   from E (go-back-N).
// - RATE_LIMITED: the send never reached Kafka. It stays pending with the same clientSeq; after a backoff
//   (250 ms doubling to 5 s, equal jitter) it and every later unacknowledged send go out again, in order,
//   with their own clientSeqs. Nothing is sent before then, and its clientSeq is never given to another send.
// - error UNAVAILABLE answering a send: Kafka did not take it; the same as RATE_LIMITED: after a backoff,
//   resend from it, in order, same stream, same clientSeqs.
// - NOT_MEMBER, TOO_LARGE, INVALID, RECALL_DENIED (and reasons this client does not know): final. The
//   entry fails; the server decided it from the frame alone, before the stream advanced, so the clientSeq
//   was not consumed: the entries after it move down by one and are sent again.
// - any other `error` answering a send (INTERNAL, RATE_LIMITED as an error frame, …): final, the same as a
//   final refusal (onRefused), as in the Java SDK; the client decides which errors are retried (client.js).
// - STREAM_EXPIRED {expectedClientSeq: 1}: the stream has no state on the server (idle past the server's
//   stream TTL, or lost) and the refused clientSeq is above 1; nothing was sequenced by that send. But some
//   pending entries may have been sequenced long ago with their acks lost, so the window *verifies*: nothing
//   goes on the wire, every answer to a transmission made before is stale (ignored), the retransmission timer
//   stops, and options.verify() looks in the log (client.js: sync from the last seq shown, page by page) and
//   completes (ack) every pending entry it finds there. While verifying, an ack completes only its own entry
//   (not the ones before it). When verify() resolves, the entries left were never sequenced (the stream takes
//   its clientSeqs strictly in order, so the ones found are the oldest): they are sent again with the
//   clientSeqs they have, in order, a clientSeq is never given to other content. The first transmission
//   after the verification carries `streamStart: true`: the server may then begin the stream's state at that
//   clientSeq (on a stream that has state the flag changes nothing). Only that one transmission: a later
//   resend of the same entry (after RATE_LIMITED, a reconnect, a timeout) does not carry it, because it may
//   by then have been sequenced, and a STREAM_EXPIRED answering it means another verification. With no
//   entry left, the next new send is that first transmission. expectedClientSeq (1) numbers nothing. When
//   verify() fails, it runs again after the backoff (or after the reconnect, if the connection went);
//   nothing is resent before a verification completed.
// - The same check from the client's own clock: a stream can expire while its clientSeq 1 is pending (a lost
//   ack, a day offline), and the server cannot tell that resend from a new stream. So when the window is
//   about to resend (after a reconnect, or after retransmitAfterMs without an answer) and its oldest entry
//   was first transmitted more than streamTtlMs ago (default 23 h: the server's 24 h less a margin), it
//   verifies first, exactly as above: the entries left keep their clientSeqs and the first transmission
//   carries streamStart (the stream may still be alive; then the flag changes nothing).

import { Backoff } from './backoff.js';
import { realScheduler } from './scheduler.js';

export const SEND_DEFAULTS = Object.freeze({
  windowSize: 32,
  retransmitAfterMs: 4000,
  retryBaseMs: 250,
  retryMaxMs: 5000,
  /** a pending send first transmitted longer ago than this is looked for in the log before it is resent */
  streamTtlMs: 23 * 3600 * 1000,
});

/** Refusals after which the send is resent (same clientSeq) rather than failed. */
const RETRIED = new Set(['RATE_LIMITED', 'OUT_OF_ORDER', 'STREAM_EXPIRED']);

export class SendWindow {
  /**
   * @param {object} options
   * @param {string} options.conversationId
   * @param {(frame: object) => void} options.transmit sends one `send` frame ({requestId, send:{…}})
   * @param {() => string} options.nextRequestId a unique request id per transmission
   * @param {() => boolean} [options.canSend] false while disconnected (sends queue up)
   * @param {(entry: object, reason: string, detail: string) => void} [options.onFailed] a final refusal
   * @param {() => (Promise<unknown>|void)} [options.verify] looks in the log for the pending entries and acks
   *        each one found (by clientMsgId); resolves when done, rejects when it could not tell (default:
   *        finds nothing)
   * @param {number} [options.streamTtlMs] see SEND_DEFAULTS
   */
  constructor(options) {
    this.conversationId = options.conversationId;
    this.transmit = options.transmit;
    this.nextRequestId = options.nextRequestId;
    this.canSend = options.canSend ?? (() => true);
    this.onFailed = options.onFailed ?? (() => {});
    this.verify = options.verify ?? (() => undefined);
    this.streamTtlMs = options.streamTtlMs ?? SEND_DEFAULTS.streamTtlMs;
    this.scheduler = options.scheduler ?? realScheduler;
    this.windowSize = options.windowSize ?? SEND_DEFAULTS.windowSize;
    this.retransmitAfterMs = options.retransmitAfterMs ?? SEND_DEFAULTS.retransmitAfterMs;
    this.retryBackoff = new Backoff({
      baseMs: options.retryBaseMs ?? SEND_DEFAULTS.retryBaseMs,
      maxMs: options.retryMaxMs ?? SEND_DEFAULTS.retryMaxMs,
      random: () => this.scheduler.random(),
    });
    this.nextClientSeq = 1;
    /**
     * unacknowledged entries in clientSeq order: {clientSeq, clientMsgId, content, requestId, firstSentAt}
     * (firstSentAt: the time of its first transmission since it was last verified, null before)
     */
    this.pending = [];
    /** the retransmission timer (no answer for a while) */
    this.timer = null;
    /** while set, nothing goes on the wire: a backoff after RATE_LIMITED or UNAVAILABLE */
    this.hold = null;
    /** while set, nothing goes on the wire: {round} of a verification in the log (STREAM_EXPIRED, stream TTL) */
    this.verification = null;
    /**
     * the next transmission carries streamStart: true (the first one after a verification: the stream may
     * have no state on the server, and the entries left were proven unsequenced)
     */
    this.streamStartDue = false;
    this.verifyRounds = 0;
    this.stats = { transmissions: 0, goBacks: 0, retries: 0, verifications: 0 };
  }

  get unacked() {
    return this.pending.length;
  }

  /** True while a backoff after RATE_LIMITED or UNAVAILABLE keeps sends off the wire. */
  get holding() {
    return this.hold !== null;
  }

  /** True while the window looks in the log for its pending sends (STREAM_EXPIRED, or the stream TTL). */
  get verifying() {
    return this.verification !== null;
  }

  /** Queues a send and puts it on the wire if the window has room. */
  submit(content, clientMsgId) {
    const entry = { clientSeq: this.nextClientSeq++, clientMsgId, content, requestId: null, firstSentAt: null };
    this.pending.push(entry);
    this.pump();
    return entry;
  }

  /**
   * The message with this clientMsgId was accepted (its echo, a sendAck, or a sync that returned it):
   * acknowledges it and every entry before it. Returns the acknowledged entries (none for an unknown or
   * already acknowledged id). While verifying, only that entry: the stream's state is gone, and the
   * verification decides about each entry by itself.
   */
  ack(clientMsgId) {
    const index = this.pending.findIndex((e) => e.clientMsgId === clientMsgId);
    if (index < 0) {
      return [];
    }
    const acked = this.verifying ? this.pending.splice(index, 1) : this.pending.splice(0, index + 1);
    this.retryBackoff.reset();
    this.armTimer(true);
    this.pump();
    return acked;
  }

  /** A `rejected` frame for this conversation, answering transmission `requestId`. */
  onRejected(rejected, requestId) {
    const index = this.indexOfTransmission(requestId, rejected.clientMsgId, rejected.clientSeq);
    if (index < 0) {
      return; // answers an older transmission, or a send already resolved
    }
    const reason = rejected.reason ?? 'REJECTED';
    if (reason === 'RATE_LIMITED') {
      this.retryAfterBackoff(index);
      return;
    }
    if (reason === 'OUT_OF_ORDER') {
      const expected = Number(rejected.expectedClientSeq ?? 0);
      if (expected >= 1) {
        this.goBack(expected);
      } else {
        this.resendFrom(0);
      }
      return;
    }
    if (reason === 'STREAM_EXPIRED') {
      this.startVerification(); // expectedClientSeq (1) renumbers nothing
      return;
    }
    this.fail(index, reason, rejected.detail ?? '');
  }

  /**
   * An `error` frame answering transmission `requestId` that forbids resending it (e.g. TOO_LARGE,
   * BAD_FRAME): the server never took the frame, so it fails like a final refusal.
   */
  onRefused(requestId, code, detail = '') {
    const index = this.indexOfTransmission(requestId);
    if (index >= 0) {
      this.fail(index, code, detail);
    }
  }

  /** An `error` frame answering transmission `requestId` (UNAVAILABLE: not published, send it again). */
  onError(requestId) {
    const index = this.indexOfTransmission(requestId);
    if (index >= 0) {
      this.retryAfterBackoff(index);
    }
  }

  /**
   * The connection is (re)established. Same stream: resend every unacknowledged entry in order (duplicates
   * get a sendAck). New stream: its clientSeqs start at 1 again (clientSeq 1 needs no streamStart). A
   * verification under way runs again (its sync went with the old connection); an oldest entry older than
   * streamTtlMs is verified first.
   */
  onConnected(streamChanged) {
    if (streamChanged) {
      this.renumber();
      this.streamStartDue = false;
    }
    this.cancelHold();
    if (this.verifying) {
      this.runVerification();
      return;
    }
    this.resendAll();
  }

  /** Puts unsent entries of the window on the wire (not while disconnected, holding or verifying). */
  pump() {
    if (!this.canSend() || this.hold !== null || this.verifying) {
      return;
    }
    const limit = Math.min(this.windowSize, this.pending.length);
    for (let i = 0; i < limit; i++) {
      const entry = this.pending[i];
      if (entry.requestId !== null) {
        continue;
      }
      entry.requestId = this.nextRequestId();
      entry.firstSentAt ??= this.scheduler.now();
      this.stats.transmissions++;
      const send = {
        conversationId: this.conversationId,
        clientMsgId: entry.clientMsgId,
        clientSeq: String(entry.clientSeq),
        content: entry.content,
      };
      if (this.streamStartDue) {
        send.streamStart = true; // the first transmission after a verification, and only that one
        this.streamStartDue = false;
      }
      this.transmit({ requestId: entry.requestId, send });
    }
    this.armTimer(false);
  }

  close() {
    this.cancelTimer();
    this.cancelHold();
    this.verification = null;
  }

  // --- internals

  /** Resends everything unacknowledged, unless its oldest entry is past streamTtlMs: then verifies first. */
  resendAll() {
    const oldest = this.pending[0];
    if (oldest && oldest.firstSentAt !== null && this.scheduler.now() - oldest.firstSentAt > this.streamTtlMs) {
      this.startVerification();
      return;
    }
    this.resendFrom(0);
  }

  /**
   * Stops transmitting and looks in the log for the pending entries (options.verify); the entries not found
   * are resent afterwards with their clientSeqs, the first transmission with streamStart (verified()).
   */
  startVerification() {
    this.stats.verifications++;
    for (const entry of this.pending) {
      entry.requestId = null; // answers to every transmission so far are stale
    }
    this.cancelTimer();
    this.cancelHold();
    this.verification = { round: 0 };
    this.runVerification();
  }

  /** One try of the verification (again after a failure or a reconnect); an older try's outcome is ignored. */
  runVerification() {
    if (this.verification === null || !this.canSend()) {
      return; // offline: onConnected runs it
    }
    const round = ++this.verifyRounds;
    this.verification.round = round;
    let outcome;
    try {
      outcome = Promise.resolve(this.verify());
    } catch (e) {
      outcome = Promise.reject(e);
    }
    outcome.then(() => this.verified(round), () => this.verificationFailed(round));
  }

  verified(round) {
    if (this.verification?.round !== round) {
      return;
    }
    this.verification = null;
    this.retryBackoff.reset();
    for (const entry of this.pending) {
      entry.firstSentAt = null; // proven unsequenced until now: its age starts again
    }
    // the entries left keep their clientSeqs; the first of them (or, with none left, the next new send)
    // goes out with streamStart, so a stream without state on the server begins at its clientSeq
    this.streamStartDue = true;
    this.resendFrom(0);
  }

  verificationFailed(round) {
    if (this.verification?.round !== round) {
      return;
    }
    this.cancelHold();
    if (!this.canSend()) {
      return; // onConnected runs it again
    }
    this.hold = this.scheduler.setTimeout(() => {
      this.hold = null;
      this.runVerification();
    }, this.retryBackoff.next());
  }

  /** Numbers the pending entries 1, 2, 3 … (a new stream id; never for a stream whose state expired). */
  renumber() {
    this.pending.forEach((entry, i) => { entry.clientSeq = i + 1; });
    this.nextClientSeq = this.pending.length + 1;
  }

  indexOfTransmission(requestId, clientMsgId, clientSeq) {
    if (requestId) {
      return this.pending.findIndex((e) => e.requestId === requestId);
    }
    // no request id to match: accept only an answer about the first entry (the one that can be stuck), and
    // not one about a clientSeq it had before it was numbered again
    const first = this.pending[0];
    const sameSeq = clientSeq === undefined || clientSeq === null || Number(clientSeq) === first?.clientSeq;
    return first && first.requestId !== null && first.clientMsgId === clientMsgId && sameSeq ? 0 : -1;
  }

  /** Fails entry `index`; its clientSeq was not consumed, so the entries after it move down by one. */
  fail(index, reason, detail) {
    const [failed] = this.pending.splice(index, 1);
    for (let i = index; i < this.pending.length; i++) {
      this.pending[i].clientSeq--;
    }
    this.nextClientSeq--;
    this.onFailed(failed, reason, detail);
    this.resendFrom(index);
  }

  goBack(expected) {
    this.stats.goBacks++;
    while (this.pending.length > 0 && this.pending[0].clientSeq < expected) {
      this.pending.shift(); // accepted; its echo or the log gives its seq
    }
    if (this.pending.length > 0 && this.pending[0].clientSeq !== expected) {
      // the stream expects a clientSeq we no longer hold (it failed): renumber from there
      this.pending.forEach((entry, i) => { entry.clientSeq = expected + i; });
    }
    this.nextClientSeq = this.pending.length > 0 ? this.pending.at(-1).clientSeq + 1 : expected;
    this.resendFrom(0);
  }

  /**
   * Keeps entry `index` and every later one pending with their clientSeqs, and sends them again, in order,
   * after a backoff; answers to their earlier transmissions are stale from now on.
   */
  retryAfterBackoff(index) {
    this.stats.retries++;
    for (let i = index; i < this.pending.length; i++) {
      this.pending[i].requestId = null;
    }
    this.cancelTimer();
    this.cancelHold();
    this.hold = this.scheduler.setTimeout(() => {
      this.hold = null;
      this.pump();
    }, this.retryBackoff.next());
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
    if (this.pending.length === 0 || this.timer !== null || this.hold !== null || this.verifying) {
      return;
    }
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = null;
      if (this.pending.length > 0 && this.canSend()) {
        this.resendAll();
      }
    }, delayMs);
  }

  cancelTimer() {
    if (this.timer !== null) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  cancelHold() {
    if (this.hold !== null) {
      this.scheduler.clearTimeout(this.hold);
      this.hold = null;
    }
  }
}

/** True when a `rejected` reason leaves the send pending (it is retried), false when it fails the send. */
export function isRetriedRefusal(reason) {
  return RETRIED.has(reason);
}
