// Ids of the wire contract (docs/architecture.md#conversation-ids): user ids, direct and group conversation ids.

const USER_ID = /^[A-Za-z0-9_.@-]{1,64}$/;

/** True when `id` is a valid user id ([A-Za-z0-9_.@-]{1,64}). */
export function isValidUserId(id) {
  return typeof id === 'string' && USER_ID.test(id);
}

/** The direct conversation of two users: `p:{a}:{b}` with the two ids sorted. */
export function directConversationId(a, b) {
  if (!isValidUserId(a) || !isValidUserId(b)) {
    throw new Error(`user ids must match [A-Za-z0-9_.@-]{1,64}: ${a}, ${b}`);
  }
  const [x, y] = a < b ? [a, b] : [b, a];
  return `p:${x}:${y}`;
}

export function isGroup(conversationId) {
  return conversationId.startsWith('g:');
}

/** The other participant of a direct conversation, or null for a group. */
export function peerOf(conversationId, me) {
  if (!conversationId.startsWith('p:')) {
    return null;
  }
  const [, a, b] = conversationId.split(':');
  return a === me ? b : a;
}

/** A random id (UUID when the platform has one). */
export function randomId() {
  if (globalThis.crypto?.randomUUID) {
    return globalThis.crypto.randomUUID();
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** uint64 fields arrive as strings (proto3 JSON); seqs stay below 2^53, so a Number is exact. */
export function num(value) {
  if (value === undefined || value === null || value === '') {
    return 0;
  }
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}
