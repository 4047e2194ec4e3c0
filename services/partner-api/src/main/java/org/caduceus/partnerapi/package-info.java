/**
 * The partner API service: TAXII 2.1 and the partner API keys ({@code taxii}).
 */
@NullMarked
package org.caduceus.partnerapi;

import org.jspecify.annotations.NullMarked;
