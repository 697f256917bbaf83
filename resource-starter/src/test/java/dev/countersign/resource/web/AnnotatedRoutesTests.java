package dev.countersign.resource.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotatedRoutesTests {

	private static final ActionBinding TRANSFER = new ActionBinding("payments.transfer", ActionMode.JIT,
			Map.of("fromAccount", ParameterSource.parse("path:accountId")));

	private static final RequestMappingInfo.BuilderConfiguration PATTERNS = new RequestMappingInfo.BuilderConfiguration();

	static {
		PATTERNS.setPatternParser(PathPatternParser.defaultInstance);
	}

	@Test
	void matchWhenOnlyTheBoundMappingCanServeThenResolvedByItsPatternWithoutLookup() {
		RequestMappingInfo transfers = info(RequestMethod.POST, "/accounts/{accountId}/transfers");
		AnnotatedRoutes routes = AnnotatedRoutes.of(Map.of(transfers, TRANSFER),
				all(transfers, info(RequestMethod.GET, "/accounts/{accountId}/transfers"),
						info(RequestMethod.POST, "/accounts/{accountId}")));

		AnnotatedRoutes.Match match = routes.match("POST", PathContainer.parsePath("/accounts/acc-1/transfers"));

		assertThat(match.ambiguous()).isFalse();
		assertThat(match.binding()).isSameAs(TRANSFER);
		assertThat(match.variables()).containsExactly(Map.entry("accountId", "acc-1"));
		assertThat(routes.match("GET", PathContainer.parsePath("/accounts/acc-1/transfers"))).isNull();
		assertThat(routes.match("POST", PathContainer.parsePath("/accounts/acc-1"))).isNull();
	}

	@Test
	void matchWhenAnotherMappingMightServeThenLeftToTheLookup() {
		RequestMappingInfo close = info(RequestMethod.DELETE, "/accounts/{accountId}");
		AnnotatedRoutes routes = AnnotatedRoutes.of(Map.of(close, TRANSFER),
				all(close, info(null, "/accounts/special")));

		assertThat(routes.match("DELETE", PathContainer.parsePath("/accounts/special")).ambiguous()).isTrue();
	}

	@Test
	void matchWhenTheBoundMappingHasOtherConditionsThenLeftToTheLookup() {
		RequestMappingInfo transfers = RequestMappingInfo.paths("/accounts/{accountId}/transfers")
			.methods(RequestMethod.POST)
			.consumes("application/json")
			.options(PATTERNS)
			.build();
		AnnotatedRoutes routes = AnnotatedRoutes.of(Map.of(transfers, TRANSFER), all(transfers));

		assertThat(routes.match("POST", PathContainer.parsePath("/accounts/acc-1/transfers")).ambiguous()).isTrue();
	}

	@Test
	void mayOverlapWhenLiteralsDifferOrSegmentCountsDifferThenNot() {
		assertThat(AnnotatedRoutes.mayOverlap("/accounts/{id}", "/customers/{id}")).isFalse();
		assertThat(AnnotatedRoutes.mayOverlap("/accounts/{id}", "/accounts/{id}/transfers")).isFalse();
		assertThat(AnnotatedRoutes.mayOverlap("/accounts/{id}", "/accounts/special")).isTrue();
		assertThat(AnnotatedRoutes.mayOverlap("/accounts/{id}", "/**")).isTrue();
		assertThat(AnnotatedRoutes.mayOverlap("/accounts/{id}/x", "/accounts/{*rest}")).isTrue();
		assertThat(AnnotatedRoutes.mayOverlap("/a/{id}.json", "/a/b")).isTrue();
	}

	private static RequestMappingInfo info(RequestMethod method, String path) {
		RequestMappingInfo.Builder builder = RequestMappingInfo.paths(path).options(PATTERNS);
		if (method != null) {
			builder.methods(method);
		}
		return builder.build();
	}

	private static Set<RequestMappingInfo> all(RequestMappingInfo... infos) {
		return new LinkedHashSet<>(List.of(infos));
	}

}
