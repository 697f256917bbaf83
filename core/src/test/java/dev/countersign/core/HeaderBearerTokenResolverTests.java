package dev.countersign.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bearer header read without a regular expression answers every request as Spring
 * Security's default resolver does.
 */
class HeaderBearerTokenResolverTests {

	private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl-_~+/";

	private static final List<String> HEADERS = List.of("Bearer " + TOKEN, "bearer " + TOKEN, "BEARER " + TOKEN,
			"Bearer " + TOKEN + "==", "Bearer " + TOKEN + "=x", "Bearer =", "Bearer ", "Bearer", "Bearer  " + TOKEN,
			"Bearer " + TOKEN + " ", "Bearer\t" + TOKEN, "Bearer " + TOKEN + "\u00e9", "Bearer a,b", "Bearer a b",
			"Basic dXNlcjpwYXNz", "Bearerx " + TOKEN, "Bear " + TOKEN, "Bearer a", "Bearer " + TOKEN + "\u0000", "");

	@Test
	void resolveWhenAnyHeaderMethodQueryOrBodyThenAnsweredAsTheDefaultResolver() {
		List<MockHttpServletRequest> requests = new ArrayList<>();
		for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
			for (String header : HEADERS) {
				for (String query : new String[] { null, "access_token=" + TOKEN, "other=1" }) {
					for (String contentType : new String[] { null, "application/json",
							"application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED;charset=UTF-8" }) {
						requests.add(request(method, header, query, contentType, false));
						requests.add(request(method, header, query, contentType, true));
					}
				}
			}
			requests.add(request(method, null, null, null, false));
			requests.add(request(method, null, "access_token=" + TOKEN, null, false));
		}
		BearerTokenResolver fast = new HeaderBearerTokenResolver();
		BearerTokenResolver spring = new DefaultBearerTokenResolver();
		for (MockHttpServletRequest request : requests) {
			assertThat(answer(fast, request)).as(describe(request)).isEqualTo(answer(spring, request));
		}
	}

	@Test
	void wellFormedWhenRfc6750SyntaxThenTrue() {
		assertThat(HeaderBearerTokenResolver.wellFormed("Bearer " + TOKEN)).isTrue();
		assertThat(HeaderBearerTokenResolver.wellFormed("bEaReR a==")).isTrue();
		assertThat(HeaderBearerTokenResolver.wellFormed("Bearer ==")).isFalse();
		assertThat(HeaderBearerTokenResolver.wellFormed("Bearer a=b")).isFalse();
		assertThat(HeaderBearerTokenResolver.wellFormed("Bearer ")).isFalse();
	}

	private static MockHttpServletRequest request(String method, String header, String query, String contentType,
			boolean formToken) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/approvals/consume");
		if (header != null) {
			request.addHeader("Authorization", header);
		}
		if (query != null) {
			request.setQueryString(query);
			for (String pair : query.split("&")) {
				String[] nameValue = pair.split("=", 2);
				request.addParameter(nameValue[0], nameValue[1]);
			}
		}
		if (contentType != null) {
			request.setContentType(contentType);
			if (formToken && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
				request.addParameter("access_token", TOKEN);
			}
		}
		return request;
	}

	private static String answer(BearerTokenResolver resolver, MockHttpServletRequest request) {
		try {
			return "token " + resolver.resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			return ex.getError().getErrorCode() + " " + Objects.toString(ex.getError().getDescription());
		}
	}

	private static String describe(MockHttpServletRequest request) {
		return request.getMethod() + " ?" + request.getQueryString() + " " + request.getContentType() + " "
				+ request.getHeader("Authorization") + " " + request.getParameterMap().keySet();
	}

}
