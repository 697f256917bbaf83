/**
 * Countersign's client side: a {@code RestClient} interceptor and a {@code WebClient}
 * filter that, when a call answers {@code 403 approval_required} or a transaction
 * authorization challenge, ask for approval, let the application prompt the user, wait
 * for the decision and repeat the call once with the token.
 */
@NullMarked
package dev.countersign.client;

import org.jspecify.annotations.NullMarked;
