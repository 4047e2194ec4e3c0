/**
 * What every information-flow property test needs, whatever its service: the read
 * endpoints of the service's OpenAPI document (a test that does not cover one fails),
 * answers checked for markers their reader may not see (body and headers), hidden
 * compared with missing, and markers that cannot be a prefix of one another.
 */
@NullMarked
package org.caduceus.testsupport.informationflow;

import org.jspecify.annotations.NullMarked;
