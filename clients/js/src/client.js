// A Seqline client over the WebSocket JSON codec (docs/protocol.md#codecs): one connection
// (connection.js), a receiver (receiver.js) and a send window (send-window.js) per conversation, and the
// requests of the chat features. The same rules as the Java SDK (client/README.md).
//
// The stream id of the welcome is asked for again on reconnect while sends are unacknowledged (so their
// clientSeqs stay valid); with nothing pending a reconnect takes a fresh stream (or the one given in the
// options). After every welcome: list conversations, sync every known conversation (and, for one with late
// seqs, from the lowest of them: receiver.js), resend what is unacknowledged, in order.
//
// A send window that gets STREAM_EXPIRED (or holds a send older than streamTtlMs) verifies before it resends
// (send-window.js): verifySends() pulls the conversation from the last seq shown, page by page, and every
// message of this user and device among them completes the pending send with its clientMsgId, as its echo
// would have; the messages also reach the conversation's line, as history does. The sends not found go out
// again with their own clientSeqs, the first of them with `streamStart: true` (the window builds the frame).

import { Connection } from './connection.js';
import { SendRejectedError, SeqlineError } from './errors.js';
import { kindOf } from './frames.js';
import { num, randomId } from './ids.js';
import { ConversationReceiver } from './receiver.js';
import { RequestTracker } from './requests.js';
import { realScheduler } from './scheduler.js';
import { SendWindow } from './send-window.js';

export const CLIENT_DEFAULTS = Object.freeze({
  pingEveryMs: 25000,
  syncTimeoutMs: 4000,
  requestTimeoutMs: 10000,
  /** list conversations this often while connected (0: only after each (re)connect) */
  refreshEveryMs: 0,
  /** a conversation first seen at seq N is shown from N − initialHistory + 1 (null: from seq 1) */
  initialHistory: null,
  windowSize: 32,
  retransmitAfterMs: 4000,
  /**
   * a pending send first transmitted longer ago than this is looked for in history before it is resent: the
   * server forgets an idle send stream after its stream TTL (24 h by default); this is 23 h, an hour less
   */
  streamTtlMs: 23 * 3600 * 1000,
  /** the page size of the syncs that look for pending sends in history */
  verifyPageLimit: 500,
});

/**
 * `error` codes answering a send after which it is sent again (after a backoff) rather than failed. As the
 * Java SDK (ServerFrameRouter, SendWindow): only UNAVAILABLE; any other error answering a send (INTERNAL,
 * RATE_LIMITED as an error frame, …) is final, like a final refusal (client/README.md#refusals). A send the
 * gateway rate-limits is answered `rejected RATE_LIMITED`, which is not final (see send-window.js).
 */
const RETRIED_SEND_ERRORS = new Set(['UNAVAILABLE']);

/** A promise the application may ignore without an unhandled-rejection report. */
function quiet(promise) {
  promise.catch(() => {});
  return promise;
}

export class SeqlineClient {
  /**
   * @param {object} options
   * @param {string} options.url the gateway's WebSocket endpoint, e.g. ws://localhost:8080/ws
   * @param {string} options.deviceId
   * @param {string} [options.token] a token for the user, or:
   * @param {() => (string|Promise<string>)} [options.getToken] a (fresh) token per connection attempt
   * @param {string} [options.streamId] the send stream to use while nothing is pending
   * @param {Function} [options.WebSocket] the WebSocket constructor (default: globalThis.WebSocket)
   * @param {(frame: object, handle: (frame: object) => void) => void} [options.incoming] sees every
   *        server frame first and passes it on (or not) with `handle` (the demo simulates a bad network here)
   * @param {object} [options.settings] overrides CLIENT_DEFAULTS and RECEIVER_DEFAULTS
   * @param {number} [options.streamTtlMs] the same as settings.streamTtlMs
   */
  constructor(options) {
    if (!options?.url || !options.deviceId || !(options.token || options.getToken)) {
      throw new TypeError('url, deviceId and token (or getToken) are required');
    }
    this.deviceId = options.deviceId;
    this.userId = options.userId ?? null;
    this.scheduler = options.scheduler ?? realScheduler;
    this.settings = { ...CLIENT_DEFAULTS, ...(options.settings ?? {}) };
    if (options.streamTtlMs !== undefined) {
      this.settings.streamTtlMs = options.streamTtlMs;
    }
    this.receivers = new Map();
    this.windows = new Map();
    /** clientMsgId -> {conversationId, resolve, reject}: sends whose seq the application waits for */
    this.sends = new Map();
    this.requests = new RequestTracker({
      scheduler: this.scheduler,
      onTimeout: (request) => this.requestFailed(request, new SeqlineError('TIMEOUT', `no answer to ${request.kind}`)),
    });
    const handle = (frame) => this.handleFrame(frame);
    const incoming = options.incoming ? (frame) => options.incoming(frame, handle) : handle;
    const getToken = options.getToken ?? (() => options.token);
    this.connection = new Connection({
      url: options.url,
      deviceId: options.deviceId,
      getToken: async () => getToken(),
      WebSocket: options.WebSocket,
      scheduler: this.scheduler,
      pingEveryMs: this.settings.pingEveryMs,
      reconnectBaseMs: this.settings.reconnectBaseMs,
      reconnectMaxMs: this.settings.reconnectMaxMs,
      streamToKeep: () => this.streamToKeep(),
      onFrame: incoming,
      onConnecting: () => this.setStatus('connecting'),
      onDisconnected: () => this.onDisconnected(),
      onNotice: (text) => this.emit('notice', text),
    });
    this.listeners = new Map();
    this.status = 'idle';
    this.preferredStream = options.streamId ?? null;
    this.streamId = null;
    this.stopped = false;
    this.unsupported = new Set();
    this.refreshTimer = null;
  }

