package dev.countersign.authz.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.bootstrap.BootstrapClient;
import dev.countersign.authz.bootstrap.BootstrapData;
import dev.countersign.authz.bootstrap.BootstrapSettings;
import dev.countersign.authz.bootstrap.BootstrapUser;
import dev.countersign.authz.catalog.ActionDefinition;
import dev.countersign.authz.catalog.ActionMode;
import dev.countersign.authz.catalog.ParameterDefinition;
import dev.countersign.authz.federation.FederationSettings;
import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.keys.SigningKeySettings;
import dev.countersign.authz.login.LoginThrottleSettings;
import dev.countersign.authz.notification.NotificationSettings;
import dev.countersign.authz.notification.SubjectEmails;
import dev.countersign.authz.retention.RetentionSettings;
import dev.countersign.authz.settings.InvalidSettingException;

/**
 * Settings of the Countersign authorization server, under {@code countersign}.
 */
@ConfigurationProperties("countersign")
public class CountersignProperties {

	private final Keys keys = new Keys();

	private final EmbeddedDatabase embeddedDatabase = new EmbeddedDatabase();

	private final Bootstrap bootstrap = new Bootstrap();

	/**
	 * The action catalog: action types by name. Names with dots need brackets in
	 * properties files: {@code countersign.actions[payments.transfer].display-name}.
	 */
	private final Map<String, Action> actions = new LinkedHashMap<>();

	private final Approvals approvals = new Approvals();

	private final Login login = new Login();

	private final Database database = new Database();

	private final Federation federation = new Federation();

	private final Notifications notifications = new Notifications();

	private final Retention retention = new Retention();

	private final Audit audit = new Audit();

	/**
	 * Where to read the protected resource metadata (RFC 9728) of resources whose
	 * identifier is not their address, by resource identifier
	 * (countersign.resource-metadata[https://api.example]=https://gateway.example/.well-known/oauth-protected-resource).
	 * Default: the well-known URL of the identifier.
	 */
	private final Map<String, String> resourceMetadata = new LinkedHashMap<>();

	public Keys getKeys() {
		return this.keys;
	}

	public EmbeddedDatabase getEmbeddedDatabase() {
		return this.embeddedDatabase;
	}

	public Bootstrap getBootstrap() {
		return this.bootstrap;
	}

	public Map<String, Action> getActions() {
		return this.actions;
	}

	public Database getDatabase() {
		return this.database;
	}

	public Federation getFederation() {
		return this.federation;
	}

	public Notifications getNotifications() {
		return this.notifications;
	}

	public Retention getRetention() {
		return this.retention;
	}

	public Audit getAudit() {
		return this.audit;
	}

	public Map<String, String> getResourceMetadata() {
		return this.resourceMetadata;
	}

	/**
	 * The catalog's definitions, in the configured order.
	 * @return the action definitions by type name
	 */
	public Map<String, ActionDefinition> actionDefinitions() {
		return definitions(this.actions);
	}

	/**
	 * Definitions of configured actions.
	 * @param actions the actions by type name
	 * @return their definitions, in the same order
	 */
	public static Map<String, ActionDefinition> definitions(Map<String, Action> actions) {
		Map<String, ActionDefinition> definitions = new LinkedHashMap<>();
		actions.forEach((name, action) -> definitions.put(name, action.toDefinition()));
		return definitions;
	}

	public Login getLogin() {
		return this.login;
	}

	public Approvals getApprovals() {
		return this.approvals;
	}

