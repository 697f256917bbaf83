package dev.countersign.resource.web;

/**
 * How a bound route is protected.
 */
public enum ActionMode {

	/**
	 * Just-In-Time: the request needs an {@code Action-Token} approved for exactly this
	 * action and its parameters, next to the base token.
	 */
	JIT,

	/**
	 * Query-level approval: the base token's {@code authorization_details} must hold an
	 * entry of the route's type whose constraints admit the request.
	 */
	GRANT

}
