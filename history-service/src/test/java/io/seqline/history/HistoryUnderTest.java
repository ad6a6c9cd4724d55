package io.seqline.history;

import io.seqline.testsupport.KafkaExtension;
import io.seqline.testsupport.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** history-service as the tests start it: on the test's Kafka and PostgreSQL, every port free. */
public final class HistoryUnderTest {

    private HistoryUnderTest() {
    }

    /** Starts the service; {@code extra} are more {@code --name=value} settings. */
    public static ConfigurableApplicationContext start(KafkaExtension kafka, PostgresExtension postgres, String... extra) {
        List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--server.port=0",
                "--seqline.grpc.port=0", "--seqline.grpc.admin-key=test-admin-key-0123456789",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + postgres.password()));
        args.addAll(List.of(extra));
        return HistoryApplication.builder().run(args.toArray(String[]::new));
    }
}
