/**
 * A JUnit 5 fixture for {@link dev.kubestrap.sandbox.Sandbox}: {@link
 * dev.kubestrap.sandbox.junit.WithSandbox @WithSandbox} or a registered {@link
 * dev.kubestrap.sandbox.junit.SandboxExtension}. Needs {@code junit-jupiter-api} on the class path.
 */
package dev.kubestrap.sandbox.junit;
