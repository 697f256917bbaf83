package dev.countersign.resource.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Accept-Txn-Challenge} as draft-rosomakho-oauth-txn-challenge-00 section 3.1
 * reads it: an RFC 9651 Boolean item; {@code ?1} is true, parameters are ignored, any
 * other value or type (a List, when given twice) is as if absent.
 */
class AcceptTxnChallengeTests {

	@Test
	void acceptsWhenTrueItemThenTrueWithOrWithoutParameters() {
		assertThat(ActionApprovalFilter.acceptsChallenge(request("?1"))).isTrue();
		assertThat(ActionApprovalFilter.acceptsChallenge(request(" ?1 "))).isTrue();
		assertThat(ActionApprovalFilter.acceptsChallenge(request("?1;future=1"))).isTrue();
	}

	@Test
	void acceptsWhenFalseOtherTypeOrAListThenFalse() {
		assertThat(ActionApprovalFilter.acceptsChallenge(new MockHttpServletRequest())).isFalse();
		assertThat(ActionApprovalFilter.acceptsChallenge(request("?0"))).isFalse();
		assertThat(ActionApprovalFilter.acceptsChallenge(request("1"))).isFalse();
		assertThat(ActionApprovalFilter.acceptsChallenge(request("true"))).isFalse();
		assertThat(ActionApprovalFilter.acceptsChallenge(request("?1, ?1"))).isFalse();
		assertThat(ActionApprovalFilter.acceptsChallenge(request("?1", "?1"))).isFalse();
	}

	private static MockHttpServletRequest request(String... values) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		for (String value : values) {
			request.addHeader(ActionApprovalFilter.ACCEPT_TXN_CHALLENGE, value);
		}
		return request;
	}

}
