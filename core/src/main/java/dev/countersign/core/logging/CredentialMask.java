package dev.countersign.core.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Takes credentials out of text bound for a log: whatever a request carried, a log line
 * never holds a token, a secret or a password, whole or in part, even when a library (a
 * servlet container reporting an unparseable request, say) puts request bytes into its
 * message. Masked:
 * <ul>
 * <li>JWTs and JWT fragments (base64url of a JSON object starts with {@code eyJ});</li>
 * <li>the value after {@code Bearer}, {@code Basic}, {@code DPoP} and
 * {@code Action-Token:};</li>
 * <li>the value of form, query and JSON members that hold credentials:
 * {@code client_secret}, {@code password}, {@code access_token}, {@code refresh_token},
 * {@code id_token}, {@code action_token}, {@code token}, {@code code},
 * {@code code_verifier}, {@code client_assertion}, {@code assertion}.</li>
 * </ul>
 */
public final class CredentialMask {

	/** What a masked value becomes. */
	public static final String MASK = "[masked]";

	private static final String NAMES = "client_secret|password|access_token|refresh_token|id_token|action_token|"
			+ "token|code|code_verifier|client_assertion|assertion|secret";

	private static final List<Rule> RULES = List
		.of(new Rule(Pattern.compile("eyJ[A-Za-z0-9_\\-]*(?:\\.[A-Za-z0-9_\\-]*){0,4}"), MASK),
				new Rule(Pattern.compile("(?i)\\b(bearer|basic|dpop)(\\s+|%20|\\+)[A-Za-z0-9._~+/=\\-]+"),
						"$1$2" + MASK),
				new Rule(Pattern.compile("(?i)(action-token\\s*:\\s*)\\S+"), "$1" + MASK),
				new Rule(Pattern.compile("(?i)\\b(" + NAMES + ")=[^&\\s\\]\"]+"), "$1=" + MASK),
				new Rule(Pattern.compile("(?i)\"(" + NAMES + ")\"\\s*:\\s*\"[^\"]*\""), "\"$1\":\"" + MASK + "\""));

	private CredentialMask() {
	}

	/**
	 * The text with every credential masked.
	 * @param text the text, or {@code null}
	 * @return the masked text, or {@code null}
	 */
	public static @Nullable String mask(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String masked = text;
		for (Rule rule : RULES) {
			Matcher matcher = rule.pattern().matcher(masked);
			if (matcher.find()) {
				masked = matcher.replaceAll(rule.replacement());
			}
		}
		return masked;
	}

	private record Rule(Pattern pattern, String replacement) {
	}

}
