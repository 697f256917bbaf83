package dev.countersign.authz.approval.authentication;

import java.io.Serial;

import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

/**
 * {@code POST /approvals/rejections}: a resource server reports an action token it
 * refused after its signature verified, naming the failed check.
 */
public final class ApprovalRejectionAuthenticationToken extends ApprovalEndpointAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String jti;

	private final String check;

	private final String description;

	public ApprovalRejectionAuthenticationToken(Authentication principal, String jti, String check,
			String description) {
		this(principal, jti, check, description, false);
	}

	private ApprovalRejectionAuthenticationToken(Authentication principal, String jti, String check, String description,
			boolean answered) {
		super(principal, answered);
		Assert.hasText(jti, "jti cannot be empty");
		Assert.hasText(check, "check cannot be empty");
		Assert.hasText(description, "description cannot be empty");
		this.jti = jti;
		this.check = check;
		this.description = description;
	}

	/**
	 * The answer: the report was taken, recorded or not (the caller learns nothing either
	 * way).
	 * @return the answered report
	 */
	public ApprovalRejectionAuthenticationToken taken() {
		return new ApprovalRejectionAuthenticationToken(getPrincipal(), this.jti, this.check, this.description, true);
	}

	public String getJti() {
		return this.jti;
	}

	public String getCheck() {
		return this.check;
	}

	public String getDescription() {
		return this.description;
	}

}
