package dev.countersign.authz.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Spring Security's form login at {@code /login} (fields {@code username}, {@code password}),
 * in the product's own page.
 */
@Controller
final class LoginController {

	@GetMapping("/login")
	String login() {
		return "login";
	}

}
