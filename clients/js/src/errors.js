// Errors the client hands to the application.

/** A request failed: an `error` frame (code from the contract), or TIMEOUT, CONNECTION_LOST, NOT_CONNECTED. */
export class SeqlineError extends Error {
  constructor(code, message = '') {
    super(message ? `${code}: ${message}` : code);
    this.name = 'SeqlineError';
    this.code = code;
  }
}

/** A send refused for good (`rejected` with a final reason, or an `error` that forbids resending it). */
export class SendRejectedError extends Error {
  constructor({ conversationId, clientMsgId, reason, detail = '' }) {
    super(`send ${clientMsgId} to ${conversationId} refused: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'SendRejectedError';
    this.conversationId = conversationId;
    this.clientMsgId = clientMsgId;
    this.reason = reason;
    this.detail = detail;
  }
}
