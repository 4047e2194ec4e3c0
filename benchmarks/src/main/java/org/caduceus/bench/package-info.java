/**
 * Benchmarks run against a node on this machine. Each compares its figure with a baseline
 * measured in the same run, because a shared 2-core machine is too noisy for absolute
 * numbers to mean much on their own.
 */
@NullMarked
package org.caduceus.bench;

import org.jspecify.annotations.NullMarked;
