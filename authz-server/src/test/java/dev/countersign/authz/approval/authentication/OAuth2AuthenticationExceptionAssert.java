package dev.countersign.authz.approval.authentication;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Asserts that a provider refuses a call with an OAuth error code.
 */
final class OAuth2AuthenticationExceptionAssert {

	private OAuth2AuthenticationExceptionAssert() {
	}

	static OAuth2AuthenticationException refused(AuthenticationProvider provider, Authentication call,
			String errorCode) {
		OAuth2AuthenticationException ex = assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> provider.authenticate(call))
			.actual();
		org.assertj.core.api.Assertions.assertThat(ex.getError().getErrorCode()).isEqualTo(errorCode);
		return ex;
	}

}
