package dev.countersign.core.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialMaskTests {

	private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

	@ParameterizedTest
	@ValueSource(strings = { "Authorization: Bearer " + JWT, "token " + JWT + " here", "fragment eyJzdWIiOiJhbGljZS",
			"Invalid character found in method name [_type=client_credentials&client_secret=s3cr3t0x0d0x0a]",
			"Authorization: Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ=", "GET /?access_token=abc123&x=1",
			"{\"password\":\"alice-password\"}", "Action-Token: abc.def.ghi", "password=alice-password&username=alice",
			"Bearer%20abcdef123", "grant_type=refresh_token&refresh_token=r-123" })
	void maskWhenCredentialThenGone(String text) {
		String masked = CredentialMask.mask(text);
		assertThat(masked).contains(CredentialMask.MASK)
			.doesNotContain(JWT)
			.doesNotContain("eyJzdWIi")
			.doesNotContain("s3cr3t")
			.doesNotContain("ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ")
			.doesNotContain("abc123")
			.doesNotContain("alice-password")
			.doesNotContain("abc.def.ghi")
			.doesNotContain("abcdef123")
			.doesNotContain("r-123");
	}

	@Test
	void maskWhenNoCredentialThenUnchanged() {
		String text = "Started CountersignAuthorizationServer in 4.2 seconds; approval 7hb7 issued for payments.transfer";
		assertThat(CredentialMask.mask(text)).isSameAs(text);
		assertThat(CredentialMask.mask("grant_type=client_credentials&scope=accounts.read"))
			.isEqualTo("grant_type=client_credentials&scope=accounts.read");
	}

}
