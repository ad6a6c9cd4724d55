package io.seqline.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The physical reference: Kafka's exactly-once read-process-write rate on this broker with the sequencer's
 * settings (read_committed consumer, max.poll.records 500, fetch.max.wait.ms 5; transactional producer,
 * acks=all, linger 0; offsets committed in the transaction; 2 consumer/producer pairs like the sequencer's
 * listener concurrency), 100-byte records keyed like conversations. The input is written first; the rate is
 * records copied from the first transaction to the last. The output is then read back and checked: every
 * record once, in order per key.
 */
final class KafkaBaseline {

    private KafkaBaseline() {
    }

    static Result run(String bootstrap, int records, int partitions, int concurrency) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "bench.in." + run;
        String out = "bench.out." + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(in, partitions, (short) 1), new NewTopic(out, partitions, (short) 1)))
                    .all().get();
        }
        fill(bootstrap, in, records);

        AtomicLong processed = new AtomicLong();
        AtomicLong firstNanos = new AtomicLong();
        AtomicLong lastNanos = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Histogram batchMicros = new Histogram(Deliveries.HIGHEST, 3);
        CountDownLatch done = new CountDownLatch(concurrency);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                try {
                    loop(bootstrap, in, out, run, worker, records, processed, firstNanos, lastNanos, batchMicros, deadline);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "kafka-baseline-" + w);
            thread.start();
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException("kafka baseline failed", failure.get());
        }
        double seconds = Math.max(1e-9, (lastNanos.get() - firstNanos.get()) / 1e9);
        long[] check = verify(bootstrap, out, records);
        Result r = Result.of("kafka-baseline", records, records, check[0], check[1], check[2], processed.get() / seconds,
                batchMicros);
        r.put("recordBytes", Payload.SIZE).put("partitions", partitions).put("concurrency", concurrency)
                .put("seconds", seconds).put("latencyIs", "per transaction: poll → produce → sendOffsets → commit");
        return r;
    }

    /** Writes the input: every record acknowledged, or the baseline fails (it must not measure a short input). */
    private static void fill(String bootstrap, String topic, int records) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // plain input, written once before the measurement: one request in flight keeps each key's order
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            awaitLeaders(producer, topic);
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, key(i), value(i))));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        }
    }

    /** A topic just created may not have a leader for every partition yet; writing before would only retry. */
    private static void awaitLeaders(KafkaProducer<String, byte[]> producer, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (producer.partitionsFor(topic).stream().anyMatch(info -> info.leader() == null || info.leader().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has partitions without a leader");
            }
            Thread.sleep(50);
        }
    }

    private static String key(int i) {
        return "p:a" + (i % 1000) + ":b" + (i % 1000);
    }

    private static byte[] value(int i) {
        byte[] v = new byte[Payload.SIZE];
        java.util.Arrays.fill(v, (byte) '.');
        ByteBuffer.wrap(v).putInt(i);
        return v;
    }

    private static void loop(String bootstrap, String in, String out, String run, int worker, int records,
                             AtomicLong processed, AtomicLong firstNanos, AtomicLong lastNanos, Histogram batchMicros,
                             long deadline) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-eos-" + run);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-eos-" + run + "-" + worker);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(in));
            while (processed.get() < records && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(50));
                if (batch.isEmpty()) {
                    continue;
                }
                long t0 = System.nanoTime();
                firstNanos.compareAndSet(0, t0);
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : batch) {
                    // "process": the same work shape as the sequencer's output, a new value per record
                    byte[] value = record.value().clone();
                    producer.send(new ProducerRecord<>(out, record.key(), value));
                    offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
                long t1 = System.nanoTime();
                synchronized (batchMicros) {
                    batchMicros.recordValue(Math.min(Deliveries.HIGHEST, (t1 - t0) / 1000));
                }
                processed.addAndGet(batch.count());
                lastNanos.accumulateAndGet(t1, Math::max);
            }
        }
    }

    /** {distinct records read back, duplicates, order violations per key}. */
    private static long[] verify(String bootstrap, String topic, int records) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        BitSet seen = new BitSet(records);
        long duplicates = 0;
        long order = 0;
        Map<String, Integer> lastPerKey = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long read = 0;
            while (read < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    int i = ByteBuffer.wrap(r.value()).getInt();
                    if (seen.get(i)) {
                        duplicates++;
                    }
                    seen.set(i);
                    Integer last = lastPerKey.put(r.key(), i);
                    if (last != null && last > i) {
                        order++;
                    }
                }
            }
        }
        return new long[] {seen.cardinality(), duplicates, order};
    }
}
