package dev.countersign.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header values allowed code point by code point are exactly those Spring Security's
 * default firewall allows.
 */
class AllowedHeaderValuesTests {

	private final StrictHttpFirewall spring = new StrictHttpFirewall();

	private final StrictHttpFirewall checked = new StrictHttpFirewall();

	{
		this.checked.setAllowedHeaderValues(new AllowedHeaderValues());
	}

	@Test
	void testWhenAnyValueThenAllowedExactlyAsByTheDefaultFirewall() {
		List<String> values = new ArrayList<>(List.of("", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "a\tb", "a\nb",
				"a\rb", "a\u0000b", "\u007f", "\u0080", "\u009f", "\u00a0", "caf\u00e9", "\u2028", "\u0378", "\ue000",
				"\ud83d\ude00", "\ud83d", "\ude00x", "\uffff", "\ufeff", "\u200b", "\udb40\udc01", "\uDB7F\uDFFF"));
		Random random = new Random(15);
		for (int i = 0; i < 20_000; i++) {
			StringBuilder value = new StringBuilder();
			for (int n = random.nextInt(6); n >= 0; n--) {
				int codePoint = switch (random.nextInt(4)) {
					case 0 -> random.nextInt(0x80);
					case 1 -> random.nextInt(0x800);
					case 2 -> random.nextInt(0x10000);
					default -> random.nextInt(0x110000);
				};
				value.appendCodePoint(codePoint);
			}
			values.add(value.toString());
		}
		for (String value : values) {
			assertThat(allowed(this.checked, value)).as(value.codePoints().boxed().toList().toString())
				.isEqualTo(allowed(this.spring, value));
		}
	}

	private static boolean allowed(StrictHttpFirewall firewall, String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/approvals/consume");
		request.addHeader("X-Value", value);
		try {
			firewall.getFirewalledRequest(request).getHeader("X-Value");
			return true;
		}
		catch (RequestRejectedException ex) {
			return false;
		}
	}

}
