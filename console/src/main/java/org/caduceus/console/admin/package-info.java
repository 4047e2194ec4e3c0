/** Admin pages: peers and their keys, partner API keys (a new key shown once). */
@NullMarked
package org.caduceus.console.admin;

import org.jspecify.annotations.NullMarked;
