/**
 * Model and rules shared by the Countersign authorization server and the resource-server
 * starter: token types, claim names, resource indicators.
 */
@NullMarked
package dev.countersign.core;

import org.jspecify.annotations.NullMarked;
