package org.caduceus.testsupport.informationflow;

import java.util.regex.Pattern;

/**
 * Unique markers to put into what a test stores, so that an answer carrying one is seen:
 * {@code Kind-<run>-<n>.}. Each ends with a stop, so that no marker is a prefix of
 * another (without it a visible {@code Reason-x-10} reads as the hidden
 * {@code Reason-x-1}).
 */
public final class Markers {

	private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

	private final String run;

	private int next;

	/**
	 * @param run what makes this run's markers unlike any other's, e.g. a few random
	 * characters
	 */
	public Markers(String run) {
		this.run = run;
	}

	/**
	 * @param kind what the marker marks, letters and digits, e.g. {@code Reason}
	 * @return a marker no other call returns
	 */
	public String next(String kind) {
		if (!KIND.matcher(kind).matches()) {
			throw new IllegalArgumentException("a marker's kind is letters and digits: " + kind);
		}
		return kind + "-" + this.run + "-" + (this.next++) + ".";
	}

	/**
	 * @return a number no other call returns, of exactly {@code digits} digits, for
	 * fields that take digits only (a telephone number): pad it with fixed characters on
	 * both sides so that it cannot be a prefix of another
	 */
	public String digits(int digits) {
		String number = String.valueOf(this.next++);
		if (number.length() > digits) {
			throw new IllegalStateException("more markers than " + digits + " digits hold");
		}
		return "0".repeat(digits - number.length()) + number;
	}

}
