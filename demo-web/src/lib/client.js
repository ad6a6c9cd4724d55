// The page's Seqline client over the WebSocket JSON codec (docs/protocol.md#codecs): one connection (connection.js), a
// receiver (receiver.js) and a send window (send-window.js) per conversation, and the requests of the chat
// features. Incoming frames pass the chaos filter (chaos.js), which is a no-op unless switched on.
//
// The stream id of the welcome is asked for again on reconnect while sends are unacknowledged (so their
// clientSeqs stay valid); with nothing pending a reconnect takes a fresh stream. After every welcome: list
// conversations, sync every known conversation, resend what is unacknowledged, in order.

import { ChaosFilter, kindOf } from './chaos.js';
import { Connection } from './connection.js';
import { ConversationStore } from './conversations.js';
import { num, randomId } from './ids.js';
import { ConversationReceiver } from './receiver.js';
import { RequestTracker } from './requests.js';
import { realScheduler } from './scheduler.js';
import { SendWindow } from './send-window.js';

export const CLIENT_DEFAULTS = Object.freeze({
  pingEveryMs: 25000,
  syncTimeoutMs: 4000,
  requestTtlMs: 30000,
  refreshEveryMs: 5000,
  typingTtlMs: 4000,
  initialHistory: 200,
});

export class SeqlineClient {
  /**
   * @param {object} options
   * @param {string} options.wsUrl e.g. ws://localhost:8080/ws
   * @param {string} options.userId
   * @param {string} options.deviceId
   * @param {() => Promise<string>} options.getToken a (fresh) token for the user
   * @param {Function} [options.WebSocket] the WebSocket constructor
   */
  constructor(options) {
    this.me = options.userId;
    this.deviceId = options.deviceId;
    this.scheduler = options.scheduler ?? realScheduler;
    this.settings = { ...CLIENT_DEFAULTS, ...(options.settings ?? {}) };
    this.store = new ConversationStore(this.me);
    this.receivers = new Map();
    this.windows = new Map();
    this.requests = new RequestTracker({
      scheduler: this.scheduler,
      onTimeout: ({ kind, conversationId }) => kind === 'sync' && this.receivers.get(conversationId)?.onSyncFailed(),
    });
    this.chaos = new ChaosFilter((frame) => this.handleFrame(frame), { scheduler: this.scheduler });
    this.connection = new Connection({
      wsUrl: options.wsUrl,
      deviceId: options.deviceId,
      getToken: options.getToken,
      WebSocket: options.WebSocket,
      scheduler: this.scheduler,
      pingEveryMs: this.settings.pingEveryMs,
      streamToKeep: () => this.streamToKeep(),
      onFrame: (frame) => this.chaos.push(frame),
      onConnecting: () => this.setStatus('connecting'),
      onDisconnected: () => this.onDisconnected(),
      onNotice: (text) => this.emit('notice', text),
    });
    this.listeners = new Map();
    this.status = 'idle';
    this.streamId = null;
    this.stopped = false;
    this.unsupported = new Set();
    this.timers = { refresh: null };
    this.outbox = new Map(); // clientMsgId -> {conversationId, content, status, detail}
  }

  // --- events: 'status', 'change' (conversationId or null), 'typing', 'notice', 'groupCreated'

  on(event, listener) {
    if (!this.listeners.has(event)) {
      this.listeners.set(event, new Set());
    }
    this.listeners.get(event).add(listener);
    return () => this.listeners.get(event).delete(listener);
  }

  emit(event, value) {
    for (const listener of this.listeners.get(event) ?? []) {
      listener(value);
    }
  }

  // --- lifecycle

  start() {
    this.stopped = false;
    this.connection.start();
  }

  stop() {
    this.stopped = true;
    this.scheduler.clearTimeout(this.timers.refresh);
    this.timers.refresh = null;
    this.receivers.forEach((r) => r.close());
    this.windows.forEach((w) => w.close());
    this.connection.stop();
    this.setStatus('closed');
  }

  /** Cuts the connection as a broken network would (the page's demo button); it reconnects by itself. */
  dropConnection() {
    this.connection.drop();
  }

  get connected() {
    return this.status === 'open';
  }

  /** The stream to ask for on reconnect: the current one while sends are unacknowledged, else a new one. */
  streamToKeep() {
    const pending = [...this.windows.values()].some((w) => w.unacked > 0);
    return pending ? this.streamId : null;
  }

  onDisconnected() {
    this.setStatus('reconnecting');
    // answers to this socket's requests will not come; receivers waiting on a sync catch up after the welcome
    this.requests.clear();
  }

  setStatus(status) {
    if (this.status !== status) {
      this.status = status;
      this.emit('status', status);
    }
  }

  // --- features

