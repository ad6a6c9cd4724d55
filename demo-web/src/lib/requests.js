// Requests in flight: each frame we send gets a unique requestId, which the server echoes in its answer
// (or error). We remember what each id was for until it is answered, times out, or the socket goes.

import { realScheduler } from './scheduler.js';

const PREFIX = Object.freeze({
  send: 'w', sync: 'y', listConversations: 'l', markRead: 'r', typing: 't', createGroup: 'g', addMembers: 'a',
});

export class RequestTracker {
  /**
   * @param {(request: {kind, conversationId}) => void} onTimeout a request got no answer in time
   */
  constructor({ scheduler = realScheduler, onTimeout = () => {} } = {}) {
    this.scheduler = scheduler;
    this.onTimeout = onTimeout;
    this.byId = new Map(); // requestId -> {kind, conversationId, timer}
    this.counter = 0;
  }

  /** A fresh request id for `kind`, e.g. y12 for a sync. */
  nextId(kind) {
    return `${PREFIX[kind] ?? 'x'}${++this.counter}`;
  }

  /** True when `requestId` was made by nextId(kind). */
  static isKind(requestId, kind) {
    return typeof requestId === 'string' && requestId.startsWith(PREFIX[kind]);
  }

  /** Remembers a request until finish(requestId) or timeoutMs. */
  track(requestId, kind, conversationId, timeoutMs) {
    const timer = this.scheduler.setTimeout(() => {
      const request = this.finish(requestId);
      if (request) {
        this.onTimeout(request);
      }
    }, timeoutMs);
    this.byId.set(requestId, { kind, conversationId, timer });
  }

  /** Forgets a request; returns what it was (undefined for an unknown or earlier connection's id). */
  finish(requestId) {
    const request = this.byId.get(requestId);
    if (request) {
      this.scheduler.clearTimeout(request.timer);
      this.byId.delete(requestId);
    }
    return request;
  }

  /** The socket is gone: no answer will come to anything in flight. */
  clear() {
    for (const requestId of [...this.byId.keys()]) {
      this.finish(requestId);
    }
  }
}
