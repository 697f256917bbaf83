package dev.countersign.authz.config;

import java.time.Clock;
import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.countersign.authz.approval.ActionApprovalRepository;
import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.approval.ApprovalExpirySweeper;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.approval.BackchannelRequests;
import dev.countersign.authz.approval.JdbcActionApprovalRepository;
import dev.countersign.authz.approval.TransactionAuthorizations;
import dev.countersign.authz.approval.authentication.ApprovalConsumptionAuthenticationProvider;
import dev.countersign.authz.approval.authentication.ApprovalRejectionAuthenticationProvider;
import dev.countersign.authz.approval.authentication.ApprovalRequestAuthenticationProvider;
import dev.countersign.authz.approval.authentication.ApprovalStatusAuthenticationProvider;
import dev.countersign.authz.approval.authentication.ApprovalTokenAuthenticationProvider;
import dev.countersign.authz.approval.authentication.BackchannelAuthenticationProvider;
import dev.countersign.authz.approval.authentication.BackchannelUsers;
import dev.countersign.authz.approval.authentication.BaseTokens;
import dev.countersign.authz.approval.authentication.ServedResources;
import dev.countersign.authz.approval.authentication.StoredAccessTokens;
import dev.countersign.authz.approval.authentication.TransactionAuthorizationPollAuthenticationProvider;
import dev.countersign.authz.approval.authentication.TransactionChallengeAuthenticationProvider;
import dev.countersign.authz.approval.authentication.TransactionChallenges;
import dev.countersign.authz.approval.web.ApprovalEndpointsConfigurer;
import dev.countersign.authz.approval.web.ApprovalResponseHandler;
import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.federation.TrustedIssuers;
import dev.countersign.authz.login.LocalSignIn;
import dev.countersign.authz.login.LoginThrottle;
import dev.countersign.authz.notification.ApprovalNotifier;
import dev.countersign.authz.notification.SubjectEmails;
import dev.countersign.authz.rar.ClientCredentialsPolicy;
import dev.countersign.authz.rar.GrantedAuthorizationDetails;
import dev.countersign.authz.rar.RequestedAuthorizationDetails;
import dev.countersign.authz.retention.RetentionPurge;
import dev.countersign.authz.token.RotatedRefreshTokens;

