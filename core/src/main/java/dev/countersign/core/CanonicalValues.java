package dev.countersign.core;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.jspecify.annotations.Nullable;

/**
 * Comparison of canonical parameter values ({@link ParameterType#canonicalize}): numbers
 * by value, whatever their Java type; everything else with {@code equals}.
 */
public final class CanonicalValues {

	private CanonicalValues() {
	}

	/**
	 * Whether two canonical values are the same value.
	 * @param a one value
	 * @param b the other
	 * @return {@code true} when equal
	 */
	public static boolean equal(@Nullable Object a, @Nullable Object b) {
		if (a == null || b == null) {
			return a == b;
		}
		BigDecimal x = decimal(a);
		BigDecimal y = decimal(b);
		if (x != null || y != null) {
			return x != null && y != null && x.compareTo(y) == 0;
		}
		return a.equals(b);
	}

	private static @Nullable BigDecimal decimal(Object value) {
		if (value instanceof BigDecimal decimal) {
			return decimal;
		}
		if (value instanceof BigInteger integer) {
			return new BigDecimal(integer);
		}
		if (value instanceof Long || value instanceof Integer) {
			return BigDecimal.valueOf(((Number) value).longValue());
		}
		return null;
	}

}
