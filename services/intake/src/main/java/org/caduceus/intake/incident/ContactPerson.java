package org.caduceus.intake.incident;

import org.jspecify.annotations.Nullable;

/**
 * The reporter's contact person: personal data. Kept in its own sub-document so that it
 * can be left out of lists and snapshots, and never printed: {@link #toString()} hides
 * it.
 *
 * @param name full name
 * @param email e-mail address
 * @param phone telephone number
 */
public record ContactPerson(@Nullable String name, @Nullable String email, @Nullable String phone) {

	@Override
	public String toString() {
		return "ContactPerson[personal data withheld]";
	}

}