/**
 * Just-In-Time approval: the catalog, the approval and audit stores on PostgreSQL, the
 * service, and the sweep that expires forgotten requests.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ApprovalConfiguration {

	@Bean
	ActionCatalog actionCatalog(CountersignProperties properties) {
		return ActionCatalog.from(properties.actionDefinitions());
	}

	@Bean
	RequestedAuthorizationDetails requestedAuthorizationDetails(ActionCatalog catalog) {
		return new RequestedAuthorizationDetails(catalog);
	}

	@Bean
	ClientCredentialsPolicy clientCredentialsPolicy(ActionCatalog catalog) {
		return new ClientCredentialsPolicy(catalog);
	}

	@Bean
	GrantedAuthorizationDetails grantedAuthorizationDetails(RequestedAuthorizationDetails requested,
			OAuth2AuthorizationConsentService consents, ClientCredentialsPolicy clientCredentials) {
		return new GrantedAuthorizationDetails(requested, consents, clientCredentials);
	}

	@Bean
	ActionApprovalRepository actionApprovalRepository(JdbcOperations jdbc) {
		return new JdbcActionApprovalRepository(jdbc);
	}

	@Bean
	ApprovalLedger approvalLedger(ActionApprovalRepository approvals, AuditLog auditLog,
			PlatformTransactionManager transactionManager, Clock clock, ApprovalNotifier notifier) {
		ApprovalLedger ledger = new ApprovalLedger(approvals, auditLog, new TransactionTemplate(transactionManager));
		ledger.setClock(clock);
		ledger.setStepListener(notifier);
		return ledger;
	}

	@Bean
	ActionApprovalService actionApprovalService(ApprovalLedger ledger, ActionCatalog catalog,
			CountersignProperties properties) {
		return new ActionApprovalService(ledger, catalog, properties.getApprovals().toSettings());
	}

	@Bean
	LoginThrottle loginThrottle(JdbcOperations jdbc, AuditLog auditLog, PlatformTransactionManager transactionManager,
			CountersignProperties properties, Clock clock) {
		LoginThrottle throttle = new LoginThrottle(jdbc, auditLog, new TransactionTemplate(transactionManager),
				properties.getLogin().toSettings());
		throttle.setClock(clock);
		return throttle;
	}

	@Bean
	SchedulingConfigurer loginThrottlePurge(LoginThrottle throttle) {
		return (registrar) -> registrar.addFixedDelayTask(throttle::purgeQuietly, java.time.Duration.ofMinutes(5));
	}

	@Bean
	RotatedRefreshTokens rotatedRefreshTokens(JdbcOperations jdbc) {
		return new RotatedRefreshTokens(jdbc);
	}

	@Bean
	BackchannelRequests backchannelRequests(JdbcOperations jdbc) {
		return new BackchannelRequests(jdbc);
	}

	@Bean
	TransactionAuthorizations transactionAuthorizations(JdbcOperations jdbc) {
		return new TransactionAuthorizations(jdbc);
	}

	/**
	 * Verifies transaction authorization challenges, reading the keys of the catalog's
	 * resources from their protected resource metadata.
	 * @param catalog the catalog
	 * @param settings the server settings
	 * @param properties the properties
	 * @param clock the clock
	 * @return the verifier
	 */
	@Bean
	TransactionChallenges transactionChallenges(ActionCatalog catalog, AuthorizationServerSettings settings,
			CountersignProperties properties, Clock clock) {
		TransactionChallenges challenges = new TransactionChallenges(catalog, RequiredIssuer.of(settings), OutgoingCalls
			.withTimeouts(properties.getFederation().getConnectTimeout(), properties.getFederation().getReadTimeout()));
		challenges.setClock(clock);
		challenges.setMetadataLocations(properties.getResourceMetadata());
		return challenges;
	}

	@Bean
	SubjectEmails subjectEmails(JdbcOperations jdbc) {
		return new SubjectEmails(jdbc);
	}

	/**
	 * Who an OpenID CIBA request names: the hints checked against this server's users,
	 * the trusted issuers, and the server's own signatures (an {@code id_token_hint} may
	 * have expired: only its signature, issuer and audience are checked).
	 * @param users the user store
	 * @param localSignIn whether this server has users of its own
	 * @param trustedIssuers the trusted issuers
	 * @param emails the users' addresses
	 * @param jwkSource the server's keys
	 * @param settings the server settings
	 * @return the hint reader
	 */
	@Bean
	BackchannelUsers backchannelUsers(UserDetailsService users, LocalSignIn localSignIn, TrustedIssuers trustedIssuers,
			SubjectEmails emails, JWKSource<SecurityContext> jwkSource, AuthorizationServerSettings settings) {
		NimbusJwtDecoder idTokens = SigningKeyConfiguration.ownSignatures(jwkSource);
		String issuer = RequiredIssuer.of(settings);
		idTokens.setJwtValidator(
				new DelegatingOAuth2TokenValidator<>(JwtTypeValidator.jwt(), new JwtIssuerValidator(issuer)));
		return new BackchannelUsers(localSignIn.enabled() ? users : null, trustedIssuers, emails, idTokens, issuer);
	}

	/**
	 * The base-token check: this server's tokens looked up by the columns it needs, not
	 * the whole stored authorization.
	 * @param jdbc the database
	 * @param trustedIssuers the trusted issuers
	 * @param clock the clock
	 * @return the check
	 */
	@Bean
	BaseTokens baseTokens(JdbcOperations jdbc, TrustedIssuers trustedIssuers, Clock clock) {
		BaseTokens baseTokens = new BaseTokens(StoredAccessTokens.jdbc(jdbc), trustedIssuers);
		baseTokens.setClock(clock);
		return baseTokens;
	}

	/**
	 * The approval endpoints, for the authorization server's filter chain: a provider per
	 * call, one response handler.
	 * @param ledger the ledger
	 * @param catalog the catalog
	 * @param clients the clients
	 * @param baseTokens the base tokens
	 * @param tokenGenerator the token generator
	 * @param properties the properties
	 * @param clock the clock
	 * @param backchannelRequests the CIBA requests
	 * @param backchannelUsers who CIBA requests name
	 * @param transactionAuthorizations the transaction authorizations
	 * @param transactionChallenges verifies transaction authorization challenges
	 * @param authorizations the OAuth2 authorizations
	 * @return the approval endpoints configurer
	 */
	@Bean
	ApprovalEndpointsConfigurer approvalEndpoints(ApprovalLedger ledger, ActionCatalog catalog,
			RegisteredClientRepository clients, BaseTokens baseTokens, OAuth2TokenGenerator<OAuth2Token> tokenGenerator,
			CountersignProperties properties, Clock clock, BackchannelRequests backchannelRequests,
			BackchannelUsers backchannelUsers, TransactionAuthorizations transactionAuthorizations,
			TransactionChallenges transactionChallenges, OAuth2AuthorizationService authorizations) {
		ApprovalSettings settings = properties.getApprovals().toSettings();
		ApprovalResponseHandler responses = new ApprovalResponseHandler(settings.interval());
		responses.setClock(clock);
		ServedResources served = new ServedResources(clients, properties.getApprovals().getServedResourcesTimeToLive());
		served.setClock(clock);
		return new ApprovalEndpointsConfigurer(List.of(
				new ApprovalRequestAuthenticationProvider(ledger, catalog, clients, baseTokens, settings),
				new ApprovalStatusAuthenticationProvider(ledger, baseTokens),
				new ApprovalTokenAuthenticationProvider(ledger, catalog, clients, baseTokens, tokenGenerator, settings),
				new ApprovalConsumptionAuthenticationProvider(ledger, served),
				new ApprovalRejectionAuthenticationProvider(ledger, served),
				new BackchannelAuthenticationProvider(ledger, catalog, settings, backchannelRequests, backchannelUsers),
				new TransactionChallengeAuthenticationProvider(ledger, catalog, settings, transactionAuthorizations,
						transactionChallenges, backchannelUsers),
				new TransactionAuthorizationPollAuthenticationProvider(ledger, catalog, transactionAuthorizations,
						tokenGenerator, authorizations, settings)),
				responses);
	}

	@Bean
	RetentionPurge retentionPurge(JdbcOperations jdbc, AuditLog auditLog, PlatformTransactionManager transactionManager,
			CountersignProperties properties, Clock clock) {
		RetentionPurge purge = new RetentionPurge(jdbc, auditLog, new TransactionTemplate(transactionManager),
				properties.getRetention().toSettings(properties.getAudit().getReleaseAfter()));
		purge.setClock(clock);
		return purge;
	}

	@Bean
	SchedulingConfigurer retentionPurgeSchedule(RetentionPurge purge, CountersignProperties properties) {
		return (registrar) -> registrar.addFixedDelayTask(purge::purgeQuietly, properties.getRetention().getInterval());
	}

	@Bean
	SchedulingConfigurer approvalExpirySweep(ActionApprovalService approvals, CountersignProperties properties) {
		return (registrar) -> registrar.addFixedDelayTask(new ApprovalExpirySweeper(approvals),
				properties.getApprovals().getExpirySweepInterval());
	}

}
