package dev.countersign.authz.it;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.provisioning.UserDetailsManager;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

/**
 * Base of the approval tests: each test gets a user of its own (so per-user limits and
 * histories never leak between tests) and a demo-client base token for that user.
 */
abstract class AbstractApprovalIT extends AbstractAuthorizationServerIT {

	@Autowired
	UserDetailsManager users;

	@Autowired
	JdbcTemplate jdbc;

	String user;

	ApprovalClient client;

	@BeforeEach
	void newUserWithBaseToken() {
		this.user = TestUsers.create(this.users, userPrefix());
		this.client = new ApprovalClient(this.http,
				CodeFlow.accessToken(new TestHttp(ISSUER), this.user, TestUsers.PASSWORD));
	}

	/**
	 * The prefix of this class's user names.
	 * @return the prefix
	 */
	abstract String userPrefix();

}
