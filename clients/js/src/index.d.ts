// Type declarations of @seqline/client (the JSON codec's frames as the client sees them; uint64 fields
// arrive as strings and are accepted as numbers or strings).

export type Uint64 = string | number;

export type Content =
  | { text: string }
  | { data: { mimeType: string; payload: string } }
  | { recall: { targetSeq: Uint64 } }
  | { membership: { action: 'CREATE' | 'ADD' | 'REMOVE' | 'LEAVE'; userIds?: string[]; name?: string } }
  | Record<string, never>;

export interface Message {
  conversationId: string;
  seq: Uint64;
  senderId: string;
  senderDevice: string;
  clientMsgId: string;
  clientSeq: Uint64;
  serverTimeMs: Uint64;
  content: Content;
  recalled?: boolean;
  /** set by the client: the message waited in the reorder buffer, came from history, or came late */
  via?: 'buffer' | 'history' | 'late';
}

export interface SyncResult {
  conversationId: string;
  messages: Message[];
  throughSeq: Uint64;
  maxSeq: Uint64;
}

export interface ConversationSummary {
  conversationId: string;
  type: 'DIRECT' | 'GROUP';
  name: string;
  maxSeq: Uint64;
  readSeq: Uint64;
  lastMessage?: Message;
}

export interface ConversationsPage {
  items: ConversationSummary[];
  nextPageToken: string;
}

export interface Welcome {
  userId: string;
  deviceId: string;
  streamId: string;
  serverTimeMs: Uint64;
}

export interface ReadReceipt {
  conversationId: string;
  userId: string;
  seq: Uint64;
}

export interface Typing {
  conversationId: string;
  userId: string;
}

/**
 * The reasons of a `rejected` frame (docs/protocol.md#rejected-reasons); for a send failed by an `error`
 * frame (any code but UNAVAILABLE), that frame's code.
 */
export type RejectReason =
  | 'OUT_OF_ORDER'
  | 'NOT_MEMBER'
  | 'TOO_LARGE'
  | 'INVALID'
  | 'RATE_LIMITED'
  | 'RECALL_DENIED'
  /**
   * the send stream has no state on the server; the client verifies in history, then resends the rest with
   * their clientSeqs, the first with streamStart (never a failure)
   */
  | 'STREAM_EXPIRED'
  | (string & {});

export type ClientStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Time as a parameter, so that tests can drive the clock. */
export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
  random(): number;
}

export const realScheduler: Scheduler;

/**
 * The WebSocket constructor the client uses (the browser's, Node 22's, or e.g. the ws package's): called
 * with the URL; the socket's send, close, onmessage, onclose and onerror are used.
 */
export type WebSocketConstructor = new (url: string) => object;

export interface ClientSettings {
  pingEveryMs: number;
  syncTimeoutMs: number;
  requestTimeoutMs: number;
  refreshEveryMs: number;
  initialHistory: number | null;
  windowSize: number;
  retransmitAfterMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  gapDelayMs: number;
  maxRetries: number;
  retryBaseMs: number;
  syncLimit: number;
  /** the first wait before syncing again for late seqs (default 4800); then doubling */
  lateFillFirstMs: number;
  /** the longest wait between syncs for late seqs (default 30000) */
  lateFillMaxMs: number;
  /**
   * a pending send first transmitted longer ago than this is looked for in history before it is resent
   * (default 23 h: the server forgets an idle send stream after 24 h)
   */
  streamTtlMs: number;
  /** the page size of the syncs that look for pending sends in history (default 500) */
  verifyPageLimit: number;
}

export const CLIENT_DEFAULTS: Readonly<Partial<ClientSettings>>;

export interface ClientOptions {
  /** the gateway's WebSocket endpoint, e.g. ws://localhost:8080/ws */
  url: string;
  deviceId: string;
  /** a token for the user (or getToken) */
  token?: string;
  /** a fresh token per connection attempt */
  getToken?: () => string | Promise<string>;
  userId?: string;
  /** the send stream to ask for while no sends are pending */
  streamId?: string;
  /** default: globalThis.WebSocket (Node.js 20 has none: pass e.g. the ws package's) */
  WebSocket?: WebSocketConstructor;
  scheduler?: Scheduler;
  /** sees every server frame first and passes it on (or not) */
  incoming?: (frame: ServerFrame, handle: (frame: ServerFrame) => void) => void;
  settings?: Partial<ClientSettings>;
  /** the same as settings.streamTtlMs */
  streamTtlMs?: number;
}

