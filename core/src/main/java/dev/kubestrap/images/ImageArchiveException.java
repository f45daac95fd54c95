package dev.kubestrap.images;

import dev.kubestrap.KubestrapException;

/** An image archive cannot be read, or names no image. */
public class ImageArchiveException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public ImageArchiveException(String message, Throwable cause) {
    super(message, cause);
  }

  public ImageArchiveException(String message) {
    super(message);
  }
}