  // --- events

  /**
   * Subscribes to an event; returns the function that unsubscribes. Events: status, welcome, messages
   * ({conversationId, messages, late}), skipped ({conversationId, from, to, confirmed}), sent
   * ({conversationId, clientMsgId, seq}), sendFailed ({conversationId, clientMsgId, reason, detail}),
   * conversations (a page), readReceipt, typing, groupCreated (conversationId), error ({code, message,
   * kind}), notice (text).
   */
  on(event, listener) {
    if (!this.listeners.has(event)) {
      this.listeners.set(event, new Set());
    }
    this.listeners.get(event).add(listener);
    return () => this.listeners.get(event)?.delete(listener);
  }

  emit(event, value) {
    for (const listener of this.listeners.get(event) ?? []) {
      listener(value);
    }
  }

  // --- lifecycle

  /** Connects, and reconnects by itself until stop(). Sends made while offline wait. */
  start() {
    this.stopped = false;
    this.connection.start();
    return this;
  }

  stop() {
    this.stopped = true;
    this.scheduler.clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    this.receivers.forEach((r) => r.close());
    this.windows.forEach((w) => w.close());
    this.connection.stop();
    this.failRequests(new SeqlineError('CONNECTION_LOST', 'client stopped'));
    this.setStatus('closed');
  }

  /** Cuts the connection as a broken network would; it reconnects by itself. */
  dropConnection() {
    this.connection.drop();
  }

  get connected() {
    return this.status === 'open';
  }

  // --- features

  /**
   * Makes a conversation known and catches it up from history (from `afterSeq`, default: from seq 1 or
   * the initialHistory setting). Its messages come through the `messages` event.
   */
  openConversation(conversationId, { afterSeq } = {}) {
    const known = this.receivers.has(conversationId);
    this.ensure(conversationId, 0, afterSeq);
    if (!known && this.connected) {
      this.receivers.get(conversationId).catchUp();
    }
    return this.receivers.get(conversationId);
  }

  /**
   * Sends content ({text}, {data: {mimeType, payload}}, {recall: {targetSeq}}). The promise resolves with
   * the message's seq, or rejects with SendRejectedError for a final refusal; it may be ignored (the
   * `sent` and `sendFailed` events say the same). OUT_OF_ORDER, RATE_LIMITED, STREAM_EXPIRED and UNAVAILABLE
   * never reach the application: the client resends (after STREAM_EXPIRED, what history lacks). Any other `error` answering a send fails it (SendRejectedError
   * with the error's code as reason).
   */
  send(conversationId, content, { clientMsgId = randomId() } = {}) {
    this.ensure(conversationId);
    const seq = quiet(new Promise((resolve, reject) => {
      this.sends.set(clientMsgId, { conversationId, resolve, reject });
    }));
    this.windows.get(conversationId).submit(content, clientMsgId);
    return seq;
  }

  sendText(conversationId, text, options) {
    return this.send(conversationId, { text }, options);
  }

  recall(conversationId, targetSeq, options) {
    return this.send(conversationId, { recall: { targetSeq: String(targetSeq) } }, options);
  }

  /**
   * One page of history: resolves with the syncResult. Its messages are also fed to the conversation's
   * line (shown through `messages` if not shown yet).
   */
  sync(conversationId, afterSeq = 0, limit = 100) {
    this.ensure(conversationId);
    return this.request('sync', { sync: { conversationId, afterSeq: String(afterSeq), limit } }, conversationId,
      { afterSeq, own: false });
  }

