// @seqline/client: a Seqline client for browsers and Node.js 20+ (docs/protocol.md, client/README.md).

export { SeqlineClient, CLIENT_DEFAULTS } from './client.js';
export { ConversationReceiver, RECEIVER_DEFAULTS } from './receiver.js';
export { SendWindow, SEND_DEFAULTS, isRetriedRefusal } from './send-window.js';
export { Connection } from './connection.js';
export { Backoff } from './backoff.js';
export { RequestTracker } from './requests.js';
export { realScheduler } from './scheduler.js';
export { SeqlineError, SendRejectedError } from './errors.js';
export { directConversationId, isGroup, isValidUserId, num, peerOf, randomId } from './ids.js';
export { kindOf } from './frames.js';
