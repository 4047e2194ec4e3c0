/** Local accounts: Argon2id passwords, TOTP second factor, lockout, sign-in records. */
@NullMarked
package org.caduceus.console.account;

import org.jspecify.annotations.NullMarked;
