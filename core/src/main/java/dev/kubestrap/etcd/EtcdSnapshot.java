package dev.kubestrap.etcd;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A snapshot of the etcd keyspace on this machine, as {@link EtcdAdmin#snapshot(Path)} took it.
 *
 * @param file where it is
 * @param sha256 the file's SHA-256, checked against the member's copy after the transfer
 * @param revision the keyspace revision it holds
 * @param keys how many keys it holds
 * @param size the file's size in bytes (the database and the sha256 etcd appends to it)
 * @param member the member it was taken from
 * @param taken when
 */
public record EtcdSnapshot(Path file, String sha256, long revision, long keys, long size, String member,
    Instant taken) {
  @Override
  public String toString() {
    return file + ": revision " + revision + ", " + keys + " keys, " + size + " bytes, sha256 " + sha256 + ", from "
        + member + " at " + taken;
  }
}
