/**
 * The partner API for CERTs that run no node: a TAXII 2.1 server at {@code /taxii2/} with
 * one collection per sharing audience, TLP enforced per partner, and the API keys an
 * admin issues to those partners. Partner nodes use their federation signatures instead.
 */
@NullMarked
package org.caduceus.partnerapi.taxii;

import org.jspecify.annotations.NullMarked;
