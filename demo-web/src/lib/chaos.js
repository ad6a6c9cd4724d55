// "Network chaos" for incoming frames, in the browser: delays every affected frame by a random time (so
// frames overtake each other: reordering) and drops some. It sits between the WebSocket and the client,
// so what the client sees is exactly what a bad network would give it; the client repairs it with its
// reorder buffer and gap fill from history.
//
// Only deliveries and their side signals (message, sendAck, readReceipt, typing) are disturbed; answers
// to the client's own requests (welcome, syncResult, conversations, rejected, error, pong) pass, as they
// would over a transport that is lossy only on the push path.

import { kindOf, realScheduler } from '../../../clients/js/src/index.js';

const AFFECTED = new Set(['message', 'sendAck', 'readReceipt', 'typing']);

export const CHAOS_DEFAULTS = Object.freeze({ dropRate: 0.2, maxDelayMs: 1200 });

export class ChaosFilter {
  /**
   * @param {(frame: object) => void} deliver where frames go after the chaos
   */
  constructor(deliver, { scheduler = realScheduler, dropRate = CHAOS_DEFAULTS.dropRate,
    maxDelayMs = CHAOS_DEFAULTS.maxDelayMs } = {}) {
    this.deliver = deliver;
    this.scheduler = scheduler;
    this.dropRate = dropRate;
    this.maxDelayMs = maxDelayMs;
    this.enabled = false;
    this.stats = { passed: 0, delayed: 0, dropped: 0, overtaken: 0 };
    this.arrival = 0;
    this.lastDelivered = 0;
  }

  setEnabled(enabled) {
    this.enabled = Boolean(enabled);
  }

  /** One frame from the socket. */
  push(frame) {
    const kind = kindOf(frame);
    if (!this.enabled || !AFFECTED.has(kind)) {
      this.stats.passed++;
      this.deliver(frame);
      return;
    }
    if (this.scheduler.random() < this.dropRate) {
      this.stats.dropped++;
      return;
    }
    const order = ++this.arrival;
    this.stats.delayed++;
    this.scheduler.setTimeout(() => {
      if (order < this.lastDelivered) {
        this.stats.overtaken++;
      }
      this.lastDelivered = Math.max(this.lastDelivered, order);
      this.deliver(frame);
    }, Math.floor(this.scheduler.random() * this.maxDelayMs));
  }
}

export { kindOf };
