// Reconnect delays: exponential backoff with jitter, so that clients dropped together by a gateway do not
// come back together (see docs/architecture.md#failure-behaviour, "gateway crashes").

export class Backoff {
  constructor({ baseMs = 500, maxMs = 15000, random = Math.random } = {}) {
    this.baseMs = baseMs;
    this.maxMs = maxMs;
    this.random = random;
    this.attempt = 0;
  }

  /** The delay before the next attempt: a random point in the upper half of base · 2^attempt (capped). */
  next() {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt++;
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  /** A connection got through: start from the base again. */
  reset() {
    this.attempt = 0;
  }
}
