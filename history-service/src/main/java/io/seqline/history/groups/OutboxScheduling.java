package io.seqline.history.groups;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link MembershipOutbox#relay()} on Spring's scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class OutboxScheduling {
}
