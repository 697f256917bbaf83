package dev.countersign.core.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * Spring Boot's {@code %wEx} (a stack trace with packaging data, set off by blank lines)
 * with {@link CredentialMask} applied: exception messages are where libraries put request
 * data.
 */
public final class MaskingThrowableConverter extends ExtendedThrowableProxyConverter {

	@Override
	protected String throwableProxyToString(IThrowableProxy tp) {
		return CoreConstants.LINE_SEPARATOR + CredentialMask.mask(super.throwableProxyToString(tp))
				+ CoreConstants.LINE_SEPARATOR;
	}

}