export type ServerFrame = { requestId?: string } & Record<string, unknown>;

export interface ClientEvents {
  status: ClientStatus;
  welcome: Welcome;
  messages: { conversationId: string; messages: Message[]; late: boolean };
  skipped: { conversationId: string; from: number; to: number; confirmed: boolean };
  sent: { conversationId: string; clientMsgId: string; seq: number };
  sendFailed: { conversationId: string; clientMsgId: string; reason: RejectReason; detail: string };
  conversations: ConversationsPage;
  readReceipt: ReadReceipt;
  typing: Typing;
  groupCreated: string;
  error: { code: string; message: string; kind: string };
  notice: string;
}

export interface ClientStats {
  buffered: number;
  syncs: number;
  holes: number;
  givenUp: number;
  late: number;
  duplicates: number;
  goBacks: number;
  retries: number;
  /** verifications in history of pending sends (after STREAM_EXPIRED, or a send older than streamTtlMs) */
  verifications: number;
}

export class SeqlineClient {
  constructor(options: ClientOptions);
  readonly status: ClientStatus;
  readonly connected: boolean;
  readonly streamId: string | null;
  readonly userId: string | null;
  readonly deviceId: string;
  readonly receivers: Map<string, ConversationReceiver>;
  readonly windows: Map<string, SendWindow>;
  on<E extends keyof ClientEvents>(event: E, listener: (value: ClientEvents[E]) => void): () => void;
  start(): this;
  stop(): void;
  dropConnection(): void;
  openConversation(conversationId: string, options?: { afterSeq?: number }): ConversationReceiver;
  /** Resolves with the seq; rejects with SendRejectedError on a final refusal. */
  send(conversationId: string, content: Content, options?: { clientMsgId?: string }): Promise<number>;
  sendText(conversationId: string, text: string, options?: { clientMsgId?: string }): Promise<number>;
  recall(conversationId: string, targetSeq: Uint64, options?: { clientMsgId?: string }): Promise<number>;
  sync(conversationId: string, afterSeq?: number, limit?: number): Promise<SyncResult>;
  listConversations(pageToken?: string): Promise<ConversationsPage>;
  markRead(conversationId: string, seq: number): Promise<ReadReceipt>;
  typing(conversationId: string): void;
  createGroup(name: string, memberIds: string[]): Promise<string>;
  addMembers(conversationId: string, userIds: string[]): Promise<unknown>;
  removeMembers(conversationId: string, userIds: string[]): Promise<unknown>;
  leaveGroup(conversationId: string): Promise<unknown>;
  stats(): ClientStats;
}

export class SeqlineError extends Error {
  constructor(code: string, message?: string);
  /** an `error` frame's code, or TIMEOUT, CONNECTION_LOST, NOT_CONNECTED */
  readonly code: string;
}

export class SendRejectedError extends Error {
  constructor(failure: { conversationId: string; clientMsgId: string; reason: RejectReason; detail?: string });
  readonly conversationId: string;
  readonly clientMsgId: string;
  readonly reason: RejectReason;
  readonly detail: string;
}

export const RECEIVER_DEFAULTS: Readonly<{
  gapDelayMs: number; maxRetries: number; retryBaseMs: number; syncLimit: number; lateFillFirstMs: number; lateFillMaxMs: number;
}>;

export interface ReceiverOptions {
  conversationId: string;
  nextSeq?: number;
  /**
   * Sends a sync; `purpose` 'gap' is answered through onSyncResult/onSyncFailed, 'late' (the late fill)
   * through onLateSyncResult/onLateSyncFailed. Returning false says it was not sent (offline).
   */
  requestSync: (afterSeq: number, limit: number, purpose: 'gap' | 'late') => boolean | void;
  deliver: (messages: Message[]) => void;
  onSkipped?: (from: number, to: number, confirmed: boolean) => void;
  onLate?: (message: Message) => void;
  scheduler?: Scheduler;
  gapDelayMs?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  syncLimit?: number;
  lateFillFirstMs?: number;
  lateFillMaxMs?: number;
}

