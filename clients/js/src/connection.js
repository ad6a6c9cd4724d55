// One WebSocket to the gateway, kept up: `/ws?token&device&codec=json[&stream]`, a fresh token per
// attempt, reconnect with exponential backoff and jitter, a ping while idle (the gateway closes silent
// sockets). What the frames mean is the client's business; this only moves them.

import { Backoff } from './backoff.js';
import { realScheduler } from './scheduler.js';

export class Connection {
  /**
   * @param {object} options
   * @param {string} options.url e.g. ws://localhost:8080/ws
   * @param {string} options.deviceId
   * @param {() => Promise<string>} options.getToken
   * @param {() => (string|null)} options.streamToKeep the stream id to ask for again, or null for a new one
   * @param {(frame: object) => void} options.onFrame each parsed server frame
   * @param {() => void} options.onConnecting an attempt starts
   * @param {() => void} options.onDisconnected the socket is gone (a reconnect is scheduled)
   * @param {(text: string) => void} [options.onNotice]
   */
  constructor(options) {
    this.options = options;
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    if (typeof this.WebSocketImpl !== 'function') {
      throw new TypeError('no WebSocket: pass a WebSocket constructor (in Node.js 20, e.g. the one of the ws package)');
    }
    this.scheduler = options.scheduler ?? realScheduler;
    this.pingEveryMs = options.pingEveryMs ?? 25000;
    this.backoff = new Backoff({
      baseMs: options.reconnectBaseMs ?? 250,
      maxMs: options.reconnectMaxMs ?? 30000,
      random: () => this.scheduler.random(),
    });
    this.socket = null;
    this.stopped = true;
    this.timers = { reconnect: null, ping: null };
    this.pings = 0;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'bye');
  }

  /** Cuts the socket as a broken network would; it comes back by itself. */
  drop() {
    const socket = this.socket;
    if (socket) {
      this.socket = null;
      socket.close(4000, 'connection dropped on purpose');
      this.disconnected();
    }
  }

  /** The server welcomed us: the next outage starts again at the base delay; keep the socket alive. */
  welcomed() {
    this.backoff.reset();
    this.schedulePing();
  }

  /** Writes a frame; false when there is no socket. */
  send(frame) {
    if (!this.socket) {
      return false;
    }
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  async connect() {
    this.options.onConnecting();
    let token;
    try {
      token = await this.options.getToken();
    } catch (e) {
      this.options.onNotice?.(`Cannot get a token: ${e.message}`);
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      return;
    }
    const params = new URLSearchParams({ token, device: this.options.deviceId, codec: 'json' });
    const stream = this.options.streamToKeep();
    if (stream) {
      params.set('stream', stream);
    }
    const socket = new this.WebSocketImpl(`${this.options.url}?${params}`);
    this.socket = socket;
    socket.onmessage = (event) => {
      if (socket !== this.socket) {
        return; // a socket we gave up on
      }
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      this.options.onFrame(frame);
    };
    socket.onclose = () => {
      if (socket === this.socket) {
        this.socket = null;
        this.disconnected();
      }
    };
    socket.onerror = () => {}; // onclose follows (a refused upgrade, e.g. 401, ends here too)
  }

  disconnected() {
    this.scheduler.clearTimeout(this.timers.ping);
    this.timers.ping = null;
    this.options.onDisconnected();
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    if (this.stopped || this.timers.reconnect !== null) {
      return;
    }
    const delay = this.backoff.next();
    this.options.onNotice?.(`Reconnecting in ${(delay / 1000).toFixed(1)} s`);
    this.timers.reconnect = this.scheduler.setTimeout(() => {
      this.timers.reconnect = null;
      this.connect();
    }, delay);
  }

  schedulePing() {
    this.scheduler.clearTimeout(this.timers.ping);
    this.timers.ping = this.scheduler.setTimeout(() => {
      this.timers.ping = null;
      if (this.send({ requestId: `ping${++this.pings}`, ping: {} })) {
        this.schedulePing();
      }
    }, this.pingEveryMs);
  }

  clearTimers() {
    Object.values(this.timers).forEach((t) => t !== null && this.scheduler.clearTimeout(t));
    this.timers = { reconnect: null, ping: null };
  }
}
