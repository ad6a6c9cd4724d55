// Checked by `npm run typecheck` (tsc --noEmit): the shipped declarations describe the package as the
// README uses it. The @ts-expect-error lines must stay errors.

import {
  SeqlineClient, SendRejectedError, SeqlineError, directConversationId, SEND_DEFAULTS, SendWindow,
  type Message, type SyncResult, type ClientStatus, type RejectReason,
} from '@seqline/client';

const client = new SeqlineClient({ url: 'ws://localhost:8080/ws', deviceId: 'laptop', token: 'jwt' });
const chat: string = directConversationId('alice', 'bob');

client.on('messages', ({ conversationId, messages, late }) => {
  const first: Message | undefined = messages[0];
  const text: string | undefined = first && 'text' in first.content ? first.content.text : undefined;
  console.log(conversationId, late, text, first?.via);
});
client.on('status', (status: ClientStatus) => console.log(status));
client.on('sendFailed', ({ reason, clientMsgId }) => console.log(reason.toLowerCase(), clientMsgId));
client.on('skipped', ({ from, to, confirmed }) => console.log(from + to, confirmed));
client.start();

async function demo(): Promise<void> {
  const seq: number = await client.sendText(chat, 'hello');
  await client.send(chat, { data: { mimeType: 'image/png', payload: 'AAAA' } }, { clientMsgId: 'id-1' });
  await client.recall(chat, seq);
  const page: SyncResult = await client.sync(chat, 0, 50);
  const group: string = await client.createGroup('team', ['bob', 'carol']);
  await client.markRead(group, Number(page.maxSeq));
  try {
    await client.sendText(chat, '');
  } catch (e) {
    if (e instanceof SendRejectedError) {
      const reason: string = e.reason;
      console.log(reason, e.detail);
    } else if (e instanceof SeqlineError) {
      console.log(e.code);
    }
  }
  client.stop();
}
void demo;

// the platform's WebSocket (DOM typings here) is accepted as the constructor
new SeqlineClient({ url: 'wss://chat.example/ws', deviceId: 'phone', getToken: async () => 'jwt', WebSocket });

// the late fill's timings are settings like the gap fill's
new SeqlineClient({ url: 'ws://localhost:8080/ws', deviceId: 'tablet', token: 'jwt',
  settings: { lateFillFirstMs: 4800, lateFillMaxMs: 30_000 } });
// @ts-expect-error a timing is a number of milliseconds
new SeqlineClient({ url: 'ws://localhost:8080/ws', deviceId: 'tablet', token: 'jwt', settings: { lateFillMaxMs: '30s' } });

// a send stream the server forgot: the client verifies in history; the option says when to assume it
new SeqlineClient({ url: 'ws://localhost:8080/ws', deviceId: 'tablet', token: 'jwt', streamTtlMs: 23 * 3600_000 });
new SeqlineClient({ url: 'ws://localhost:8080/ws', deviceId: 'tablet', token: 'jwt', settings: { streamTtlMs: 3600_000 } });
const expired: RejectReason = 'STREAM_EXPIRED';
const verifications: number = client.stats().verifications;
const verifying: boolean | undefined = client.windows.get(chat)?.verifying;
console.log(expired, verifications, verifying, SEND_DEFAULTS.streamTtlMs);
// the send frame a window puts on the wire: streamStart only on the first transmission after a verification
new SendWindow({
  conversationId: chat,
  transmit: (frame) => { const start: boolean = frame.send.streamStart ?? false; console.log(frame.send.clientSeq, start); },
  nextRequestId: () => 'r1',
});
// @ts-expect-error the stream TTL is a number of milliseconds
new SeqlineClient({ url: 'ws://localhost:8080/ws', deviceId: 'tablet', token: 'jwt', streamTtlMs: '23h' });

// @ts-expect-error the url is required
new SeqlineClient({ deviceId: 'x', token: 't' });
// @ts-expect-error no such event
client.on('nope', () => {});
// @ts-expect-error a send's content is a Content, not a string
client.send(chat, 'hi');
