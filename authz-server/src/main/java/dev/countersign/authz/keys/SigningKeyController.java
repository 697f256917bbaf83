package dev.countersign.authz.keys;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administration of signing keys, for bearer tokens with scope {@code keys.manage}.
 * <ul>
 * <li>{@code GET /admin/signing-keys}: every key with its state, never a private
 * part;</li>
 * <li>{@code POST /admin/signing-keys/rotation}: adds a new key; older keys keep
 * verifying until they retire.</li>
 * </ul>
 */
@RestController
final class SigningKeyController {

	private final SigningKeys signingKeys;

	SigningKeyController(SigningKeys signingKeys) {
		this.signingKeys = signingKeys;
	}

	@GetMapping("/admin/signing-keys")
	List<SigningKeyDescription> list() {
		return this.signingKeys.describe();
	}

	@PostMapping("/admin/signing-keys/rotation")
	@ResponseStatus(HttpStatus.CREATED)
	SigningKeyDescription rotate() {
		return this.signingKeys.rotate();
	}

}
