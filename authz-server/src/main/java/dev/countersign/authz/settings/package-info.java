/**
 * What every part of the server shares about its settings: the exception naming a bad
 * setting and what to do. A leaf: the configuration maps properties onto each part's own
 * settings records, and nothing here imports the configuration.
 */
@NullMarked
package dev.countersign.authz.settings;

import org.jspecify.annotations.NullMarked;
