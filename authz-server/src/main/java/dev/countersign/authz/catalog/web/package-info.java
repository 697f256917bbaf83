/**
 * The action catalog on the web: the authorization details types metadata endpoint.
 */
@NullMarked
package dev.countersign.authz.catalog.web;

import org.jspecify.annotations.NullMarked;
