/**
 * Pages and error responses of the authorization server.
 */
@NullMarked
package dev.countersign.authz.web;

import org.jspecify.annotations.NullMarked;
