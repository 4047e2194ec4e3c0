/**
 * The escalation service's settings ({@code caduceus.escalation.*}) and the client of
 * this node's gateway built from them. Every feature package reads them; they read no
 * feature package.
 */
@NullMarked
package org.caduceus.escalation.settings;

import org.jspecify.annotations.NullMarked;
