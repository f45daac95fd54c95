package dev.kubestrap.reference;

/**
 * One command-line flag as documented upstream.
 *
 * @param name the flag with its leading dashes, e.g. {@code --secure-port}
 * @param type the documented type, e.g. {@code string}, {@code bool}, {@code duration}
 * @param defaultValue the documented default as printed upstream; empty when none is documented
 * @param deprecated whether upstream marks the flag deprecated (kubestrap never emits such a flag)
 */
public record Flag(String name, String type, String defaultValue, boolean deprecated) {}
