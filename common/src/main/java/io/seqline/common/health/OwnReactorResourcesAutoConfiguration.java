package io.seqline.common.health;

import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Each service's management server (Reactor Netty) gets event loops of its own instead of the JVM-wide
 * global ones. Several services share one JVM in standalone mode and in tests; with global resources,
 * stopping one service (a gateway restart) would stop the management servers of all the others.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.http.client.ReactorResourceFactory")
public class OwnReactorResourcesAutoConfiguration {

    @Bean
    static BeanPostProcessor seqlineOwnReactorResources() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof ReactorResourceFactory factory) {
                    factory.setUseGlobalResources(false);
                    factory.setShutdownQuietPeriod(Duration.ZERO);
                }
                return bean;
            }
        };
    }
}