	private static Duration requirePositive(Duration value, String name) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return value;
	}

	private static int requireAtLeast(int value, int minimum, String name) {
		if (value < minimum) {
			throw new IllegalArgumentException(name + " must be at least " + minimum);
		}
		return value;
	}

	private static Duration requireNotNegative(Duration value, String name) {
		if (value.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative");
		}
		return value;
	}

	/**
	 * An action type a client may ask approval for.
	 */
	public static class Action {

		/**
		 * Name shown to the user, such as "Transfer money".
		 */
		private @Nullable String displayName;

		/**
		 * Sentence shown to the user, with {parameter} placeholders, such as "Transfer
		 * {amount} {currency} from {fromAccount} to {toIban}".
		 */
		private @Nullable String displayTemplate;

		/**
		 * Resource indicator (RFC 8707) of the API the action belongs to; the action
		 * token's audience.
		 */
		private @Nullable String resource;

		/**
		 * Lifetime of action tokens for this type; at most 10 minutes.
		 */
		private Duration tokenLifetime = Duration.ofSeconds(60);

		/**
		 * How the API's routes check this type: jit (one call, approved Just-In-Time) or
		 * grant (query-level approval). Decides what a decoupled approval (OpenID CIBA)
		 * issues: a single-use transaction access token, or an ordinary access token
		 * carrying the granted entry.
		 */
		private ActionMode mode = ActionMode.JIT;

		/**
		 * How recent the user's login must be to approve; older logins must sign in
		 * again. Unset: any login.
		 */
		private @Nullable Duration maxAge;

		/**
		 * Authentication context classes an approving sign-in at a trusted issuer must
		 * have one of, in order of preference; sent as acr_values and checked against the
		 * ID token's acr. Empty: any.
		 */
		private List<String> acr = new ArrayList<>();

		/**
		 * Body members a request may name in "fields" to restrict what the call may set.
		 * Empty: "fields" is not allowed.
		 */
		private List<String> fields = new ArrayList<>();

		/**
		 * Parameters by name.
		 */
		private final Map<String, Parameter> parameters = new LinkedHashMap<>();

		public @Nullable String getDisplayName() {
			return this.displayName;
		}

		public void setDisplayName(@Nullable String displayName) {
			this.displayName = displayName;
		}

		public @Nullable String getDisplayTemplate() {
			return this.displayTemplate;
		}

		public void setDisplayTemplate(@Nullable String displayTemplate) {
			this.displayTemplate = displayTemplate;
		}

		public @Nullable String getResource() {
			return this.resource;
		}

		public void setResource(@Nullable String resource) {
			this.resource = resource;
		}

		public Duration getTokenLifetime() {
			return this.tokenLifetime;
		}

		public void setTokenLifetime(Duration tokenLifetime) {
			this.tokenLifetime = tokenLifetime;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

		public List<String> getAcr() {
			return this.acr;
		}

		public void setAcr(List<String> acr) {
			this.acr = acr;
		}

		public ActionMode getMode() {
			return this.mode;
		}

		public void setMode(ActionMode mode) {
			this.mode = mode;
		}

		public List<String> getFields() {
			return this.fields;
		}

		public void setFields(List<String> fields) {
			this.fields = fields;
		}

		public Map<String, Parameter> getParameters() {
			return this.parameters;
		}

		/**
		 * The definition the catalog is built from.
		 * @return the definition
		 */
		public ActionDefinition toDefinition() {
			Map<String, ParameterDefinition> definitions = new LinkedHashMap<>();
			this.parameters.forEach((name, parameter) -> definitions.put(name, parameter.toDefinition()));
			return new ActionDefinition(this.displayName, this.displayTemplate, this.resource, this.tokenLifetime,
					this.maxAge, this.fields, definitions, this.acr, this.mode);
		}

	}

	/**
	 * A parameter of an action type.
	 */
	public static class Parameter {

		/**
		 * Type: string, decimal, integer or boolean.
		 */
		private String type = "string";

		/**
		 * Whether a request must give the parameter.
		 */
		private boolean required = true;

		/**
		 * Longest string, in Unicode code points (strings only).
		 */
		private @Nullable Integer maxLength;

		/**
		 * Smallest value (decimals and integers only).
		 */
		private @Nullable BigDecimal min;

		/**
		 * Largest value (decimals and integers only).
		 */
		private @Nullable BigDecimal max;

		/**
		 * Regular expression the whole string must match (strings only).
		 */
		private @Nullable String pattern;

		/**
		 * Constraint operators a granted authorization_details entry may use for this
		 * parameter instead of one value: in (any type), min and max (decimals and
		 * integers), prefix (strings). Empty: only exact values.
		 */
		private List<String> operators = new ArrayList<>();

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			this.type = type;
		}

		public boolean isRequired() {
			return this.required;
		}

		public void setRequired(boolean required) {
			this.required = required;
		}

		public @Nullable Integer getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(@Nullable Integer maxLength) {
			this.maxLength = maxLength;
		}

		public @Nullable BigDecimal getMin() {
			return this.min;
		}

		public void setMin(@Nullable BigDecimal min) {
			this.min = min;
		}

		public @Nullable BigDecimal getMax() {
			return this.max;
		}

		public void setMax(@Nullable BigDecimal max) {
			this.max = max;
		}

		public @Nullable String getPattern() {
			return this.pattern;
		}

		public void setPattern(@Nullable String pattern) {
			this.pattern = pattern;
		}

		public List<String> getOperators() {
			return this.operators;
		}

		public void setOperators(List<String> operators) {
			this.operators = operators;
		}

		public ParameterDefinition toDefinition() {
			return new ParameterDefinition(this.type, this.required, this.maxLength, this.min, this.max, this.pattern,
					this.operators);
		}

	}

	/**
	 * The audit log's sealing, checkpoints and segment retention.
	 */
	public static class Audit {

		/**
		 * How often each instance looks for appended events to link into the hash chain
		 * (one instance seals at a time). Defaults to 200ms.
		 */
		private Duration sealInterval = Duration.ofMillis(200);

		/**
		 * Events linked per transaction. Defaults to 1000.
		 */
		private int sealBatchSize = 1000;

		/**
		 * How often the chain head is signed as a checkpoint while events arrive.
		 * Defaults to 1m.
		 */
		private Duration checkpointInterval = Duration.ofMinutes(1);

		/**
		 * How long the chain is kept in the database after a checkpoint; older segments
		 * are removed by the retention purge, whole and oldest first, only up to a
		 * checkpoint that an export (GET /audit/export) covered. Never removed when
		 * unset.
		 */
		private @Nullable Duration releaseAfter;

		public Duration getSealInterval() {
			return this.sealInterval;
		}

		public void setSealInterval(Duration sealInterval) {
			this.sealInterval = sealInterval;
		}

		public int getSealBatchSize() {
			return this.sealBatchSize;
		}

		public void setSealBatchSize(int sealBatchSize) {
			this.sealBatchSize = sealBatchSize;
		}

		public Duration getCheckpointInterval() {
			return this.checkpointInterval;
		}

		public void setCheckpointInterval(Duration checkpointInterval) {
			this.checkpointInterval = checkpointInterval;
		}

		public @Nullable Duration getReleaseAfter() {
			return this.releaseAfter;
		}

		public void setReleaseAfter(@Nullable Duration releaseAfter) {
			this.releaseAfter = releaseAfter;
		}

		/**
		 * Checks the values.
		 * @throws InvalidSettingException when one is out of range
		 */
		public void validate() {
			if (this.sealBatchSize < 1 || (this.sealInterval.isNegative() || this.sealInterval.isZero())
					|| (this.checkpointInterval.isNegative() || this.checkpointInterval.isZero())
					|| (this.releaseAfter != null && this.releaseAfter.isNegative())) {
				throw new InvalidSettingException("countersign.audit",
						"has a seal-batch-size below 1, an interval that is not positive or a negative release-after",
						"Give positive values.");
			}
		}

	}

	/**
	 * How long what has ended is kept; purged in batches, one instance at a time.
	 */
	public static class Retention {

		/**
		 * How long an authorization is kept after its last token expired.
		 */
		private Duration authorizations = Duration.ofDays(7);

		/**
		 * How long an approval is kept after it could lead to nothing more (denied,
		 * expired, revoked, or its token expired); its audit events stay.
		 */
		private Duration approvals = Duration.ofDays(30);

		/**
		 * How long a delivered or abandoned notification is kept.
		 */
		private Duration notifications = Duration.ofDays(7);

		/**
		 * How often the purge runs.
		 */
		private Duration interval = Duration.ofHours(1);

		/**
		 * Rows one statement deletes.
		 */
		private int batchSize = 5000;

		public Duration getAuthorizations() {
			return this.authorizations;
		}

		public void setAuthorizations(Duration authorizations) {
			this.authorizations = authorizations;
		}

		public Duration getApprovals() {
			return this.approvals;
		}

		public void setApprovals(Duration approvals) {
			this.approvals = approvals;
		}

		public Duration getNotifications() {
			return this.notifications;
		}

		public void setNotifications(Duration notifications) {
			this.notifications = notifications;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		/**
		 * The settings of the purge.
		 * @param auditReleaseAfter {@code countersign.audit.release-after}
		 * @return the settings
		 */
		public RetentionSettings toSettings(@Nullable Duration auditReleaseAfter) {
			if (this.batchSize < 1 || this.authorizations.isNegative() || this.approvals.isNegative()
					|| this.notifications.isNegative()) {
				throw new InvalidSettingException("countersign.retention",
						"has a negative retention or a batch-size below 1", "Give positive values.");
			}
			return new RetentionSettings(this.authorizations, this.approvals, this.notifications, this.interval,
					this.batchSize, auditReleaseAfter);
		}

	}

	/**
	 * How users are reached when an approval waits for them, and how the outbox of those
	 * notifications is delivered.
	 */
	public static class Notifications {

		/**
		 * URL every new approval is POSTed to, as a JWS signed with the server's key (typ
		 * approval-notification+jwt); https, or http on a loopback address. Unset: no
		 * webhook.
		 */
		private @Nullable String webhookUrl;

		/**
		 * Whether users get an e-mail for each approval that waits for them, at the
		 * address of the user store or of their last ID token. Sent over SMTP when
		 * spring.mail.host is set, else written to the log.
		 */
		private boolean email;

		/**
		 * Sender of those e-mails.
		 */
		private String emailFrom = "countersign@localhost";

		/**
		 * Longest time one delivery may take (connect and read).
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * How often the worker looks for due notifications when nothing woke it.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * Notifications one worker claims at a time.
		 */
		private int batchSize = 50;

		/**
		 * Wait after the first failed delivery; doubled after each further failure.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxBackoff = Duration.ofMinutes(10);

		/**
		 * Attempts before a notification is abandoned (audited as
		 * notification-abandoned).
		 */
		private int maxAttempts = 12;

		/**
		 * How long a claimed notification is held by its worker before another instance
		 * may try it.
		 */
		private Duration lease = Duration.ofMinutes(1);

		/**
		 * Deliveries of one batch that run at once (each instance).
		 */
		private int concurrency = 4;

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable String getWebhookUrl() {
			return this.webhookUrl;
		}

		public void setWebhookUrl(@Nullable String webhookUrl) {
			this.webhookUrl = webhookUrl;
		}

		public boolean isEmail() {
			return this.email;
		}

		public void setEmail(boolean email) {
			this.email = email;
		}

		public String getEmailFrom() {
			return this.emailFrom;
		}

		public void setEmailFrom(String emailFrom) {
			this.emailFrom = emailFrom;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public NotificationSettings toSettings() {
			String prefix = "countersign.notifications.";
			if (this.webhookUrl != null && !BootstrapData.isHttpUrl(this.webhookUrl)) {
				throw new InvalidSettingException(prefix + "webhook-url", "is '" + this.webhookUrl + "'",
						"Give an https URL (or http on a loopback address).");
			}
			if (!SubjectEmails.isAddress(this.emailFrom)) {
				throw new InvalidSettingException(prefix + "email-from", "is '" + this.emailFrom + "'",
						"Give a plain address such as countersign@example.com.");
			}
			if (this.batchSize < 1 || this.maxAttempts < 1 || this.concurrency < 1) {
				throw new InvalidSettingException(prefix + "batch-size",
						"max-attempts and concurrency must be positive (" + this.batchSize + ", " + this.maxAttempts
								+ ", " + this.concurrency + ")",
						"Give positive numbers.");
			}
			if (this.lease.compareTo(this.timeout) <= 0) {
				throw new InvalidSettingException(prefix + "lease", "is not longer than the timeout",
						"Give a lease longer than one delivery's timeout.");
			}
			return new NotificationSettings(this.webhookUrl, this.email, this.emailFrom, this.timeout,
					this.pollInterval, this.batchSize, this.initialBackoff, this.maxBackoff, this.maxAttempts,
					this.lease, this.concurrency);
		}

	}

	public static class Approvals {

		/**
		 * How long the user has to decide, and the client to fetch the token, after a
		 * request.
		 */
		private Duration requestLifetime = Duration.ofMinutes(5);

		/**
		 * Minimum time between two polls of the token endpoint for one approval; faster
		 * polls get slow_down.
		 */
		private Duration interval = Duration.ofSeconds(5);

		/**
		 * Most undecided approvals one user may have at once.
		 */
		private int maxPendingPerSubject = 5;

		/**
		 * Most approval requests for one user within the rate window.
		 */
		private int maxRequestsPerWindow = 20;

		/**
		 * The window of the per-user request rate.
		 */
		private Duration rateWindow = Duration.ofMinutes(1);

		/**
		 * Wrong number picks that deny an approval. The default, 1, denies at the first
		 * wrong pick: with 9 choices a guess then succeeds 1 time in 9.
		 */
		private int maxFailedAttempts = 1;

		/**
		 * How many numbers the approval page offers (one of them the right one), drawn
		 * once per approval; 3 to 12.
		 */
		private int numberChoices = 9;

		/**
		 * How often undecided approvals past their lifetime are marked expired (and
		 * audited).
		 */
		private Duration expirySweepInterval = Duration.ofSeconds(10);

		/**
		 * How long the consume and rejection endpoints keep a resource server's served
		 * resources before reading its registered client again; a change of them is seen
		 * by every instance within this time. 0 reads the client on every call.
		 */
		private Duration servedResourcesTimeToLive = Duration.ofSeconds(10);

		public Duration getServedResourcesTimeToLive() {
			return this.servedResourcesTimeToLive;
		}

		public void setServedResourcesTimeToLive(Duration servedResourcesTimeToLive) {
			this.servedResourcesTimeToLive = servedResourcesTimeToLive;
		}

		public Duration getRequestLifetime() {
			return this.requestLifetime;
		}

		public void setRequestLifetime(Duration requestLifetime) {
			this.requestLifetime = requirePositive(requestLifetime, "countersign.approvals.request-lifetime");
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = requireNotNegative(interval, "countersign.approvals.interval");
		}

		public int getMaxPendingPerSubject() {
			return this.maxPendingPerSubject;
		}

		public void setMaxPendingPerSubject(int maxPendingPerSubject) {
			this.maxPendingPerSubject = requireAtLeast(maxPendingPerSubject, 1,
					"countersign.approvals.max-pending-per-subject");
		}

		public int getMaxRequestsPerWindow() {
			return this.maxRequestsPerWindow;
		}

		public void setMaxRequestsPerWindow(int maxRequestsPerWindow) {
			this.maxRequestsPerWindow = requireAtLeast(maxRequestsPerWindow, 1,
					"countersign.approvals.max-requests-per-window");
		}

		public Duration getRateWindow() {
			return this.rateWindow;
		}

		public void setRateWindow(Duration rateWindow) {
			this.rateWindow = requirePositive(rateWindow, "countersign.approvals.rate-window");
		}

		public int getMaxFailedAttempts() {
			return this.maxFailedAttempts;
		}

		public void setMaxFailedAttempts(int maxFailedAttempts) {
			this.maxFailedAttempts = requireAtLeast(maxFailedAttempts, 1, "countersign.approvals.max-failed-attempts");
		}

		public int getNumberChoices() {
			return this.numberChoices;
		}

		public void setNumberChoices(int numberChoices) {
			if (numberChoices < 3 || numberChoices > 12) {
				throw new IllegalArgumentException("countersign.approvals.number-choices must be between 3 and 12");
			}
			this.numberChoices = numberChoices;
		}

		public Duration getExpirySweepInterval() {
			return this.expirySweepInterval;
		}

		public void setExpirySweepInterval(Duration expirySweepInterval) {
			this.expirySweepInterval = requirePositive(expirySweepInterval,
					"countersign.approvals.expiry-sweep-interval");
		}

		public ApprovalSettings toSettings() {
			return new ApprovalSettings(this.requestLifetime, this.interval, this.maxPendingPerSubject,
					this.maxRequestsPerWindow, this.rateWindow, this.maxFailedAttempts, this.numberChoices,
					this.expirySweepInterval);
		}

	}

	/**
	 * The database roles.
	 */
	/**
	 * Identity providers beside Countersign whose access tokens are base tokens here.
	 */
	public static class Federation {

		/**
		 * Trusted issuers by name.
		 */
		private final Map<String, Issuer> issuers = new LinkedHashMap<>();

		/**
		 * Clock skew tolerated on a trusted issuer's token lifetime.
		 */
		private Duration clockSkew = Duration.ofSeconds(60);

		/**
		 * How long connecting to a trusted issuer (metadata, keys) may take.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * How long a trusted issuer may take to answer.
		 */
		private Duration readTimeout = Duration.ofSeconds(5);

		/**
		 * How soon an issuer that could not be reached is asked again; its tokens get 503
		 * meanwhile.
		 */
		private Duration retryInterval = Duration.ofSeconds(5);

		public Map<String, Issuer> getIssuers() {
			return this.issuers;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
				throw new IllegalArgumentException("countersign.federation.clock-skew must be between 0 and 5 minutes");
			}
			this.clockSkew = clockSkew;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = requirePositive(connectTimeout, "countersign.federation.connect-timeout");
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = requirePositive(readTimeout, "countersign.federation.read-timeout");
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = requirePositive(retryInterval, "countersign.federation.retry-interval");
		}

		/**
		 * The settings the federation takes.
		 * @param defaultAudiences the audiences of an entry that names none: the
		 * catalog's resources
		 * @return the settings
		 * @throws InvalidSettingException naming an entry without {@code issuer-uri}
		 */
		public FederationSettings toSettings(java.util.Set<String> defaultAudiences) {
			List<TrustedIssuer> trusted = new ArrayList<>();
			this.issuers.forEach((name, issuer) -> trusted.add(issuer.toTrustedIssuer(name, defaultAudiences)));
			return new FederationSettings(trusted, this.clockSkew, this.connectTimeout, this.readTimeout,
					this.retryInterval);
		}

		/**
		 * One trusted issuer.
		 */
		public static class Issuer {

			/**
			 * The issuer identifier: its tokens' iss, from which its metadata and keys
			 * are discovered.
			 */
			private @Nullable String issuerUri;

			/**
			 * Audiences a base token must name one of; by default the catalog's
			 * resources.
			 */
			private List<String> audiences = new ArrayList<>();

			/**
			 * The claim that names the user.
			 */
			private String subjectClaim = "sub";

			/**
			 * The claim that names the client; by default client_id, else azp.
			 */
			private @Nullable String clientClaim;

			/**
			 * Whether base tokens must be typed at+jwt (RFC 9068); many identity
			 * providers send JWT.
			 */
			private boolean requireTypedTokens = true;

			/**
			 * The action types this issuer's clients may ask for; none unless listed.
			 */
			private List<String> authorizationDetailsTypes = new ArrayList<>();

			/**
			 * The client Countersign signs users in with at this issuer (OpenID Connect
			 * code flow with PKCE); unset, the approval page does not sign its users in.
			 */
			private @Nullable String clientId;

			/**
			 * Its secret.
			 */
			private @Nullable String clientSecret;

			/**
			 * Whether each base token is also asked of the issuer's introspection
			 * endpoint (RFC 7662, with client-id and client-secret), so a token it
			 * revoked is refused before it expires.
			 */
			private boolean introspect;

			/**
			 * How long the issuer's answer that a base token is active is kept.
			 */
			private Duration introspectionCache = Duration.ofSeconds(30);

			public boolean isIntrospect() {
				return this.introspect;
			}

			public void setIntrospect(boolean introspect) {
				this.introspect = introspect;
			}

			public Duration getIntrospectionCache() {
				return this.introspectionCache;
			}

			public void setIntrospectionCache(Duration introspectionCache) {
				if (introspectionCache.isNegative()) {
					throw new IllegalArgumentException("introspection-cache must not be negative");
				}
				this.introspectionCache = introspectionCache;
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

			public @Nullable String getIssuerUri() {
				return this.issuerUri;
			}

			public void setIssuerUri(@Nullable String issuerUri) {
				this.issuerUri = issuerUri;
			}

			public List<String> getAudiences() {
				return this.audiences;
			}

			public void setAudiences(List<String> audiences) {
				this.audiences = audiences;
			}

			public String getSubjectClaim() {
				return this.subjectClaim;
			}

			public void setSubjectClaim(String subjectClaim) {
				this.subjectClaim = subjectClaim;
			}

			public @Nullable String getClientClaim() {
				return this.clientClaim;
			}

			public void setClientClaim(@Nullable String clientClaim) {
				this.clientClaim = clientClaim;
			}

			public boolean isRequireTypedTokens() {
				return this.requireTypedTokens;
			}

			public void setRequireTypedTokens(boolean requireTypedTokens) {
				this.requireTypedTokens = requireTypedTokens;
			}

			public List<String> getAuthorizationDetailsTypes() {
				return this.authorizationDetailsTypes;
			}

			public void setAuthorizationDetailsTypes(List<String> authorizationDetailsTypes) {
				this.authorizationDetailsTypes = authorizationDetailsTypes;
			}

			TrustedIssuer toTrustedIssuer(String name, java.util.Set<String> defaultAudiences) {
				String prefix = "countersign.federation.issuers." + name + ".";
				if (this.issuerUri == null || this.issuerUri.isBlank()) {
					throw new InvalidSettingException(prefix + "issuer-uri", "is not set",
							"Set it to the identity provider's issuer identifier, exactly as its tokens' iss, such as "
									+ "https://keycloak.example/realms/bank.");
				}
				if (this.subjectClaim == null || this.subjectClaim.isBlank()) {
					throw new InvalidSettingException(prefix + "subject-claim", "is empty",
							"Name the claim of the identity provider's access tokens that names the user, such as sub.");
				}
				if (this.clientId != null && !this.clientId.isBlank()
						&& (this.clientSecret == null || this.clientSecret.isBlank())) {
					throw new InvalidSettingException(prefix + "client-secret", "is not set",
							"Set the secret of client " + this.clientId + " at the identity provider, or leave "
									+ prefix + "client-id unset.");
				}
				if (this.introspect && (this.clientId == null || this.clientId.isBlank())) {
					throw new InvalidSettingException(prefix + "client-id", "is not set, and introspect is on",
							"Set the client Countersign authenticates with at the identity provider's introspection "
									+ "endpoint (and its client-secret), or turn introspect off.");
				}
				java.util.Set<String> audience = this.audiences.isEmpty() ? defaultAudiences
						: new java.util.LinkedHashSet<>(this.audiences);
				if (audience.isEmpty()) {
					throw new InvalidSettingException(prefix + "audiences",
							"is empty and the catalog names no resource",
							"List the audiences this issuer's base tokens carry for the APIs.");
				}
				return new TrustedIssuer(name, this.issuerUri, audience, this.subjectClaim,
						(this.clientClaim != null && !this.clientClaim.isBlank()) ? this.clientClaim : null,
						this.requireTypedTokens, new java.util.LinkedHashSet<>(this.authorizationDetailsTypes),
						(this.clientId != null && !this.clientId.isBlank()) ? this.clientId : null, this.clientSecret,
						this.introspect ? this.introspectionCache : null);
			}

		}

	}

	public static class Database {

		/**
		 * The role the application connects as (spring.datasource.username) when
		 * migrations run as another, the schema's owner (spring.flyway.user): after each
		 * migration it is granted what it needs, and on audit_event only SELECT and
		 * INSERT, so the application can neither change nor remove audit events nor drop
		 * the trigger that guards them. Empty: one role does both (development).
		 */
		private String applicationRole = "";

		public String getApplicationRole() {
			return this.applicationRole;
		}

		public void setApplicationRole(String applicationRole) {
			if (!applicationRole.isEmpty() && !applicationRole.matches("[a-z_][a-z0-9_]{0,62}")) {
				throw new IllegalArgumentException(
						"countersign.database.application-role must be a lower-case PostgreSQL role name");
			}
			this.applicationRole = applicationRole;
		}

	}

	/**
	 * Throttling of password sign-ins and client-secret authentications.
	 */
	public static class Login {

		/**
		 * Failed attempts of one account (user or client) within the failure window that
		 * lock it out.
		 */
		/**
		 * How long a client secret that verified is remembered (as an HMAC), so a client
		 * authenticating on every call pays BCrypt once per this time; 0 to check every
		 * time.
		 */
		private Duration verifiedSecretLifetime = Duration.ofMinutes(10);

		public Duration getVerifiedSecretLifetime() {
			return this.verifiedSecretLifetime;
		}

		public void setVerifiedSecretLifetime(Duration verifiedSecretLifetime) {
			this.verifiedSecretLifetime = verifiedSecretLifetime;
		}

		private int maxFailuresPerAccount = 5;

		/**
		 * Failed attempts from one address within the failure window that lock it out.
		 */
		private int maxFailuresPerAddress = 50;

		/**
		 * The first lock-out; each further failure doubles it.
		 */
		private Duration lockout = Duration.ofMinutes(1);

		/**
		 * The longest lock-out.
		 */
		private Duration maxLockout = Duration.ofMinutes(15);

		/**
		 * How long a failure is remembered; after it the count starts again.
		 */
		private Duration failureWindow = Duration.ofMinutes(15);

		public int getMaxFailuresPerAccount() {
			return this.maxFailuresPerAccount;
		}

		public void setMaxFailuresPerAccount(int maxFailuresPerAccount) {
			this.maxFailuresPerAccount = requireAtLeast(maxFailuresPerAccount, 1,
					"countersign.login.max-failures-per-account");
		}

		public int getMaxFailuresPerAddress() {
			return this.maxFailuresPerAddress;
		}

		public void setMaxFailuresPerAddress(int maxFailuresPerAddress) {
			this.maxFailuresPerAddress = requireAtLeast(maxFailuresPerAddress, 1,
					"countersign.login.max-failures-per-address");
		}

		public Duration getLockout() {
			return this.lockout;
		}

		public void setLockout(Duration lockout) {
			this.lockout = requirePositive(lockout, "countersign.login.lockout");
		}

		public Duration getMaxLockout() {
			return this.maxLockout;
		}

		public void setMaxLockout(Duration maxLockout) {
			this.maxLockout = requirePositive(maxLockout, "countersign.login.max-lockout");
		}

		public Duration getFailureWindow() {
			return this.failureWindow;
		}

		public void setFailureWindow(Duration failureWindow) {
			this.failureWindow = requirePositive(failureWindow, "countersign.login.failure-window");
		}

		public LoginThrottleSettings toSettings() {
			return new LoginThrottleSettings(this.maxFailuresPerAccount, this.maxFailuresPerAddress, this.lockout,
					this.maxLockout, this.failureWindow);
		}

	}

	/**
	 * Signing keys.
	 */
	public static class Keys {

		/**
		 * Base64 encoded 256-bit AES key that encrypts the private parts of the signing
		 * keys stored in the database (for example the output of
		 * {@code openssl rand -base64 32}). Required; keep it out of the database.
		 */
		private @Nullable String encryptionKey;

		/**
		 * JWS algorithm of new signing keys: RS256, RS384, RS512, PS256, ES256, ES384 or
		 * ES512.
		 */
		private String algorithm = "RS256";

		/**
		 * Modulus length of new RSA keys, in bits.
		 */
		private int rsaKeySize = 2048;

		/**
		 * How long an instance serves its cached copy of the key table before reading it
		 * again, so that a key added through another instance is seen.
		 */
		private Duration refreshInterval = Duration.ofSeconds(30);

		/**
		 * How long after a rotation the new key starts signing. It is published at once;
		 * the delay lets every instance and every resource server learn it before the
		 * first token signed with it arrives. Use at least the refresh interval when
		 * several instances run.
		 */
		private Duration activationDelay = Duration.ZERO;

		/**
		 * How long a replaced key keeps verifying after its successor starts signing. Use
		 * more than the longest token lifetime.
		 */
		private Duration retireAfter = Duration.ofDays(1);

		public @Nullable String getEncryptionKey() {
			return this.encryptionKey;
		}

		public void setEncryptionKey(@Nullable String encryptionKey) {
			this.encryptionKey = encryptionKey;
		}

		public String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(String algorithm) {
			this.algorithm = algorithm;
		}

		public int getRsaKeySize() {
			return this.rsaKeySize;
		}

		public void setRsaKeySize(int rsaKeySize) {
			if (rsaKeySize < 2048) {
				throw new IllegalArgumentException("countersign.keys.rsa-key-size must be at least 2048");
			}
			this.rsaKeySize = rsaKeySize;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = requireNotNegative(refreshInterval, "countersign.keys.refresh-interval");
		}

		public Duration getActivationDelay() {
			return this.activationDelay;
		}

		public void setActivationDelay(Duration activationDelay) {
			this.activationDelay = requireNotNegative(activationDelay, "countersign.keys.activation-delay");
		}

		public Duration getRetireAfter() {
			return this.retireAfter;
		}

		public void setRetireAfter(Duration retireAfter) {
			this.retireAfter = requireNotNegative(retireAfter, "countersign.keys.retire-after");
		}

		public SigningKeySettings toSettings() {
			return new SigningKeySettings(this.algorithm, this.rsaKeySize, this.refreshInterval, this.activationDelay,
					this.retireAfter);
		}

	}

	/**
	 * An embedded PostgreSQL for the demo and for trying Countersign out. Never for
	 * production.
	 */
	public static class EmbeddedDatabase {

		/**
		 * Whether to start an embedded PostgreSQL and use it as the data source.
		 */
		private boolean enabled;

		/**
		 * Where the embedded PostgreSQL keeps its data; kept across restarts.
		 */
		private Path dataDirectory = Path.of(".demo-data", "postgres");

		/**
		 * Port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one.
		 */
		private int port;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Path getDataDirectory() {
			return this.dataDirectory;
		}

		public void setDataDirectory(Path dataDirectory) {
			this.dataDirectory = dataDirectory;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

	/**
	 * Users and clients to create at start-up when they do not exist yet. Existing ones
	 * are never changed.
	 */
	public static class Bootstrap {

		/**
		 * Users by user name.
		 */
		private final Map<String, User> users = new LinkedHashMap<>();

		/**
		 * Clients by client id.
		 */
		private final Map<String, Client> clients = new LinkedHashMap<>();

		public Map<String, User> getUsers() {
			return this.users;
		}

		public Map<String, Client> getClients() {
			return this.clients;
		}

		public BootstrapSettings toSettings() {
			Map<String, BootstrapUser> users = new LinkedHashMap<>();
			this.users.forEach((name, user) -> {
				if (name.indexOf('#') >= 0) {
					// issuer#subject names a subject of a trusted issuer
					throw new InvalidSettingException("countersign.bootstrap.users[" + name + "]",
							"has a # in its name, which names the subjects of trusted issuers",
							"Name the user without #.");
				}
				users.put(name, user.toSettings());
			});
			Map<String, BootstrapClient> clients = new LinkedHashMap<>();
			this.clients.forEach((id, client) -> clients.put(id, client.toSettings()));
			return new BootstrapSettings(users, clients);
		}

	}

	/**
	 * A user to create.
	 */
	public static class User {

		/**
		 * Password in clear text; stored as a BCrypt hash.
		 */
		private @Nullable String password;

		/**
		 * Roles, without the {@code ROLE_} prefix.
		 */
		private List<String> roles = new ArrayList<>(List.of("USER"));

		/**
		 * E-mail address notifications of approvals go to; kept in the user store.
		 */
		private @Nullable String email;

		public @Nullable String getEmail() {
			return this.email;
		}

		public void setEmail(@Nullable String email) {
			this.email = email;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public List<String> getRoles() {
			return this.roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

		public BootstrapUser toSettings() {
			return new BootstrapUser(this.password, this.roles, this.email);
		}

	}

	/**
	 * A client to register.
	 */
	public static class Client {

		/**
		 * Client secret in clear text; stored as a BCrypt hash. Empty for a public
		 * client.
		 */
		private @Nullable String secret;

		/**
		 * Name shown to users.
		 */
		private @Nullable String name;

		/**
		 * Grant types: authorization_code, refresh_token, client_credentials,
		 * urn:openid:params:grant-type:ciba.
		 */
		private List<String> grantTypes = new ArrayList<>();

		/**
		 * JWK Set URL of the client's public keys: the client authenticates with
		 * private_key_jwt (RFC 7523), signing with RS256, instead of a secret.
		 */
		private @Nullable String jwkSetUri;

		/**
		 * OpenID CIBA token delivery mode of a client of the CIBA grant: poll or ping.
		 */
		private @Nullable String backchannelTokenDeliveryMode;

		/**
		 * Where a CIBA client in ping mode is notified that its user decided (https, or
		 * http on a loopback address).
		 */
		private @Nullable String backchannelClientNotificationEndpoint;

		public @Nullable String getJwkSetUri() {
			return this.jwkSetUri;
		}

		public void setJwkSetUri(@Nullable String jwkSetUri) {
			this.jwkSetUri = jwkSetUri;
		}

		public @Nullable String getBackchannelTokenDeliveryMode() {
			return this.backchannelTokenDeliveryMode;
		}

		public void setBackchannelTokenDeliveryMode(@Nullable String backchannelTokenDeliveryMode) {
			this.backchannelTokenDeliveryMode = backchannelTokenDeliveryMode;
		}

		public @Nullable String getBackchannelClientNotificationEndpoint() {
			return this.backchannelClientNotificationEndpoint;
		}

		public void setBackchannelClientNotificationEndpoint(@Nullable String backchannelClientNotificationEndpoint) {
			this.backchannelClientNotificationEndpoint = backchannelClientNotificationEndpoint;
		}

		/**
		 * Redirect URIs, compared exactly.
		 */
		private List<String> redirectUris = new ArrayList<>();

		/**
		 * Scopes the client may ask for.
		 */
		private List<String> scopes = new ArrayList<>();

		/**
		 * Resource indicators (RFC 8707) the client may ask tokens for; the first ones
		 * become the audience of tokens requested without a resource parameter.
		 */
		private List<String> resources = new ArrayList<>();

		/**
		 * Action types (authorization_details types) the client may ask approval for.
		 */
		private List<String> authorizationDetailsTypes = new ArrayList<>();

		/**
		 * For a resource server client: the resource indicators it serves. Only such a
		 * client may introspect tokens (those whose audience it serves) and mark action
		 * tokens of these resources used at the consume endpoint.
		 */
		private List<String> servedResources = new ArrayList<>();

		/**
		 * The authorization_details (RFC 9396) the client may carry in its own tokens,
		 * got by client credentials with no user: a JSON array of entries; a requested
		 * entry must lie within one of them (same type; every constrained parameter at
		 * most as wide). Empty: no authorization_details by client credentials at all. An
		 * entry without parameters allows any value of its type.
		 */
		private @Nullable String clientCredentialsAuthorizationDetails;

		/**
		 * "web" (default) or "native" (OpenID Connect Dynamic Client Registration
		 * application_type): redirect URIs are compared exactly, except that a native
		 * app's loopback redirect URI may use any port (RFC 8252 section 7.3).
		 */
		private String applicationType = "web";

		/**
		 * Whether the user must consent to the requested scopes.
		 */
		private boolean requireConsent;

		/**
		 * Whether the authorization code flow requires PKCE.
		 */
		private boolean requirePkce = true;

		/**
		 * Lifetime of access tokens.
		 */
		private Duration accessTokenTimeToLive = Duration.ofMinutes(5);

		/**
		 * Lifetime of refresh tokens.
		 */
		private Duration refreshTokenTimeToLive = Duration.ofHours(8);

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public List<String> getGrantTypes() {
			return this.grantTypes;
		}

		public void setGrantTypes(List<String> grantTypes) {
			this.grantTypes = grantTypes;
		}

		public List<String> getRedirectUris() {
			return this.redirectUris;
		}

		public void setRedirectUris(List<String> redirectUris) {
			this.redirectUris = redirectUris;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

		public List<String> getResources() {
			return this.resources;
		}

		public void setResources(List<String> resources) {
			this.resources = resources;
		}

		public List<String> getServedResources() {
			return this.servedResources;
		}

		public void setServedResources(List<String> servedResources) {
			this.servedResources = servedResources;
		}

		public @Nullable String getClientCredentialsAuthorizationDetails() {
			return this.clientCredentialsAuthorizationDetails;
		}

		public void setClientCredentialsAuthorizationDetails(@Nullable String clientCredentialsAuthorizationDetails) {
			this.clientCredentialsAuthorizationDetails = clientCredentialsAuthorizationDetails;
		}

		public String getApplicationType() {
			return this.applicationType;
		}

		public void setApplicationType(String applicationType) {
			if (!applicationType.equals("web") && !applicationType.equals("native")) {
				throw new IllegalArgumentException("application-type must be web or native");
			}
			this.applicationType = applicationType;
		}

		public List<String> getAuthorizationDetailsTypes() {
			return this.authorizationDetailsTypes;
		}

		public void setAuthorizationDetailsTypes(List<String> authorizationDetailsTypes) {
			this.authorizationDetailsTypes = authorizationDetailsTypes;
		}

		public boolean isRequireConsent() {
			return this.requireConsent;
		}

		public void setRequireConsent(boolean requireConsent) {
			this.requireConsent = requireConsent;
		}

		public boolean isRequirePkce() {
			return this.requirePkce;
		}

		public void setRequirePkce(boolean requirePkce) {
			this.requirePkce = requirePkce;
		}

		public Duration getAccessTokenTimeToLive() {
			return this.accessTokenTimeToLive;
		}

		public void setAccessTokenTimeToLive(Duration accessTokenTimeToLive) {
			this.accessTokenTimeToLive = accessTokenTimeToLive;
		}

		public Duration getRefreshTokenTimeToLive() {
			return this.refreshTokenTimeToLive;
		}

		public void setRefreshTokenTimeToLive(Duration refreshTokenTimeToLive) {
			this.refreshTokenTimeToLive = refreshTokenTimeToLive;
		}

		public BootstrapClient toSettings() {
			return new BootstrapClient(this.secret, this.name, this.grantTypes, this.redirectUris, this.scopes,
					this.resources, this.authorizationDetailsTypes, this.servedResources,
					this.clientCredentialsAuthorizationDetails, this.applicationType, this.requireConsent,
					this.requirePkce, this.accessTokenTimeToLive, this.refreshTokenTimeToLive, this.jwkSetUri,
					this.backchannelTokenDeliveryMode, this.backchannelClientNotificationEndpoint);
		}

	}

}
