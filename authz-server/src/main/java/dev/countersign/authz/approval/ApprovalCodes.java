package dev.countersign.authz.approval;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * The random values of an approval: its id, the number the user must pick (number
 * matching against prompt bombing) and the decoys the approval page offers beside it.
 */
public final class ApprovalCodes {

	private final SecureRandom random = new SecureRandom();

	private final int numberChoices;

	/**
	 * Codes whose approval pages offer the given count of numbers.
	 * @param numberChoices how many numbers the page offers, the right one among them
	 */
	public ApprovalCodes(int numberChoices) {
		Assert.isTrue(numberChoices >= 2 && numberChoices <= 90, "numberChoices must be between 2 and 90");
		this.numberChoices = numberChoices;
	}

	/**
	 * A new approval id: 128 random bits, base64url.
	 * @return the id
	 */
	public String newId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * A new number to match, from 10 to 99.
	 * @return the number
	 */
	public String newUserCode() {
		return Integer.toString(10 + this.random.nextInt(90));
	}

	/**
	 * The numbers the approval page offers: the right one among distinct random others,
	 * in a random order, drawn once per approval.
	 * @param userCode the right number
	 * @return the numbers
	 */
	public List<String> drawChoices(String userCode) {
		Set<String> choices = new LinkedHashSet<>();
		choices.add(userCode);
		while (choices.size() < this.numberChoices) {
			choices.add(newUserCode());
		}
		List<String> shuffled = new ArrayList<>(choices);
		Collections.shuffle(shuffled, this.random);
		return shuffled;
	}

}
