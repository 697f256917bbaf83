package dev.countersign.demo;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = DemoApiApplication.CONFIG_NAME)
@AutoConfigureMockMvc
class AccountControllerTests {

	@Autowired
	MockMvc mvc;

	@Test
	void accountsWhenScopeThenOwnAccountsOnly() throws Exception {
		this.mvc
			.perform(get("/accounts").with(jwt().jwt((jwt) -> jwt.subject("alice"))
				.authorities(new SimpleGrantedAuthority("SCOPE_accounts.read"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(2))
			.andExpect(jsonPath("$[0].id").value("acc-1"))
			.andExpect(jsonPath("$[0].balance").value(10000.00))
			.andExpect(jsonPath("$[1].id").value("acc-2"));
	}

	@Test
	void accountsWhenScopeMissingThenForbidden() throws Exception {
		this.mvc.perform(get("/accounts").with(jwt().jwt((jwt) -> jwt.subject("alice"))))
			.andExpect(status().isForbidden());
	}

	@Test
	void accountsWhenNoTokenThenUnauthorized() throws Exception {
		this.mvc.perform(get("/accounts")).andExpect(status().isUnauthorized());
	}

}
