package dev.countersign.authz.config;

import org.apache.catalina.core.StandardHost;

import dev.countersign.authz.web.ProblemErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Errors Tomcat answers by itself become RFC 9457 problems too ({@link ProblemErrorReportValve}).
 * Runs after Boot's own customizer, which installs an error report valve of its own.
 */
@Configuration(proxyBeanMethods = false)
class WebServerConfiguration {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				ProblemErrorReportValve.install(host);
			}
		});
	}

}
