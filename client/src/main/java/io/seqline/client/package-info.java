/**
 * The Seqline Java client SDK. Start at {@link io.seqline.client.SeqlineClient}.
 *
 * <p>Sub-packages by feature: {@code ordering} (seq order, gap fill), {@code sending} (pipelined
 * in-order sends), {@code connection} (reconnect backoff, heartbeat), {@code transport} (WebSocket and
 * the two codecs), {@code engine} (the event loop tying them together), {@code time} (scheduling).
 * Only this package and the transport's {@code FrameCodec}/{@code Transport} are meant for apps.
 */
package io.seqline.client;
