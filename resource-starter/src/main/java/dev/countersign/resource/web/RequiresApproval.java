package dev.countersign.resource.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler method to an action type: the request is checked before the method
 * runs.
 *
 * <pre>
 * &#64;PostMapping("/accounts/{accountId}/transfers")
 * &#64;RequiresApproval(type = "payments.transfer", parameters = { "fromAccount=path:accountId",
 *         "toIban=body:/toIban", "amount=body:/amount", "currency=body:/currency" })
 * Transfer transfer(&#64;PathVariable String accountId, &#64;RequestBody TransferRequest request) { ... }
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresApproval {

	/**
	 * The action type, as in the authorization server's catalog.
	 * @return the type
	 */
	String type();

	/**
	 * The protection.
	 * @return {@link ActionMode#JIT} (default) or {@link ActionMode#GRANT}
	 */
	ActionMode mode() default ActionMode.JIT;

	/**
	 * The parameters, each {@code name=source:reference} ({@link ParameterSource}).
	 * @return the bindings
	 */
	String[] parameters() default {};

}
