package dev.kubestrap.images;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A container image archive on this machine: a docker-archive ({@code docker save}, {@code skopeo copy
 * docker-archive:}) or an OCI image layout tarball, with the image references it carries and its sha256.
 * The references come from the archive itself: {@code RepoTags} of a docker-archive's {@code manifest.json},
 * or the {@code io.containerd.image.name} / {@code org.opencontainers.image.ref.name} annotations of an OCI
 * {@code index.json} (the latter only when it is a full reference, not a bare tag).
 *
 * @param file the archive
 * @param references the image references it holds, e.g. {@code registry.k8s.io/pause:3.10.2}; never empty
 * @param sha256 the archive's lowercase hex sha256
 */
public record ImageArchive(Path file, List<String> references, String sha256) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public ImageArchive {
    file = file.toAbsolutePath();
    references = List.copyOf(references);
    if (references.isEmpty()) {
      throw new ImageArchiveException(file + " names no image (no RepoTags in manifest.json, no image name"
          + " annotation in index.json)");
    }
  }

  /** Reads an archive's references and digest. */
  public static ImageArchive read(Path file) {
    Set<String> references = new LinkedHashSet<>();
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
    try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), sha256);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        if (name.equals("manifest.json")) {
          for (JsonNode image : JSON.readTree(tar.readNBytes(1 << 20))) {
            image.path("RepoTags").forEach(tag -> references.add(tag.asString()));
          }
        } else if (name.equals("index.json")) {
          for (JsonNode manifest : JSON.readTree(tar.readNBytes(1 << 20)).path("manifests")) {
            JsonNode annotations = manifest.path("annotations");
            String containerdName = annotations.path("io.containerd.image.name").asString("");
            String refName = annotations.path("org.opencontainers.image.ref.name").asString("");
            if (!containerdName.isEmpty()) {
              references.add(containerdName);
            } else if (refName.contains("/")) {
              references.add(refName);
            }
          }
        }
      }
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      throw new ImageArchiveException("reading image archive " + file + " failed: " + e.getMessage(), e);
    }
    return new ImageArchive(file, new ArrayList<>(references), HexFormat.of().formatHex(sha256.digest()));
  }

  /** Every {@code *.tar} archive directly in {@code directory}, sorted by file name. */
  public static List<ImageArchive> inDirectory(Path directory) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> tars = Files.newDirectoryStream(directory, "*.tar")) {
      tars.forEach(files::add);
    } catch (IOException e) {
      throw new ImageArchiveException("listing image archives in " + directory + " failed: " + e.getMessage(), e);
    }
    return files.stream().sorted().map(ImageArchive::read).toList();
  }

  /** The archive's file name, which is also its name on the hosts. */
  public String fileName() {
    return file.getFileName().toString();
  }
}