  /** One page of the caller's conversations; resolves with it (also emitted as `conversations`). */
  listConversations(pageToken = '') {
    return this.request('listConversations', { listConversations: pageToken ? { pageToken } : {} });
  }

  markRead(conversationId, seq) {
    return this.request('markRead', { markRead: { conversationId, seq: String(seq) } }, conversationId);
  }

  typing(conversationId) {
    this.request('typing', { typing: { conversationId } }, conversationId, { track: false });
  }

  /** Resolves with the new group's conversation id. */
  createGroup(name, memberIds) {
    return this.request('createGroup', { createGroup: { name, memberIds } })
      .then((answer) => answer.conversationId);
  }

  addMembers(conversationId, userIds) {
    return this.request('addMembers', { addMembers: { conversationId, userIds } }, conversationId);
  }

  removeMembers(conversationId, userIds) {
    return this.request('removeMembers', { removeMembers: { conversationId, userIds } }, conversationId);
  }

  leaveGroup(conversationId) {
    return this.request('leaveGroup', { leaveGroup: { conversationId } }, conversationId);
  }

  /** Counters of the receivers and send windows. */
  stats() {
    const total = { buffered: 0, syncs: 0, holes: 0, givenUp: 0, late: 0, duplicates: 0, goBacks: 0, retries: 0,
      verifications: 0 };
    this.receivers.forEach((r) => {
      for (const key of ['buffered', 'syncs', 'holes', 'givenUp', 'late', 'duplicates']) {
        total[key] += r.stats[key];
      }
    });
    this.windows.forEach((w) => {
      total.goBacks += w.stats.goBacks;
      total.retries += w.stats.retries;
      total.verifications += w.stats.verifications;
    });
    return total;
  }

  // --- internals

  /** The stream to ask for on (re)connect: the current one while sends are unacknowledged. */
  streamToKeep() {
    const pending = [...this.windows.values()].some((w) => w.unacked > 0);
    return pending && this.streamId ? this.streamId : this.preferredStream;
  }

  onDisconnected() {
    this.setStatus('reconnecting');
    // answers to this socket's requests will not come; receivers waiting on a sync catch up after the welcome
    this.failRequests(new SeqlineError('CONNECTION_LOST', 'the connection was lost before the answer'));
    this.receivers.forEach((r) => r.disconnected());
  }

  failRequests(error) {
    for (const request of this.requests.clear()) {
      request?.reject?.(error);
    }
  }

  setStatus(status) {
    if (this.status !== status) {
      this.status = status;
      this.emit('status', status);
    }
  }

  ensure(conversationId, firstSeenSeq = 0, afterSeq = undefined) {
    if (this.receivers.has(conversationId)) {
      return;
    }
    const history = this.settings.initialHistory;
    const nextSeq = afterSeq !== undefined ? afterSeq + 1
      : history === null || history === undefined ? 1 : Math.max(1, firstSeenSeq - history + 1);
    this.receivers.set(conversationId, new ConversationReceiver({
      conversationId,
      nextSeq,
      scheduler: this.scheduler,
      gapDelayMs: this.settings.gapDelayMs,
      maxRetries: this.settings.maxRetries,
      retryBaseMs: this.settings.retryBaseMs,
      syncLimit: this.settings.syncLimit,
      lateFillFirstMs: this.settings.lateFillFirstMs,
      lateFillMaxMs: this.settings.lateFillMaxMs,
      requestSync: (after, limit, purpose) => {
        const sent = this.connected && !this.unsupported.has('sync');
        this.request('sync', { sync: { conversationId, afterSeq: String(after), limit } }, conversationId,
          { afterSeq: after, own: true, late: purpose === 'late' });
        return sent;
      },
      deliver: (messages) => this.emit('messages', { conversationId, messages, late: false }),
      onLate: (message) => {
        message.via = 'late';
        this.emit('messages', { conversationId, messages: [message], late: true });
      },
      onSkipped: (from, to, confirmed) => this.emit('skipped', { conversationId, from, to, confirmed }),
    }));
    this.windows.set(conversationId, new SendWindow({
      conversationId,
      scheduler: this.scheduler,
      windowSize: this.settings.windowSize,
      retransmitAfterMs: this.settings.retransmitAfterMs,
      streamTtlMs: this.settings.streamTtlMs,
      verify: () => this.verifySends(conversationId),
      transmit: (frame) => this.write(frame),
      nextRequestId: () => this.requests.nextId('send'),
      canSend: () => this.connected,
      onFailed: (entry, reason, detail) => {
        const failure = { conversationId, clientMsgId: entry.clientMsgId, reason, detail };
        const waiting = this.sends.get(entry.clientMsgId);
        this.sends.delete(entry.clientMsgId);
        waiting?.reject(new SendRejectedError(failure));
        this.emit('sendFailed', failure);
      },
    }));
  }

