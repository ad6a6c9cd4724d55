package io.seqline.sequence.sequencer;

import io.seqline.common.redis.SharedRedis;
import io.seqline.sequence.reservation.SeqReservations;
import io.seqline.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires a {@link MessageSequencer} on real Redis and PostgreSQL for tests outside this package. */
public final class SequencerTestWiring {

    private static final List<ReservationPrefetcher> PREFETCHERS = new ArrayList<>();

    private SequencerTestWiring() {
    }

    public static SequencerProperties properties(long reservationStep, int dedupWindow) {
        return new SequencerProperties(reservationStep, dedupWindow, Duration.ofHours(24), 8, "unused:1", Duration.ofSeconds(60), 0, Duration.ofSeconds(1));
    }

    /** A sequencer for direct conversations (no group member loader); its prefetchers end with {@link #close()}. */
    public static synchronized MessageSequencer sequencer(SharedRedis redis,
                                                          SeqReservations reservations, SequencerProperties properties,
                                                          StreamStateRecovery recovery) {
        SequencerScript script = new SequencerScript(redis, properties, java.time.Clock.systemUTC());
        ReservationPrefetcher prefetcher = new ReservationPrefetcher(script, reservations, properties);
        PREFETCHERS.add(prefetcher);
        return new MessageSequencer(script, reservations, properties, null, prefetcher, recovery);
    }

    /** The sequencer's schema, migrated, in the test database. */
    public static JdbcTemplate jdbc(PostgresExtension postgres) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.user());
        dataSource.setPassword(postgres.password());
        Flyway.configure().dataSource(dataSource).schemas("sequence").defaultSchema("sequence")
                .locations("classpath:db/migration/sequence").load().migrate();
        dataSource.setCurrentSchema("sequence");
        return new JdbcTemplate(dataSource);
    }

    public static synchronized void close() {
        PREFETCHERS.forEach(ReservationPrefetcher::close);
        PREFETCHERS.clear();
    }
}
