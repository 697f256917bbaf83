package dev.countersign.client.reactive;

import java.util.Map;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.countersign.client.CountersignApprovals;

/**
 * Approval for Spring's {@code WebClient}: a call that answers
 * {@code 403 approval_required} or a transaction authorization challenge is approved
 * through {@link CountersignApprovals} (the wait runs on a bounded-elastic thread, never
 * an event loop; cancelling the subscription cancels it) and repeated once with the
 * token, its body as the request gave it; any other answer passes untouched.
 *
 * <pre>
 * WebClient api = WebClient.builder().filter(new CountersignApprovalFilter(approvals)).build();
 * </pre>
 */
public final class CountersignApprovalFilter implements ExchangeFilterFunction {

	private final CountersignApprovals approvals;

	public CountersignApprovalFilter(CountersignApprovals approvals) {
		Assert.notNull(approvals, "approvals cannot be null");
		this.approvals = approvals;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		ClientRequest first = this.approvals.acceptsChallenges(request.headers())
				? ClientRequest.from(request).header(CountersignApprovals.ACCEPT_TXN_CHALLENGE, "?1").build() : request;
		return next.exchange(first).flatMap((response) -> {
			int status = response.statusCode().value();
			if (status != 401 && status != 403) {
				return Mono.just(response);
			}
			return response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.flatMap((refusal) -> Mono
					.fromCallable(() -> java.util.Optional.ofNullable(this.approvals.approve(status,
							response.headers().asHttpHeaders(), refusal, request.headers())))
					.subscribeOn(Schedulers.boundedElastic())
					.flatMap((retry) -> retry.isPresent() ? next.exchange(withHeaders(request, retry.get()))
							: Mono.just(response.mutate()
								.body(new String(refusal, java.nio.charset.StandardCharsets.UTF_8))
								.build())));
		});
	}

	private static ClientRequest withHeaders(ClientRequest request, Map<String, String> headers) {
		return ClientRequest.from(request).headers((all) -> headers.forEach(all::set)).build();
	}

}