  /**
   * Looks in history for the pending sends of a conversation's window (send-window.js, STREAM_EXPIRED):
   * syncs from the last seq the line has shown (every own send up to it came through its echo; a late seq
   * below it is included) and follows throughSeq page by page until maxSeq, or until a page brings nothing
   * new. onSyncResult acknowledges every message of this user and device (the window completes only that
   * send while verifying) and hands the messages to the line. Rejects when a sync fails (the window tries
   * again).
   */
  async verifySends(conversationId) {
    const receiver = this.receivers.get(conversationId);
    const lowestLate = receiver.lowestLate;
    let afterSeq = lowestLate === null ? receiver.shownThrough : Math.min(receiver.shownThrough, lowestLate - 1);
    for (;;) {
      const result = await this.request('sync',
        { sync: { conversationId, afterSeq: String(afterSeq), limit: this.settings.verifyPageLimit } },
        conversationId, { afterSeq, own: false });
      const throughSeq = num(result.throughSeq);
      if (throughSeq >= num(result.maxSeq) || throughSeq <= afterSeq) {
        return;
      }
      afterSeq = throughSeq;
    }
  }

  /** A message of ours seen anywhere (live, echo, sync) or a sendAck: acknowledges the send, gives its seq. */
  acknowledge(conversationId, clientMsgId, seq) {
    this.windows.get(conversationId)?.ack(clientMsgId);
    const waiting = this.sends.get(clientMsgId);
    if (waiting && waiting.conversationId === conversationId) {
      this.sends.delete(clientMsgId);
      waiting.resolve(seq);
      this.emit('sent', { conversationId, clientMsgId, seq });
    }
  }

  isOwn(message) {
    return Boolean(message.clientMsgId) && message.senderDevice === this.deviceId
      && (this.userId === null || message.senderId === this.userId);
  }

  /**
   * Sends a request frame and remembers it (until its answer, an error or a timeout). Resolves with the
   * answering frame's body; rejects with SeqlineError. While disconnected nothing is sent (NOT_CONNECTED):
   * a receiver whose sync is dropped so catches up after the next welcome.
   */
  request(kind, body, conversationId = null, { track = true, ...extra } = {}) {
    if (!this.connected) {
      return quiet(Promise.reject(new SeqlineError('NOT_CONNECTED', `${kind} while disconnected`)));
    }
    if (this.unsupported.has(kind)) {
      return quiet(Promise.reject(new SeqlineError('UNSUPPORTED', `the server does not support ${kind}`)));
    }
    const requestId = this.requests.nextId(kind);
    let answer = Promise.resolve(undefined);
    if (track) {
      answer = quiet(new Promise((resolve, reject) => {
        this.requests.track(requestId, kind, conversationId,
          kind === 'sync' ? this.settings.syncTimeoutMs : this.settings.requestTimeoutMs, { ...extra, resolve, reject });
      }));
    }
    this.write({ requestId, ...body });
    return answer;
  }

  requestFailed(request, error) {
    if (request.kind === 'sync' && request.own) {
      const receiver = this.receivers.get(request.conversationId);
      if (request.late) {
        receiver?.onLateSyncFailed();
      } else {
        receiver?.onSyncFailed();
      }
    }
    request.reject?.(error);
  }

  write(frame) {
    if (this.connected) {
      this.connection.send(frame);
    }
  }

  /** One server frame (after the `incoming` hook). */
  handleFrame(frame) {
    const kind = kindOf(frame);
    const body = frame[kind];
    switch (kind) {
      case 'welcome': return this.onWelcome(body);
      case 'message': return this.onMessage(body);
      case 'sendAck': return this.onSendAck(body);
      case 'rejected': return this.windows.get(body.conversationId)?.onRejected(body, frame.requestId);
      case 'syncResult': return this.onSyncResult(frame.requestId, body);
      case 'conversations': return this.onConversations(frame.requestId, body);
      case 'readReceipt':
        this.answered(frame.requestId, body);
        return this.emit('readReceipt', body);
      case 'typing': return this.emit('typing', body);
      case 'groupCreated':
        this.answered(frame.requestId, body);
        this.openConversation(body.conversationId);
        return this.emit('groupCreated', body.conversationId);
      case 'error': return this.onError(frame.requestId, body);
      default: return undefined; // pong and kinds this client does not know
    }
  }

