/** The contacts service. */
@NullMarked
package org.caduceus.contacts;

import org.jspecify.annotations.NullMarked;
