package dev.countersign.resource.web;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.util.Assert;

/**
 * Joins Countersign's check ({@link ActionApprovalFilter}) to a security filter chain,
 * right after its {@link AuthorizationFilter}, with the default answers of the requests
 * it refuses ({@link ActionAuthenticationEntryPoint}, {@link ActionAccessDeniedHandler}):
 * an entry point or access-denied handler the application sets itself takes precedence.
 * <p>
 * The starter applies it to every chain built from Spring Security's {@code HttpSecurity}
 * (a {@code Customizer<HttpSecurity>} bean, which Spring Security 7 applies to each), so
 * an application need not change its chain. One that builds its chain by hand, or turns
 * that off ({@code countersign.resource.join-security-filter-chains=false}), applies it
 * itself:
 *
 * <pre class="code">
 * http.with(CountersignConfigurer.countersign(), Customizer.withDefaults());
 * </pre>
 *
 * The default answers are registered as the configurer is applied, before any other
 * configurer's defaults, so they answer Countersign's refusals whatever order the chain
 * is written in.
 */
public final class CountersignConfigurer extends AbstractHttpConfigurer<CountersignConfigurer, HttpSecurity> {

	private @Nullable ActionApprovalFilter filter;

	private CountersignConfigurer() {
	}

	/**
	 * The configurer, for {@code http.with(countersign(), ...)}; it uses the starter's
	 * {@link ActionApprovalFilter} bean.
	 * @return a configurer
	 */
	public static CountersignConfigurer countersign() {
		return new CountersignConfigurer();
	}

	/**
	 * Uses a given filter instead of the application context's.
	 * @param filter the filter
	 * @return this configurer
	 */
	public CountersignConfigurer filter(ActionApprovalFilter filter) {
		Assert.notNull(filter, "filter cannot be null");
		this.filter = filter;
		return this;
	}

	@Override
	public void setBuilder(HttpSecurity http) {
		super.setBuilder(http);
		ActionProblems problems = filter(http).problems();
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(new ActionAuthenticationEntryPoint(problems),
					ActionApprovalFilter.REFUSED_REQUESTS)
			.defaultAccessDeniedHandlerFor(new ActionAccessDeniedHandler(problems),
					ActionApprovalFilter.REFUSED_REQUESTS));
	}

	@Override
	public void configure(HttpSecurity http) {
		http.addFilterAfter(filter(http), AuthorizationFilter.class);
	}

	private ActionApprovalFilter filter(HttpSecurity http) {
		if (this.filter == null) {
			ApplicationContext context = http.getSharedObject(ApplicationContext.class);
			Assert.state(context != null, "no application context to take the ActionApprovalFilter from");
			this.filter = context.getBean(ActionApprovalFilter.class);
		}
		return this.filter;
	}

}
