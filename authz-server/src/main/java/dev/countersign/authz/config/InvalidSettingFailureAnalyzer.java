package dev.countersign.authz.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.countersign.authz.settings.InvalidSettingException;

/**
 * Turns an {@link InvalidSettingException} into Spring Boot's start-up failure report:
 * one line naming the setting, one saying what to do, no stack trace.
 */
final class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
