package dev.kubestrap.reference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container images from the bundled {@code images.tsv}: the default tags, and the pause (sandbox) image
 * tag per Kubernetes minor version, which the list's header records.
 */
public final class ImageList {

  private static final Pattern PAUSE_LINE = Pattern.compile("^# pause: .*?\\]:\\s*(.*)$");
  private static final Pattern MINOR_TAG = Pattern.compile("(\\d+\\.\\d+)\\s*->\\s*([^,\\s]+)");

  private final Map<String, String> defaultTags;
  private final Map<String, String> pauseTagByMinor;

  private ImageList(Map<String, String> defaultTags, Map<String, String> pauseTagByMinor) {
    this.defaultTags = Map.copyOf(defaultTags);
    this.pauseTagByMinor = Map.copyOf(pauseTagByMinor);
  }

  /** Loads the bundled list. */
  public static ImageList load() {
    TsvResource tsv = TsvResource.load("images.tsv");
    Map<String, String> tags = new LinkedHashMap<>();
    for (List<String> row : tsv.rows()) {
      tags.put(tsv.column(row, 0), tsv.column(row, 1));
    }
    Map<String, String> pause = new LinkedHashMap<>();
    for (String line : tsv.header()) {
      Matcher m = PAUSE_LINE.matcher(line);
      if (m.matches()) {
        Matcher tag = MINOR_TAG.matcher(m.group(1));
        while (tag.find()) {
          pause.put(tag.group(1), tag.group(2));
        }
      }
    }
    if (pause.isEmpty()) {
      throw new ReferenceDataException("images.tsv has no pause tag per Kubernetes minor in its header");
    }
    return new ImageList(tags, pause);
  }

  /** The default tag of {@code image} (repository without tag), e.g. {@code registry.k8s.io/pause}. */
  public String defaultTag(String image) {
    String tag = defaultTags.get(image);
    if (tag == null) {
      throw new ReferenceDataException("images.tsv has no image: " + image);
    }
    return tag;
  }

  /** The pause image reference, e.g. {@code registry.k8s.io/pause:3.10.1}, for a minor such as {@code 1.35}. */
  public String pauseImage(String minor) {
    String tag = pauseTagByMinor.get(minor);
    if (tag == null) {
      throw new ReferenceDataException("images.tsv names no pause tag for Kubernetes minor: " + minor);
    }
    return "registry.k8s.io/pause:" + tag;
  }
}
