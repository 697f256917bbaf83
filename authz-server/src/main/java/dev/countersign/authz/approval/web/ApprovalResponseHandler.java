package dev.countersign.authz.approval.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalRepository.Consumption;
import dev.countersign.authz.approval.authentication.ApprovalConsumptionAuthenticationToken;
import dev.countersign.authz.approval.authentication.ApprovalRejectionAuthenticationToken;
import dev.countersign.authz.approval.authentication.ApprovalRequestAuthenticationToken;
import dev.countersign.authz.approval.authentication.ApprovalStatusAuthenticationToken;
import dev.countersign.authz.approval.authentication.ApprovalTokenAuthenticationToken;
import dev.countersign.authz.approval.authentication.BackchannelAuthenticationToken;
import dev.countersign.authz.approval.authentication.TransactionAuthorizationPollAuthenticationToken;
import dev.countersign.authz.approval.authentication.TransactionChallengeAuthenticationToken;
import dev.countersign.core.Endpoints;
import dev.countersign.core.StrictJson;

/**
 * Writes the answer of every approval endpoint ({@code docs/protocol.md}, "Just-In-Time
 * approval") from its provider's result; absolute URLs name the issuer of the server
 * context ({@link AuthorizationServerContextHolder}).
 */
public final class ApprovalResponseHandler implements AuthenticationSuccessHandler {

	private final Duration interval;

	private Clock clock = Clock.systemUTC();

	/**
	 * A handler that tells clients to poll at most every {@code interval}.
	 * @param interval the polling interval
	 */
	public ApprovalResponseHandler(Duration interval) {
		Assert.notNull(interval, "interval cannot be null");
		this.interval = interval;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		if (authentication instanceof ApprovalRequestAuthenticationToken created) {
			ActionApproval approval = Objects.requireNonNull(created.getApproval());
			String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("approval_id", approval.id());
			body.put("status", approval.status().value());
			body.put("expires_in", secondsUntil(approval.expiresAt()));
			body.put("interval", this.interval.toSeconds());
			body.put("approval_uri", issuer + "/approve/" + approval.id());
			body.put("user_code", approval.userCode());
			response.setHeader(HttpHeaders.LOCATION, issuer + Endpoints.APPROVALS + "/" + approval.id());
			write(response, HttpStatus.CREATED, body);
		}
		else if (authentication instanceof ApprovalStatusAuthenticationToken status) {
			ActionApproval approval = Objects.requireNonNull(status.getApproval());
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("approval_id", approval.id());
			body.put("status", approval.status().value());
			if (approval.status().isOpen()) {
				body.put("expires_in", secondsUntil(approval.expiresAt()));
			}
			body.put("authorization_details", List.of(approval.detail().toJsonObject()));
			write(response, HttpStatus.OK, body);
		}
		else if (authentication instanceof ApprovalTokenAuthenticationToken minted) {
			Jwt token = Objects.requireNonNull(minted.getActionToken());
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("action_token", token.getTokenValue());
			body.put("token_type", "action");
			body.put("expires_in", Objects.requireNonNull(minted.getLifetime()).toSeconds());
			write(response, HttpStatus.OK, body);
		}
		else if (authentication instanceof ApprovalConsumptionAuthenticationToken consumed) {
			Consumption consumption = Objects.requireNonNull(consumed.getConsumption());
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("jti", consumed.getJti());
			body.put("first_use", consumption == Consumption.FIRST_USE);
			if (consumption != Consumption.FIRST_USE) {
				body.put("reason", consumption.name().toLowerCase(Locale.ROOT));
			}
			write(response, HttpStatus.OK, body);
		}
		else if (authentication instanceof BackchannelAuthenticationToken backchannel) {
			// CIBA Core 1.0 section 7.3; user_code is the number to match, as above
			ActionApproval approval = Objects.requireNonNull(backchannel.getApproval());
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("auth_req_id", Objects.requireNonNull(backchannel.getRequest()).authReqId());
			body.put("expires_in", secondsUntil(approval.expiresAt()));
			// a positive integer (CIBA Core 1.0 section 7.3), even where polls are not
			// held to any interval
			body.put("interval", Math.max(1, this.interval.toSeconds()));
			body.put("user_code", approval.userCode());
			write(response, HttpStatus.OK, body);
		}
		else if (authentication instanceof TransactionChallengeAuthenticationToken challenged) {
			// draft-rosomakho-oauth-txn-challenge-00 section 4.2, with user_code as above
			ActionApproval approval = Objects.requireNonNull(challenged.getApproval());
			String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("transaction_authorization_id",
					Objects.requireNonNull(challenged.getAuthorization()).transactionAuthorizationId());
			body.put("expires_in", secondsUntil(approval.expiresAt()));
			body.put("interval", Math.max(1, this.interval.toSeconds()));
			body.put("authorization_uri", issuer + "/approve/" + approval.id());
			body.put("user_code", approval.userCode());
			write(response, HttpStatus.OK, body);
		}
		else if (authentication instanceof TransactionAuthorizationPollAuthenticationToken polled) {
			OAuth2AccessTokenAuthenticationToken tokens = Objects.requireNonNull(polled.getTokens());
			OAuth2AccessToken token = tokens.getAccessToken();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("access_token", token.getTokenValue());
			body.put("token_type", token.getTokenType().getValue());
			body.put("expires_in", (token.getExpiresAt() != null) ? secondsUntil(token.getExpiresAt()) : 0);
			body.put("authorization_details", List.of(authorizationDetail(token.getTokenValue())));
			write(response, HttpStatus.OK, body);
		}
		else if (authentication instanceof ApprovalRejectionAuthenticationToken) {
			response.setStatus(HttpStatus.ACCEPTED.value());
		}
		else {
			throw new IllegalStateException("not an approval endpoint's answer: " + authentication.getClass());
		}
	}

	/**
	 * The one entry a transaction access token carries, read from its payload with the
	 * exact values (RFC 9396 section 7: the response names what the token carries).
	 * @param token the token
	 * @return the entry
	 */
	private static Object authorizationDetail(String token) {
		String payload = token.split("\\.", -1)[1];
		tools.jackson.databind.JsonNode claims = StrictJson.read(java.util.Base64.getUrlDecoder().decode(payload));
		return StrictJson.toValue(claims.get(dev.countersign.core.ClaimNames.AUTHORIZATION_DETAILS).get(0));
	}

	private long secondsUntil(Instant instant) {
		return Math.max(0, Duration.between(this.clock.instant(), instant).toSeconds());
	}

	private static void write(HttpServletResponse response, HttpStatus status, Map<String, Object> body)
			throws IOException {
		byte[] json = StrictJson.write(body).getBytes(StandardCharsets.UTF_8);
		response.setStatus(status.value());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(json.length);
		response.getOutputStream().write(json);
	}

}
