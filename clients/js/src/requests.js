// Requests in flight: each frame we send gets a unique requestId, which the server echoes in its answer
// (or error). We remember what each id was for until it is answered, times out, or the socket goes.

import { realScheduler } from './scheduler.js';

export const PREFIX = Object.freeze({
  send: 'w', sync: 'y', listConversations: 'l', markRead: 'r', typing: 't', createGroup: 'g', addMembers: 'a',
  removeMembers: 'm', leaveGroup: 'v', ping: 'p',
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

  /**
   * Remembers a request until finish(requestId) or timeoutMs. `extra` is kept with it (e.g. a sync's
   * afterSeq, the promise callbacks of the caller).
   */
  track(requestId, kind, conversationId, timeoutMs, extra = {}) {
    const timer = this.scheduler.setTimeout(() => {
      const request = this.finish(requestId);
      if (request) {
        this.onTimeout(request);
      }
    }, timeoutMs);
    this.byId.set(requestId, { ...extra, kind, conversationId, timer });
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

  /** The socket is gone: no answer will come to anything in flight. Returns what was in flight. */
  clear() {
    const gone = [];
    for (const requestId of [...this.byId.keys()]) {
      gone.push(this.finish(requestId));
    }
    return gone;
  }
}
