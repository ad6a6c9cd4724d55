// The page's chat model: the @seqline/client package (clients/js) does the protocol work (ordering, gap
// fill, send window, refusals, reconnect); this adds what only the page needs: the conversation store it
// renders, the outbox of sends not yet shown, and the network chaos simulation on incoming frames.
//
// The package is imported by a relative path that is the same on disk (node --test) and on the gateway,
// which serves clients/js/src at /clients/js/src/ next to this folder at /demo/ (from /demo/lib/ the
// extra ".." stops at the root, as URL resolution does).

import { SeqlineClient, randomId } from '../../../clients/js/src/index.js';
import { ChaosFilter } from './chaos.js';
import { ConversationStore } from './conversations.js';

export const CHAT_SETTINGS = Object.freeze({
  refreshEveryMs: 5000, // a periodic listing catches a tail message the chaos dropped
  initialHistory: 200,
  typingTtlMs: 4000,
});

export class DemoChat {
  /**
   * @param {object} options
   * @param {string} options.url e.g. ws://localhost:8080/ws
   * @param {string} options.userId
   * @param {string} options.deviceId
   * @param {() => Promise<string>} options.getToken
   * @param {Function} [options.WebSocket] for tests
   * @param {object} [options.scheduler] for tests
   */
  constructor(options) {
    this.me = options.userId;
    this.settings = { ...CHAT_SETTINGS, ...(options.settings ?? {}) };
    this.store = new ConversationStore(this.me);
    this.outbox = new Map(); // clientMsgId -> {conversationId, content, status, detail}
    this.listeners = new Map();
    let handleFrame = null;
    this.chaos = new ChaosFilter((frame) => handleFrame(frame), options.scheduler ? { scheduler: options.scheduler } : {});
    this.client = new SeqlineClient({
      url: options.url,
      userId: options.userId,
      deviceId: options.deviceId,
      getToken: options.getToken,
      WebSocket: options.WebSocket,
      scheduler: options.scheduler,
      settings: { refreshEveryMs: this.settings.refreshEveryMs, initialHistory: this.settings.initialHistory },
      incoming: (frame, handle) => {
        handleFrame = handle;
        this.chaos.push(frame);
      },
    });
    this.scheduler = this.client.scheduler;
    const c = this.client;
    c.on('status', (status) => this.emit('status', status));
    c.on('notice', (text) => this.emit('notice', text));
    c.on('messages', ({ conversationId, messages }) => this.delivered(conversationId, messages));
    c.on('conversations', (page) => {
      (page.items ?? []).forEach((item) => this.store.applySummary(item));
      this.emit('change', null);
    });
    c.on('readReceipt', (receipt) => {
      this.store.applyReadReceipt(receipt);
      this.emit('change', receipt.conversationId);
    });
    c.on('typing', (typing) => {
      if (this.store.applyTyping(typing, this.scheduler.now() + this.settings.typingTtlMs)) {
        this.emit('change', typing.conversationId);
      }
    });
    c.on('groupCreated', (id) => {
      this.store.ensure(id);
      this.emit('groupCreated', id);
    });
    c.on('sendFailed', ({ conversationId, clientMsgId, reason, detail }) => {
      const pending = this.outbox.get(clientMsgId);
      if (pending?.content.recall) {
        this.outbox.delete(clientMsgId); // a refused recall only needs the notice
      } else if (pending) {
        pending.status = 'failed';
        pending.detail = `${reason}${detail ? `: ${detail}` : ''}`;
      }
      this.emit('notice', `Not sent (${reason})${detail ? `: ${detail}` : ''}`);
      this.emit('change', conversationId);
    });
    c.on('error', ({ code, message, kind }) => {
      this.emit('notice', code === 'UNSUPPORTED' ? `This server does not support ${kind} yet` : `${code}: ${message}`);
    });
  }

  // --- events: 'status', 'change' (conversationId or null), 'notice', 'groupCreated'

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

  start() {
    this.client.start();
  }

  stop() {
    this.client.stop();
  }

  dropConnection() {
    this.client.dropConnection();
  }

  get status() {
    return this.client.status;
  }

  get receivers() {
    return this.client.receivers;
  }

  openConversation(conversationId) {
    this.store.ensure(conversationId);
    this.client.openConversation(conversationId);
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
    this.client.markRead(conversationId, seq);
    this.emit('change', conversationId);
  }

  typing(conversationId) {
    this.client.typing(conversationId);
  }

  createGroup(name, memberIds) {
    this.client.createGroup(name, memberIds);
  }

  addMembers(conversationId, userIds) {
    this.client.addMembers(conversationId, userIds);
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

  /** Counters for the page's status line: the chaos's and the client's. */
  stats() {
    const s = this.client.stats();
    return { ...this.chaos.stats, ...s, holes: s.holes + s.givenUp };
  }

  // --- internals

  submit(conversationId, content) {
    this.store.ensure(conversationId);
    const clientMsgId = randomId();
    this.outbox.set(clientMsgId, { conversationId, content, status: 'sending', detail: '' });
    this.client.send(conversationId, content, { clientMsgId });
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
}
