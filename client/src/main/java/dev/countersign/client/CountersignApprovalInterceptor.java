package dev.countersign.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;

/**
 * Approval for Spring's {@code RestClient} (and {@code RestTemplate}): a call that
 * answers {@code 403 approval_required} or a transaction authorization challenge is
 * approved through {@link CountersignApprovals} and repeated once, its body unchanged,
 * with the token; any other answer passes untouched. A call that still fails after
 * approval returns that answer: it is never repeated twice.
 *
 * <pre>
 * RestClient api = RestClient.builder()
 * 	.requestInterceptor(new CountersignApprovalInterceptor(approvals))
 * 	.build();
 * </pre>
 */
public final class CountersignApprovalInterceptor implements ClientHttpRequestInterceptor {

	private static final int MAX_REFUSAL = 64 * 1024;

	private final CountersignApprovals approvals;

	public CountersignApprovalInterceptor(CountersignApprovals approvals) {
		Assert.notNull(approvals, "approvals cannot be null");
		this.approvals = approvals;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (this.approvals.acceptsChallenges(request.getHeaders())) {
			request.getHeaders().set(CountersignApprovals.ACCEPT_TXN_CHALLENGE, "?1");
		}
		ClientHttpResponse response = execution.execute(request, body);
		int status = response.getStatusCode().value();
		if (status != 401 && status != 403) {
			return response;
		}
		byte[] refusal;
		try (InputStream in = response.getBody()) {
			refusal = in.readNBytes(MAX_REFUSAL);
		}
		Map<String, String> retry = this.approvals.approve(status, response.getHeaders(), refusal,
				request.getHeaders());
		if (retry == null) {
			return new Buffered(response, refusal);
		}
		response.close();
		request.getHeaders().remove(CountersignApprovals.ACCEPT_TXN_CHALLENGE);
		retry.forEach(request.getHeaders()::set);
		return execution.execute(request, body);
	}

	/**
	 * The refusal as it came, its body read once already.
	 */
	private static final class Buffered implements ClientHttpResponse {

		private final ClientHttpResponse response;

		private final byte[] body;

		Buffered(ClientHttpResponse response, byte[] body) {
			this.response = response;
			this.body = body;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.response.getHeaders();
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.body);
		}

		@Override
		public void close() {
			this.response.close();
		}

	}

}
