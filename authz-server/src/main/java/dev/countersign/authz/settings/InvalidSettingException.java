package dev.countersign.authz.settings;

/**
 * Thrown at start-up when a setting is missing or unusable; reported by the
 * configuration's failure analyzer as one line naming the setting.
 */
public final class InvalidSettingException extends RuntimeException {

	private final String setting;

	private final String action;

	/**
	 * Create a new {@code InvalidSettingException}.
	 * @param setting the property name, such as {@code countersign.keys.encryption-key}
	 * @param problem what is wrong with it
	 * @param action what to do about it
	 */
	public InvalidSettingException(String setting, String problem, String action) {
		super(setting + " " + problem);
		this.setting = setting;
		this.action = action;
	}

	public String getSetting() {
		return this.setting;
	}

	public String getAction() {
		return this.action;
	}

}
