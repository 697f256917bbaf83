package dev.countersign.demo;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts the demo API. Its configuration file is {@code demo-api.yml}, so that it never
 * mixes with the authorization server's {@code application.yml} when both run in one JVM
 * (tests).
 */
@SpringBootApplication
public class DemoApiApplication {

	/** The name of this application's configuration files. */
	public static final String CONFIG_NAME = "spring.config.name=demo-api";

	public static void main(String[] args) {
		new SpringApplicationBuilder(DemoApiApplication.class).properties(CONFIG_NAME).run(args);
	}

}
