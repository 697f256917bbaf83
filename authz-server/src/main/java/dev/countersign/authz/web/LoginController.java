package dev.countersign.authz.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.federation.TrustedIssuers;
import dev.countersign.authz.login.LocalSignIn;

/**
 * Spring Security's form login at {@code /login} (fields {@code username},
 * {@code password}), in the product's own page.
 */
@Controller
final class LoginController {

	private final LocalSignIn localSignIn;

	private final TrustedIssuers trustedIssuers;

	LoginController(LocalSignIn localSignIn, TrustedIssuers trustedIssuers) {
		this.localSignIn = localSignIn;
		this.trustedIssuers = trustedIssuers;
	}

	@GetMapping("/login")
	Object login(@RequestParam(name = "locked", required = false) String locked, Model model) {
		List<String> providers = this.trustedIssuers.all()
			.stream()
			.filter(TrustedIssuer::signsUsersIn)
			.map(TrustedIssuer::name)
			.toList();
		if (!this.localSignIn.enabled() && providers.isEmpty()) {
			return ErrorPages.view(HttpStatus.NOT_FOUND, "This server signs no one in here.");
		}
		model.addAttribute("passwords", this.localSignIn.enabled());
		model.addAttribute("providers", providers);
		if (locked != null) {
			// how long the lock-out lasts, as the failure handler put it; anything else
			// says "a while"
			model.addAttribute("lockedSeconds", locked.matches("[0-9]{1,6}") ? locked : null);
			model.addAttribute("locked", true);
		}
		return "login";
	}

}
