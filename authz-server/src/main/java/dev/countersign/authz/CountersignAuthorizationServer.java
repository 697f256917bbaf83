package dev.countersign.authz;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the Countersign authorization server.
 */
@SpringBootApplication
public class CountersignAuthorizationServer {

	public static void main(String[] args) {
		SpringApplication.run(CountersignAuthorizationServer.class, args);
	}

}
