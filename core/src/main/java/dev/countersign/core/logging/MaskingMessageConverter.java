package dev.countersign.core.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.jspecify.annotations.Nullable;

/**
 * Logback's {@code %m}, {@code %msg}, {@code %message} with {@link CredentialMask}
 * applied: declare it in {@code logback-spring.xml} with
 * {@code <conversionRule conversionWord="m" class=
 * "dev.countersign.core.logging.MaskingMessageConverter"/>} (and {@code msg},
 * {@code message}).
 */
public final class MaskingMessageConverter extends MessageConverter {

	@Override
	public @Nullable String convert(ILoggingEvent event) {
		return CredentialMask.mask(super.convert(event));
	}

}
