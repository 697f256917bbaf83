package dev.countersign.authz.approval.authentication;

import java.io.Serial;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.approval.ActionApproval;

/**
 * {@code POST /approvals}: the {@code authorization_details} asked for, with the optional
 * {@code binding_message} and {@code resource}; answered with the pending approval.
 */
public final class ApprovalRequestAuthenticationToken extends ApprovalEndpointAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient @Nullable JsonNode authorizationDetails;

	private final @Nullable String bindingMessage;

	private final @Nullable String resource;

	private final transient @Nullable ActionApproval approval;

	/**
	 * A request as read.
	 * @param principal the base token's authentication
	 * @param authorizationDetails the {@code authorization_details} member, or
	 * {@code null} when absent
	 * @param bindingMessage the {@code binding_message}, or {@code null}
	 * @param resource the {@code resource}, or {@code null}
	 */
	public ApprovalRequestAuthenticationToken(Authentication principal, @Nullable JsonNode authorizationDetails,
			@Nullable String bindingMessage, @Nullable String resource) {
		super(principal, false);
		this.authorizationDetails = authorizationDetails;
		this.bindingMessage = bindingMessage;
		this.resource = resource;
		this.approval = null;
	}

	/**
	 * The answer: the approval asked.
	 * @param principal the base token's authentication
	 * @param approval the pending approval
	 */
	public ApprovalRequestAuthenticationToken(Authentication principal, ActionApproval approval) {
		super(principal, true);
		Assert.notNull(approval, "approval cannot be null");
		this.authorizationDetails = null;
		this.bindingMessage = approval.bindingMessage();
		this.resource = approval.resource();
		this.approval = approval;
	}

	public @Nullable JsonNode getAuthorizationDetails() {
		return this.authorizationDetails;
	}

	public @Nullable String getBindingMessage() {
		return this.bindingMessage;
	}

	public @Nullable String getResource() {
		return this.resource;
	}

	public @Nullable ActionApproval getApproval() {
		return this.approval;
	}

}
