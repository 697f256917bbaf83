package dev.countersign.resource.web;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The variables of a path pattern as Spring MVC writes them: {@code {name}},
 * {@code {name:regex}} and {@code {*name}}.
 */
final class PathVariables {

	private PathVariables() {
	}

	/**
	 * The variable names of a pattern, in order.
	 * @param pattern the pattern, such as {@code /accounts/{accountId}/transfers}
	 * @return the names
	 */
	static List<String> of(String pattern) {
		List<String> names = new ArrayList<>();
		scan(pattern, names, null);
		return names;
	}

	/**
	 * The pattern with every variable written {@code {}}: two patterns of the same shape
	 * match the same paths, whatever their variables are called.
	 * @param pattern the pattern
	 * @return its shape
	 */
	static String shape(String pattern) {
		StringBuilder shape = new StringBuilder();
		scan(pattern, new ArrayList<>(), shape);
		return shape.toString();
	}

	private static void scan(String pattern, List<String> names, @Nullable StringBuilder shape) {
		int depth = 0;
		int start = -1;
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '{') {
				if (depth++ == 0) {
					start = i + 1;
				}
			}
			else if (c == '}' && depth > 0) {
				if (--depth == 0) {
					String variable = pattern.substring(start, i);
					int colon = variable.indexOf(':');
					String name = (colon >= 0) ? variable.substring(0, colon) : variable;
					names.add(name.startsWith("*") ? name.substring(1) : name);
					if (shape != null) {
						shape.append(name.startsWith("*") ? "{*}" : "{}");
					}
				}
			}
			else if (depth == 0 && shape != null) {
				shape.append(c);
			}
		}
	}

}
