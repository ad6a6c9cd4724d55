// A scheduler whose clock only moves when the test says so, and whose randomness is scripted.

export class FakeScheduler {
  constructor({ random = () => 0.5 } = {}) {
    this.time = 0;
    this.timers = new Map();
    this.counter = 0;
    this.random = random;
  }

  setTimeout(fn, ms) {
    const id = ++this.counter;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(id) {
    this.timers.delete(id);
  }

  now() {
    return this.time;
  }

  /** Moves the clock forward by `ms`, running due timers in time order (including ones they set). */
  advance(ms) {
    const end = this.time + ms;
    for (;;) {
      let next = null;
      for (const [id, timer] of this.timers) {
        if (timer.at <= end && (next === null || timer.at < next[1].at || (timer.at === next[1].at && id < next[0]))) {
          next = [id, timer];
        }
      }
      if (next === null) {
        break;
      }
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
    }
    this.time = end;
  }

  get pending() {
    return this.timers.size;
  }
}

/** A message of conversation `c` with seq `seq`. */
export function msg(seq, { c = 'p:a:b', sender = 'a', device = 'd1', clientMsgId = `m${seq}`, text = `text ${seq}` } = {}) {
  return {
    conversationId: c, seq: String(seq), senderId: sender, senderDevice: device, clientMsgId,
    clientSeq: String(seq), serverTimeMs: String(1000 + seq), content: { text }, recalled: false,
  };
}
