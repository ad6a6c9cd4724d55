package io.seqline.bench;

/**
 * The 100-byte text of a bench message: {@code line|n|sendNanos|} padded with dots. The receiver reads the
 * line (conversation), its number within the line (1, 2, 3 … in send order) and the send time.
 */
final class Payload {

    static final int SIZE = 100;
    private static final String PAD = ".".repeat(SIZE);

    private Payload() {
    }

    static String text(int line, long n, long sendNanos) {
        String head = line + "|" + n + "|" + sendNanos + "|";
        return head.length() >= SIZE ? head : head + PAD.substring(0, SIZE - head.length());
    }

    /** {line, n, sendNanos}, or null when the text is not a bench payload. */
    static long[] parse(String text) {
        int a = text.indexOf('|');
        int b = a < 0 ? -1 : text.indexOf('|', a + 1);
        int c = b < 0 ? -1 : text.indexOf('|', b + 1);
        if (c < 0) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(text, 0, a, 10), Long.parseLong(text, a + 1, b, 10),
                    Long.parseLong(text, b + 1, c, 10)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
