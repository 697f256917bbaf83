package dev.countersign.authz.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Spring Security's form login at {@code /login} (fields {@code username},
 * {@code password}), in the product's own page.
 */
@Controller
final class LoginController {

	@GetMapping("/login")
	String login(@RequestParam(name = "locked", required = false) String locked, Model model) {
		if (locked != null) {
			// how long the lock-out lasts, as the failure handler put it; anything else
			// says "a while"
			model.addAttribute("lockedSeconds", locked.matches("[0-9]{1,6}") ? locked : null);
			model.addAttribute("locked", true);
		}
		return "login";
	}

}
