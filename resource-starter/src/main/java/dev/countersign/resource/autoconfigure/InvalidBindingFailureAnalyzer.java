package dev.countersign.resource.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.countersign.resource.web.InvalidBindingException;

/**
 * Turns a route binding that cannot be checked into Spring Boot's "APPLICATION FAILED TO
 * START" report: the binding and what is wrong with it, and what to do.
 */
final class InvalidBindingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidBindingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidBindingException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