  /** Makes a conversation known (e.g. a new direct chat) and catches it up from history. */
  openConversation(conversationId) {
    const known = this.receivers.has(conversationId);
    this.ensure(conversationId);
    if (!known && this.connected) {
      this.receivers.get(conversationId).catchUp();
    }
    return this.store.get(conversationId);
  }

  sendText(conversationId, text) {
    return this.submit(conversationId, { text });
  }

  recall(conversationId, targetSeq) {
    return this.submit(conversationId, { recall: { targetSeq: String(targetSeq) } });
  }

  markRead(conversationId, seq) {
    const conversation = this.store.ensure(conversationId);
    if (seq <= conversation.readSeq) {
      return;
    }
    conversation.readSeq = seq; // optimistic; the readReceipt confirms
    this.request('markRead', { markRead: { conversationId, seq: String(seq) } }, conversationId);
    this.emit('change', conversationId);
  }

  typing(conversationId) {
    this.request('typing', { typing: { conversationId } }, conversationId, false);
  }

  createGroup(name, memberIds) {
    this.request('createGroup', { createGroup: { name, memberIds } });
  }

  addMembers(conversationId, userIds) {
    this.request('addMembers', { addMembers: { conversationId, userIds } }, conversationId);
  }

  listConversations(pageToken = '') {
    this.request('listConversations', { listConversations: pageToken ? { pageToken } : {} });
  }

  setChaos(enabled) {
    this.chaos.setEnabled(enabled);
  }

  /** Sends not yet shown with their seq, for a conversation (oldest first). */
  outboxOf(conversationId) {
    return [...this.outbox.entries()].filter(([, e]) => e.conversationId === conversationId)
      .map(([clientMsgId, e]) => ({ clientMsgId, ...e }));
  }

  dismissFailed(clientMsgId) {
    this.outbox.delete(clientMsgId);
  }

  /** Counters for the page's status line. */
  stats() {
    let buffered = 0; let syncs = 0; let holes = 0; let goBacks = 0;
    this.receivers.forEach((r) => { buffered += r.stats.buffered; syncs += r.stats.syncs; holes += r.stats.holes + r.stats.givenUp; });
    this.windows.forEach((w) => { goBacks += w.stats.goBacks; });
    return { ...this.chaos.stats, buffered, syncs, holes, goBacks };
  }

  // --- internals

  ensure(conversationId, startAfter = 0) {
    const conversation = this.store.ensure(conversationId);
    if (!this.receivers.has(conversationId)) {
      this.receivers.set(conversationId, new ConversationReceiver({
        conversationId,
        nextSeq: Math.max(1, startAfter - this.settings.initialHistory + 1),
        scheduler: this.scheduler,
        requestSync: (afterSeq, limit) => this.request('sync',
          { sync: { conversationId, afterSeq: String(afterSeq), limit } }, conversationId),
        deliver: (messages) => this.delivered(conversationId, messages),
      }));
      this.windows.set(conversationId, new SendWindow({
        conversationId,
        scheduler: this.scheduler,
        transmit: (frame) => this.write(frame),
        nextRequestId: () => this.requests.nextId('send'),
        canSend: () => this.connected,
        onFailed: (entry, reason, detail) => {
          const pending = this.outbox.get(entry.clientMsgId);
          if (pending?.content.recall) {
            this.outbox.delete(entry.clientMsgId); // a refused recall only needs the notice
          } else if (pending) {
            pending.status = 'failed';
            pending.detail = `${reason}${detail ? `: ${detail}` : ''}`;
          }
          this.emit('notice', `Not sent (${reason})${detail ? `: ${detail}` : ''}`);
          this.emit('change', conversationId);
        },
      }));
    }
    return conversation;
  }

  submit(conversationId, content) {
    this.ensure(conversationId);
    const clientMsgId = randomId();
    this.outbox.set(clientMsgId, { conversationId, content, status: 'sending', detail: '' });
    this.windows.get(conversationId).submit(content, clientMsgId);
    this.emit('change', conversationId);
    return clientMsgId;
  }

  delivered(conversationId, messages) {
    for (const message of messages) {
      if (message.senderId === this.me && message.clientMsgId) {
        this.outbox.delete(message.clientMsgId); // shown with its seq now
      }
    }
    this.store.applyDelivered(conversationId, messages);
    this.emit('change', conversationId);
  }

  /** A message seen anywhere (live, echo, sync) acknowledges our send of it. */
  acknowledge(message) {
    if (message.senderId === this.me && message.senderDevice === this.deviceId && message.clientMsgId) {
      this.windows.get(message.conversationId)?.ack(message.clientMsgId);
    }
  }

