/**
 * The starter's client of the authorization server's API for resource servers.
 */
@NullMarked
package dev.countersign.resource.client;

import org.jspecify.annotations.NullMarked;
