/**
 * A second OpenID provider for tests: Spring Authorization Server on 127.0.0.1, the
 * identity provider beside Countersign.
 */
@NullMarked
package dev.countersign.testidp;

import org.jspecify.annotations.NullMarked;
