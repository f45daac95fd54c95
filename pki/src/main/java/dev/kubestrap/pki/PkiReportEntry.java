package dev.kubestrap.pki;

import java.util.List;

/**
 * What {@link PkiStore#ensure} (or {@link KubernetesPki#issue()}) did with one piece of key material: a CA,
 * a leaf certificate or the service-account key pair. {@code files} are its file names in the store layout.
 */
public record PkiReportEntry(String name, Outcome outcome, String reason, List<String> files) {

  /** What happened. */
  public enum Outcome {
    /** Made because it did not exist. */
    ISSUED,
    /** Kept as it was. */
    REUSED,
    /** Made again, replacing what existed; {@code reason} says why. */
    REISSUED
  }

  public PkiReportEntry {
    files = List.copyOf(files);
  }

  @Override
  public String toString() {
    return outcome + " " + name + " (" + reason + ")";
  }
}