  /**
   * Sends a request frame, remembering it (until its answer or a timeout) so that the answer or error can
   * be matched. While disconnected nothing is sent: a receiver whose sync is dropped so catches up after
   * the next welcome.
   */
  request(kind, body, conversationId = null, track = true) {
    if (!this.connected || this.unsupported.has(kind)) {
      return null;
    }
    const requestId = this.requests.nextId(kind);
    if (track) {
      this.requests.track(requestId, kind, conversationId,
        kind === 'sync' ? this.settings.syncTimeoutMs : this.settings.requestTtlMs);
    }
    this.write({ requestId, ...body });
    return requestId;
  }

  write(frame) {
    if (this.connected) {
      this.connection.send(frame);
    }
  }

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
        this.requests.finish(frame.requestId);
        this.store.applyReadReceipt(body);
        return this.emit('change', body.conversationId);
      case 'typing':
        if (this.store.applyTyping(body, this.scheduler.now() + this.settings.typingTtlMs)) {
          this.emit('typing', body);
          this.emit('change', body.conversationId);
        }
        return undefined;
      case 'groupCreated':
        this.requests.finish(frame.requestId);
        this.openConversation(body.conversationId);
        return this.emit('groupCreated', body.conversationId);
      case 'error': return this.onError(frame.requestId, body);
      default: return undefined; // pong and kinds this page does not know
    }
  }

  onWelcome(welcome) {
    const streamChanged = this.streamId !== null && welcome.streamId !== this.streamId;
    this.streamId = welcome.streamId;
    this.setStatus('open');
    this.connection.welcomed();
    this.listConversations();
    for (const receiver of this.receivers.values()) {
      receiver.catchUp(); // a receiver syncs every known conversation after (re)connect
    }
    for (const window of this.windows.values()) {
      window.onConnected(streamChanged);
    }
    this.scheduleRefresh();
  }

  onMessage(message) {
    this.ensure(message.conversationId, num(message.seq));
    const receiver = this.receivers.get(message.conversationId);
    const fresh = !receiver.stats.syncs;
    if (num(message.seq) > receiver.nextSeq) {
      message.via = 'buffer'; // arrived early: waits in the reorder buffer (the page marks it)
    }
    this.acknowledge(message);
    receiver.offer(message);
    if (fresh && receiver.hasGap) {
      receiver.catchUp(); // a conversation new to us: load its history now
    }
  }

  onSendAck(ack) {
    const window = this.windows.get(ack.conversationId);
    window?.ack(ack.clientMsgId);
    this.receivers.get(ack.conversationId)?.noteMaxSeq(num(ack.seq));
  }

  onSyncResult(requestId, result) {
    const request = this.requests.finish(requestId);
    const conversationId = request?.conversationId ?? result.conversationId;
    const receiver = this.receivers.get(conversationId);
    if (!request || !receiver) {
      return; // an answer to a request of an earlier connection
    }
    const highestBuffered = Math.max(0, ...receiver.buffer.keys());
    for (const message of result.messages ?? []) {
      if (num(message.seq) >= receiver.nextSeq && num(message.seq) < highestBuffered) {
        message.via = 'history'; // fills a gap below a message already here (the page marks it)
      }
      this.acknowledge(message);
    }
    this.store.ensure(conversationId).maxSeq = Math.max(this.store.get(conversationId).maxSeq, num(result.maxSeq));
    receiver.onSyncResult(result);
    this.emit('change', conversationId);
  }

  onConversations(requestId, page) {
    this.requests.finish(requestId);
    for (const item of page.items ?? []) {
      const known = this.receivers.has(item.conversationId);
      this.store.applySummary(item);
      this.ensure(item.conversationId, num(item.maxSeq));
      const receiver = this.receivers.get(item.conversationId);
      if (!known) {
        receiver.catchUp();
      } else {
        receiver.noteMaxSeq(num(item.maxSeq));
      }
    }
    if (page.nextPageToken) {
      this.listConversations(page.nextPageToken);
    }
    this.emit('change', null);
  }

  onError(requestId, error) {
    const request = this.requests.finish(requestId);
    const code = error.code ?? 'ERROR';
    if (request?.kind === 'sync') {
      this.receivers.get(request.conversationId)?.onSyncFailed();
      return;
    }
    if (RequestTracker.isKind(requestId, 'send')) {
      for (const window of this.windows.values()) {
        window.onError(requestId);
      }
    }
    if (code === 'UNSUPPORTED' && request) {
      this.unsupported.add(request.kind);
      this.emit('notice', `This server does not support ${request.kind} yet`);
      return;
    }
    this.emit('notice', `${code}: ${error.message ?? ''}`);
  }

  /** A periodic conversation list: catches a tail message whose delivery was lost (nothing after it). */
  scheduleRefresh() {
    if (this.timers.refresh !== null) {
      return;
    }
    this.timers.refresh = this.scheduler.setTimeout(() => {
      this.timers.refresh = null;
      if (this.connected) {
        this.listConversations();
      }
      if (!this.stopped) {
        this.scheduleRefresh();
      }
    }, this.settings.refreshEveryMs);
  }
}
