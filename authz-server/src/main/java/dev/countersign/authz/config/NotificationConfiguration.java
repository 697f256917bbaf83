package dev.countersign.authz.config;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.mail.MailSender;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import dev.countersign.authz.approval.ActionApprovalRepository;
import dev.countersign.authz.approval.BackchannelRequests;
import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.keys.SigningKeys;
import dev.countersign.authz.notification.ApprovalNotifier;
import dev.countersign.authz.notification.EmailChannel;
import dev.countersign.authz.notification.NotificationOutbox;
import dev.countersign.authz.notification.NotificationSettings;
import dev.countersign.authz.notification.NotificationWorker;
import dev.countersign.authz.notification.PingChannel;
import dev.countersign.authz.notification.SubjectEmails;
import dev.countersign.authz.notification.WebhookChannel;

/**
 * Notifications of decoupled approval: the outbox, its worker and the channels (the
 * deployment's webhook, e-mail to users, the CIBA ping of clients).
 */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

	@Bean
	NotificationOutbox notificationOutbox(JdbcOperations jdbc) {
		return new NotificationOutbox(jdbc);
	}

	@Bean
	NotificationWorker notificationWorker(NotificationOutbox outbox, AuditLog audit, ActionApprovalRepository approvals,
			PlatformTransactionManager transactionManager, CountersignProperties properties, JwtEncoder jwtEncoder,
			SigningKeys signingKeys, AuthorizationServerSettings serverSettings, ObjectProvider<MailSender> mail,
			Clock clock) {
		NotificationSettings settings = properties.getNotifications().toSettings();
		RestClient rest = OutgoingCalls.withTimeouts(settings.timeout(), settings.timeout());
		NotificationWorker worker = new NotificationWorker(outbox,
				List.of(new WebhookChannel(rest, jwtEncoder, RequiredIssuer.of(serverSettings),
						signingKeys.signingAlgorithm(), clock), new PingChannel(rest),
						new EmailChannel(mail.getIfAvailable(), settings.emailFrom())),
				audit, approvals, new TransactionTemplate(transactionManager), settings);
		worker.setClock(clock);
		return worker;
	}

	@Bean
	ApprovalNotifier approvalNotifier(NotificationOutbox outbox, SubjectEmails emails, BackchannelRequests backchannel,
			RegisteredClientRepository clients, ActionCatalog catalog, CountersignProperties properties,
			AuthorizationServerSettings serverSettings, NotificationWorker worker) {
		return new ApprovalNotifier(outbox, emails, backchannel, clients, catalog,
				properties.getNotifications().toSettings(), RequiredIssuer.of(serverSettings), worker::wake);
	}

}
