package dev.countersign.authz.notification;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationSettingsTests {

	private final NotificationSettings settings = new NotificationSettings(null, false, "countersign@localhost",
			Duration.ofSeconds(5), Duration.ofSeconds(1), 50, Duration.ofSeconds(1), Duration.ofSeconds(30), 12,
			Duration.ofMinutes(1), 4);

	@Test
	void backoffWhenFailuresGrowThenDoublesUpToTheMaximum() {
		assertThat(this.settings.backoff(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.settings.backoff(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.settings.backoff(5)).isEqualTo(Duration.ofSeconds(16));
		assertThat(this.settings.backoff(6)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.settings.backoff(1000)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void isAddressWhenHeaderOrWhiteSpaceThenNot() {
		assertThat(SubjectEmails.isAddress("alice@example.com")).isTrue();
		assertThat(SubjectEmails.isAddress("alice@example.com\r\nBcc: mallory@example.com")).isFalse();
		assertThat(SubjectEmails.isAddress("alice smith@example.com")).isFalse();
		assertThat(SubjectEmails.isAddress("alice")).isFalse();
		assertThat(SubjectEmails.isAddress(null)).isFalse();
	}

}
