package dev.countersign.authz.approval;

/**
 * The action type asks for a more recent login than the user's: sign in again, then
 * decide.
 */
public final class FreshLoginRequiredException extends RuntimeException {

	public FreshLoginRequiredException() {
		super("this action needs a fresh login");
	}

}
