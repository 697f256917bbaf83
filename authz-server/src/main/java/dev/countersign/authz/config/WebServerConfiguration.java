package dev.countersign.authz.config;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.countersign.authz.web.DatabaseUnavailableFilter;
import dev.countersign.authz.web.ProblemErrorReportValve;

/**
 * Errors Tomcat answers by itself become RFC 9457 problems too
 * ({@link ProblemErrorReportValve}, installed after Boot's own customizer, which installs
 * an error report valve of its own); a database outage becomes {@code 503}
 * ({@link DatabaseUnavailableFilter}).
 */
@Configuration(proxyBeanMethods = false)
class WebServerConfiguration {

	/**
	 * Before every other filter, Spring Security's included: a database outage is a 503
	 * wherever it surfaces ({@link DatabaseUnavailableFilter}).
	 * @return the filter registration bean
	 */
	@Bean
	FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter() {
		FilterRegistrationBean<DatabaseUnavailableFilter> registration = new FilterRegistrationBean<>(
				new DatabaseUnavailableFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

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
