package dev.countersign.authz.config;

import java.time.Duration;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The HTTP client of the server's own outgoing calls (webhooks, pings, the resources'
 * challenge keys): bounded connect and read times, so no call waits on a peer for ever.
 */
final class OutgoingCalls {

	private OutgoingCalls() {
	}

	static RestClient withTimeouts(Duration connectTimeout, Duration readTimeout) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(connectTimeout);
		requests.setReadTimeout(readTimeout);
		return RestClient.builder().requestFactory(requests).build();
	}

}
