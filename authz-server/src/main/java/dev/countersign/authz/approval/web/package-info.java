/**
 * The HTTP side of Just-In-Time approval: the approval REST API, the approval page, the
 * audit API.
 */
@NullMarked
package dev.countersign.authz.approval.web;

import org.jspecify.annotations.NullMarked;