  answered(requestId, body) {
    this.requests.finish(requestId)?.resolve?.(body);
  }

  onWelcome(welcome) {
    const streamChanged = this.streamId !== null && welcome.streamId !== this.streamId;
    this.streamId = welcome.streamId;
    this.userId = welcome.userId || this.userId;
    this.setStatus('open');
    this.connection.welcomed();
    this.emit('welcome', welcome);
    this.listConversations();
    for (const receiver of this.receivers.values()) {
      receiver.catchUp(); // assume everything was missed while away
    }
    for (const window of this.windows.values()) {
      window.onConnected(streamChanged);
    }
    this.scheduleRefresh();
  }

  onMessage(message) {
    const conversationId = message.conversationId;
    const seq = num(message.seq);
    const fresh = !this.receivers.has(conversationId);
    this.ensure(conversationId, seq);
    const receiver = this.receivers.get(conversationId);
    if (seq > receiver.nextSeq) {
      message.via = 'buffer'; // arrived early: waits in the reorder buffer
    }
    if (this.isOwn(message)) {
      this.acknowledge(conversationId, message.clientMsgId, seq);
    }
    receiver.offer(message);
    if (fresh && receiver.hasGap) {
      receiver.catchUp(); // a conversation new to us: load its history now
    }
  }

  onSendAck(ack) {
    this.acknowledge(ack.conversationId, ack.clientMsgId, num(ack.seq));
    this.receivers.get(ack.conversationId)?.noteMaxSeq(num(ack.seq)); // the seq exists: show it
  }

  onSyncResult(requestId, result) {
    const request = this.requests.finish(requestId);
    const conversationId = request?.conversationId ?? result.conversationId;
    const receiver = this.receivers.get(conversationId);
    if (!receiver) {
      return;
    }
    const highestBuffered = Math.max(0, ...receiver.buffer.keys());
    for (const message of result.messages ?? []) {
      const seq = num(message.seq);
      if (seq >= receiver.nextSeq && seq < highestBuffered) {
        message.via = 'history'; // fills a gap below a message already here
      }
      if (this.isOwn(message)) {
        this.acknowledge(conversationId, message.clientMsgId, seq);
      }
    }
    if (request?.own && request.late) {
      receiver.onLateSyncResult(result, request.afterSeq); // the late fill's: asks for late seqs
    } else if (request?.own) {
      receiver.onSyncResult(result, request.afterSeq);
    } else {
      // the application's sync, or an answer to a request of an earlier connection: messages still count
      receiver.absorbSyncResult(result, request?.afterSeq);
    }
    request?.resolve?.(result);
  }

  onConversations(requestId, page) {
    this.answered(requestId, page);
    for (const item of page.items ?? []) {
      const known = this.receivers.has(item.conversationId);
      this.ensure(item.conversationId, num(item.maxSeq));
      const receiver = this.receivers.get(item.conversationId);
      if (!known) {
        receiver.catchUp();
      } else {
        receiver.noteMaxSeq(num(item.maxSeq));
      }
    }
    this.emit('conversations', page);
    if (page.nextPageToken) {
      this.listConversations(page.nextPageToken);
    }
  }

  onError(requestId, error) {
    const code = error.code ?? 'ERROR';
    if (RequestTracker.isKind(requestId, 'send')) {
      for (const window of this.windows.values()) {
        if (RETRIED_SEND_ERRORS.has(code)) {
          window.onError(requestId);
        } else {
          window.onRefused(requestId, code, error.message ?? '');
        }
      }
      this.emit('error', { code, message: error.message ?? '', kind: 'send' });
      return;
    }
    const request = this.requests.finish(requestId);
    if (code === 'UNSUPPORTED' && request) {
      this.unsupported.add(request.kind);
      if (request.kind === 'listConversations') {
        // without a listing, catch up every conversation we know
        this.receivers.forEach((r) => r.catchUp());
      }
    }
    if (request) {
      this.requestFailed(request, new SeqlineError(code, error.message ?? ''));
    }
    this.emit('error', { code, message: error.message ?? '', kind: request?.kind ?? '' });
  }

  /** A periodic conversation list (settings.refreshEveryMs): catches a tail message whose delivery was lost. */
  scheduleRefresh() {
    if (this.refreshTimer !== null || !this.settings.refreshEveryMs) {
      return;
    }
    this.refreshTimer = this.scheduler.setTimeout(() => {
      this.refreshTimer = null;
      if (this.connected) {
        this.listConversations();
      }
      if (!this.stopped) {
        this.scheduleRefresh();
      }
    }, this.settings.refreshEveryMs);
  }
}
