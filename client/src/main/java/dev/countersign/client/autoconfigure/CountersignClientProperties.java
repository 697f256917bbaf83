package dev.countersign.client.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Countersign's client side ({@code countersign.client.*}): set {@code issuer} and the
 * application's {@code RestClient.Builder} asks for approval by itself.
 */
@ConfigurationProperties("countersign.client")
public class CountersignClientProperties {

	/**
	 * The Countersign issuer whose approvals the application's calls ask for.
	 */
	private @Nullable String issuer;

	/**
	 * The client's id at the authorization server, for transaction authorization
	 * challenges (with client-secret).
	 */
	private @Nullable String clientId;

	/**
	 * The client's secret (client_secret_basic).
	 */
	private @Nullable String clientSecret;

	/**
	 * The message shown to the user beside the number.
	 */
	private @Nullable String bindingMessage;

	/**
	 * The longest wait for one decision.
	 */
	private Duration maxWait = Duration.ofMinutes(5);

	public @Nullable String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(@Nullable String issuer) {
		this.issuer = issuer;
	}

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public void setClientId(@Nullable String clientId) {
		this.clientId = clientId;
	}

	public @Nullable String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(@Nullable String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public @Nullable String getBindingMessage() {
		return this.bindingMessage;
	}

	public void setBindingMessage(@Nullable String bindingMessage) {
		this.bindingMessage = bindingMessage;
	}

	public Duration getMaxWait() {
		return this.maxWait;
	}

	public void setMaxWait(Duration maxWait) {
		this.maxWait = maxWait;
	}

}
