package dev.countersign.authz.web;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.countersign.authz.login.LocalSignIn;

/**
 * Spring Security's form login at {@code /login} (fields {@code username},
 * {@code password}), in the product's own page.
 */
@Controller
final class LoginController {

	private final LocalSignIn localSignIn;

	LoginController(LocalSignIn localSignIn) {
		this.localSignIn = localSignIn;
	}

	@GetMapping("/login")
	Object login(@RequestParam(name = "locked", required = false) String locked, Model model) {
		if (!this.localSignIn.enabled()) {
			return ErrorPages.view(HttpStatus.NOT_FOUND,
					"This server signs no one in with a password: open the approval link you were given, "
							+ "and you sign in at your identity provider.");
		}
		if (locked != null) {
			// how long the lock-out lasts, as the failure handler put it; anything else
			// says "a while"
			model.addAttribute("lockedSeconds", locked.matches("[0-9]{1,6}") ? locked : null);
			model.addAttribute("locked", true);
		}
		return "login";
	}

}
