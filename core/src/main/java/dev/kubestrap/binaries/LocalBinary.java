package dev.kubestrap.binaries;

import java.nio.file.Path;

/**
 * A program ready to be sent to a host: the name to install it under ({@code etcd}, {@code runc}),
 * the local file holding it and that file's sha256 (to compare with the remote file's).
 */
public record LocalBinary(String name, Path path, String sha256, long size) {}
