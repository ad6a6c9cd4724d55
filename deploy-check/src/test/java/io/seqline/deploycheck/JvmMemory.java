package io.seqline.deploycheck;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory a service's JVM may take, from the {@code JAVA_TOOL_OPTIONS} a deployment sets, against the
 * container's memory limit: heap ({@code MaxRAMPercentage} of the limit) + direct memory
 * ({@code MaxDirectMemorySize}, which also bounds Netty's buffers when {@code io.netty.maxDirectMemory=0}
 * and the same for gRPC's shaded Netty) + metaspace ({@code MaxMetaspaceSize}) + a fixed reserve for thread
 * stacks, the code cache and GC structures must stay under the limit, or the kernel kills the container
 * before the JVM ever sees an OutOfMemoryError.
 */
record JvmMemory(double heapPercent, long directBytes, long metaspaceBytes) {

    /** Thread stacks, JIT code cache, GC bookkeeping, malloc arenas: not capped by any flag above. */
    static final long NATIVE_RESERVE = 96L << 20;

    /** The options; fails when a cap is missing or Netty is not bound to the JDK's direct-memory limit. */
    static JvmMemory parse(String where, String options) {
        if (options == null || options.isBlank()) {
            throw new AssertionError(where + ": no JAVA_TOOL_OPTIONS");
        }
        for (String property : new String[] {"-Dio.netty.maxDirectMemory=0",
                "-Dio.grpc.netty.shaded.io.netty.maxDirectMemory=0"}) {
            if (!options.contains(property)) {
                throw new AssertionError(where + ": JAVA_TOOL_OPTIONS lacks " + property
                        + " (Netty would allocate direct memory outside -XX:MaxDirectMemorySize)");
            }
        }
        return new JvmMemory(Double.parseDouble(flag(where, options, "-XX:MaxRAMPercentage=([0-9.]+)")),
                bytes(flag(where, options, "-XX:MaxDirectMemorySize=([0-9]+[kKmMgG]?)")),
                bytes(flag(where, options, "-XX:MaxMetaspaceSize=([0-9]+[kKmMgG]?)")));
    }

    long total(long limitBytes) {
        return (long) (limitBytes * heapPercent / 100) + directBytes + metaspaceBytes + NATIVE_RESERVE;
    }

    private static String flag(String where, String options, String regex) {
        Matcher m = Pattern.compile(regex).matcher(options);
        if (!m.find()) {
            throw new AssertionError(where + ": JAVA_TOOL_OPTIONS lacks " + regex.substring(0, regex.indexOf('=') + 1));
        }
        return m.group(1);
    }

    /** JVM sizes: 512m, 1g, 65536. */
    static long bytes(String jvmSize) {
        String s = jvmSize.toLowerCase(Locale.ROOT);
        long factor = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(factor == 1 ? s : s.substring(0, s.length() - 1)) * factor;
    }

    /** Kubernetes memory quantities: 512Mi, 1Gi (binary), 500M, 1G (decimal). */
    static long quantity(String quantity) {
        Matcher m = Pattern.compile("([0-9.]+)([a-zA-Z]*)").matcher(quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a memory quantity: " + quantity);
        }
        double factor = switch (m.group(2)) {
            case "" -> 1;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "k" -> 1e3;
            case "M" -> 1e6;
            case "G" -> 1e9;
            default -> throw new IllegalArgumentException("unknown unit in " + quantity);
        };
        return (long) (Double.parseDouble(m.group(1)) * factor);
    }

    /** Compose memory sizes: 512m, 1g, 1gb (binary units). */
    static long composeBytes(String size) {
        Matcher m = Pattern.compile("([0-9.]+)\\s*([bkmgBKMG])?[bB]?").matcher(size.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a compose memory size: " + size);
        }
        long factor = m.group(2) == null ? 1 : switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1L;
        };
        return (long) (Double.parseDouble(m.group(1)) * factor);
    }
}
