package dev.countersign.authz.rar;

import java.util.List;

import dev.countersign.core.AuthorizationDetail;

/**
 * A grant whose {@code authorization_details} a user already approved one by one (a
 * decoupled approval): its token carries exactly those.
 */
public interface ApprovedAuthorizationDetails {

	/**
	 * The approved entries.
	 * @return the canonical entries
	 */
	List<AuthorizationDetail> approvedAuthorizationDetails();

}
