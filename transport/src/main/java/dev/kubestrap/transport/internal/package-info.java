/**
 * Helpers shared by the transport implementations. Not an API: anything here may change without notice.
 */
package dev.kubestrap.transport.internal;
