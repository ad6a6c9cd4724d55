package io.seqline.client.ordering;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seqs a line moved past without history confirming them as holes: they may still arrive and are then
 * late, not duplicates. Kept as ranges, since one give-up may span many seqs.
 */
final class LateSeqs {

    /** from -> to, inclusive, disjoint. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    void add(long from, long to) {
        if (from <= to) {
            remove(from, to);
            ranges.put(from, to);
        }
    }

    boolean contains(long seq) {
        Map.Entry<Long, Long> range = ranges.floorEntry(seq);
        return range != null && range.getValue() >= seq;
    }

    /** Removes {@code seq}; false when it was not there. */
    boolean take(long seq) {
        if (!contains(seq)) {
            return false;
        }
        remove(seq, seq);
        return true;
    }

    /** Removes every seq of {@code from..to}. */
    void remove(long from, long to) {
        if (from > to) {
            return;
        }
        Long start = ranges.floorKey(from);
        List<Map.Entry<Long, Long>> overlapping = new ArrayList<>();
        for (Map.Entry<Long, Long> range : ranges.subMap(start == null ? from : start, true, to, true).entrySet()) {
            if (range.getValue() >= from) {
                overlapping.add(Map.entry(range.getKey(), range.getValue()));
            }
        }
        for (Map.Entry<Long, Long> range : overlapping) {
            ranges.remove(range.getKey());
            if (range.getKey() < from) {
                ranges.put(range.getKey(), from - 1);
            }
            if (range.getValue() > to) {
                ranges.put(to + 1, range.getValue());
            }
        }
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The lowest late seq; only when not empty. */
    long lowest() {
        return ranges.firstKey();
    }

    long count() {
        return ranges.entrySet().stream().mapToLong(range -> range.getValue() - range.getKey() + 1).sum();
    }
}