/** One conversation's line: reorder buffer, gap fill, late-is-not-missing. */
export class ConversationReceiver {
  constructor(options: ReceiverOptions);
  readonly conversationId: string;
  readonly nextSeq: number;
  readonly shownThrough: number;
  readonly hasGap: boolean;
  /** The lowest seq moved past that may still come, or null. */
  readonly lowestLate: number | null;
  readonly stats: { duplicates: number; buffered: number; syncs: number; holes: number; givenUp: number; late: number };
  isLate(seq: number): boolean;
  offer(message: Message): void;
  noteMaxSeq(seq: Uint64): void;
  catchUp(): void;
  onSyncResult(result: SyncResult, afterSeq?: number): void;
  absorbSyncResult(result: SyncResult, afterSeq?: number): void;
  onSyncFailed(): void;
  onLateSyncResult(result: SyncResult, afterSeq: number): void;
  onLateSyncFailed(): void;
  disconnected(): void;
  close(): void;
}

export const SEND_DEFAULTS: Readonly<{
  windowSize: number; retransmitAfterMs: number; retryBaseMs: number; retryMaxMs: number; streamTtlMs: number;
}>;

export interface SendEntry {
  clientSeq: number;
  clientMsgId: string;
  content: Content;
  requestId: string | null;
  /** when it was first transmitted since it was last verified (scheduler time), null before */
  firstSentAt: number | null;
}

export interface SendWindowOptions {
  conversationId: string;
  transmit: (frame: {
    requestId: string;
    send: {
      conversationId: string;
      clientMsgId: string;
      clientSeq: string;
      content: Content;
      /**
       * present (true) only on the first transmission after a verification in history (STREAM_EXPIRED, or a
       * send older than streamTtlMs): a stream without state on the server may begin at this clientSeq
       */
      streamStart?: boolean;
    };
  }) => void;
  nextRequestId: () => string;
  canSend?: () => boolean;
  onFailed?: (entry: SendEntry, reason: RejectReason, detail: string) => void;
  /**
   * Looks in history for the pending entries and acks each one found (STREAM_EXPIRED, or an entry older than
   * streamTtlMs); resolves when done, rejects when it could not tell (tried again). Default: finds nothing.
   */
  verify?: () => Promise<unknown> | void;
  /** a pending entry first transmitted longer ago than this is verified before it is resent (default 23 h) */
  streamTtlMs?: number;
  scheduler?: Scheduler;
  windowSize?: number;
  retransmitAfterMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/** One conversation's sends: clientSeq numbering, a pipelined window, go-back-N, the refusal table. */
export class SendWindow {
  constructor(options: SendWindowOptions);
  readonly unacked: number;
  readonly holding: boolean;
  /** true while it looks in history for its pending sends; nothing is sent meanwhile */
  readonly verifying: boolean;
  readonly pending: readonly SendEntry[];
  readonly stats: { transmissions: number; goBacks: number; retries: number; verifications: number };
  submit(content: Content, clientMsgId: string): SendEntry;
  ack(clientMsgId: string): SendEntry[];
  onRejected(rejected: { clientMsgId: string; clientSeq?: Uint64; reason: RejectReason; expectedClientSeq?: Uint64; detail?: string }, requestId?: string): void;
  onError(requestId: string): void;
  onRefused(requestId: string, code: string, detail?: string): void;
  onConnected(streamChanged: boolean): void;
  pump(): void;
  close(): void;
}

/** True when a `rejected` reason leaves the send pending (it is resent), false when it fails the send. */
export function isRetriedRefusal(reason: RejectReason): boolean;

export class Backoff {
  constructor(options?: { baseMs?: number; maxMs?: number; random?: () => number });
  next(): number;
  reset(): void;
}

export class Connection {
  constructor(options: Record<string, unknown>);
  start(): void;
  stop(): void;
  drop(): void;
  send(frame: object): boolean;
}

export class RequestTracker {
  constructor(options?: { scheduler?: Scheduler; onTimeout?: (request: { kind: string; conversationId: string | null }) => void });
  nextId(kind: string): string;
  static isKind(requestId: string, kind: string): boolean;
}

export function directConversationId(a: string, b: string): string;
export function isGroup(conversationId: string): boolean;
export function isValidUserId(id: unknown): id is string;
export function num(value: Uint64 | undefined | null): number;
export function peerOf(conversationId: string, me: string): string | null;
export function randomId(): string;
export function kindOf(frame: object): string;
