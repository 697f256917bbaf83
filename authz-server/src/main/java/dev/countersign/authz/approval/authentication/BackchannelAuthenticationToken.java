package dev.countersign.authz.approval.authentication;

import java.io.Serial;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.BackchannelRequest;

/**
 * An OpenID CIBA backchannel authentication request (CIBA Core 1.0 section 7.1) of an
 * authenticated client, and its answer: the pending approval and its {@code auth_req_id}.
 */
public final class BackchannelAuthenticationToken extends ApprovalEndpointAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Map<String, String> parameters;

	private final transient @Nullable ActionApproval approval;

	private final transient @Nullable BackchannelRequest request;

	/**
	 * A request as read.
	 * @param client the client's authentication
	 * @param parameters the request's parameters, each given once
	 */
	public BackchannelAuthenticationToken(Authentication client, Map<String, String> parameters) {
		super(client, false);
		this.parameters = Map.copyOf(parameters);
		this.approval = null;
		this.request = null;
	}

	/**
	 * The answer.
	 * @param client the client's authentication
	 * @param approval the pending approval
	 * @param request its CIBA request
	 */
	public BackchannelAuthenticationToken(Authentication client, ActionApproval approval, BackchannelRequest request) {
		super(client, true);
		Assert.notNull(approval, "approval cannot be null");
		Assert.notNull(request, "request cannot be null");
		this.parameters = Map.of();
		this.approval = approval;
		this.request = request;
	}

	/**
	 * A parameter of the request.
	 * @param name the name
	 * @return its value, or {@code null} when not given
	 */
	public @Nullable String getParameter(String name) {
		return this.parameters.get(name);
	}

	public @Nullable ActionApproval getApproval() {
		return this.approval;
	}

	public @Nullable BackchannelRequest getRequest() {
		return this.request;
	}

}
