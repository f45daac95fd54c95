package dev.kubestrap.pki.internal;

import dev.kubestrap.pki.PkiException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The Distinguished Encoding Rules (ITU-T X.690) for the few ASN.1 types that certificates and SEC1 keys are made of:
 * whole values written as bytes, and the elements of a constructed value read back. Encoding only, no cryptography.
 * It lets certificates be built without Bouncy Castle, whose signed jars cost a cold process about a third of a
 * second to verify when their first class loads. Every method returns a complete element (tag, length, contents).
 */
public final class Der {
  static final int BOOLEAN = 0x01;
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OBJECT_IDENTIFIER = 0x06;
  static final int UTF8_STRING = 0x0c;
  static final int PRINTABLE_STRING = 0x13;
  static final int TELETEX_STRING = 0x14;
  static final int IA5_STRING = 0x16;
  static final int UTC_TIME = 0x17;
  static final int GENERALIZED_TIME = 0x18;
  static final int UNIVERSAL_STRING = 0x1c;
  static final int BMP_STRING = 0x1e;
  static final int SEQUENCE = 0x30;
  static final int SET = 0x31;
  private static final int CONTEXT_SPECIFIC = 0x80;
  private static final int CONSTRUCTED = 0x20;

  private Der() {}

  /** An element of the given one-byte tag whose contents are the concatenated {@code contents}. */
  public static byte[] element(int tag, byte[]... contents) {
    int length = 0;
    for (byte[] part : contents) {
      length += part.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    writeLength(out, length);
    for (byte[] part : contents) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  public static byte[] sequence(byte[]... elements) {
    return element(SEQUENCE, elements);
  }

  public static byte[] sequence(List<byte[]> elements) {
    return sequence(elements.toArray(byte[][]::new));
  }

  public static byte[] set(byte[]... elements) {
    return element(SET, elements);
  }

  /** An explicitly tagged {@code [number]} holding whole elements (e.g. a certificate's version and extensions). */
  public static byte[] explicit(int number, byte[]... elements) {
    return element(CONTEXT_SPECIFIC | CONSTRUCTED | requireLowTag(number), elements);
  }

  /** An implicitly tagged primitive {@code [number]}: {@code contents} as the value's own contents octets. */
  public static byte[] implicit(int number, byte[] contents) {
    return element(CONTEXT_SPECIFIC | requireLowTag(number), contents);
  }

  public static byte[] integer(BigInteger value) {
    return element(INTEGER, value.toByteArray());
  }

  public static byte[] integer(long value) {
    return integer(BigInteger.valueOf(value));
  }

  public static byte[] bool(boolean value) {
    return element(BOOLEAN, new byte[] {value ? (byte) 0xff : 0});
  }

  public static byte[] nul() {
    return element(NULL);
  }

  public static byte[] octetString(byte[] value) {
    return element(OCTET_STRING, value);
  }

  /** A BIT STRING of whole {@code bytes} whose last {@code unusedBits} bits (0 to 7) are not part of the value. */
  public static byte[] bitString(byte[] bytes, int unusedBits) {
    if (unusedBits < 0 || unusedBits > 7 || (bytes.length == 0 && unusedBits != 0)) {
      throw new PkiException("a BIT STRING has 0 to 7 unused bits, none when empty: " + unusedBits);
    }
    return element(BIT_STRING, new byte[] {(byte) unusedBits}, bytes);
  }

  public static byte[] utf8String(String value) {
    return element(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] ia5String(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0x7f) {
        throw new PkiException("an IA5String holds ASCII only: '" + value + "'");
      }
    }
    return element(IA5_STRING, value.getBytes(StandardCharsets.US_ASCII));
  }

  /** An OBJECT IDENTIFIER from its dotted text, e.g. {@code 2.5.29.19}. */
  public static byte[] objectIdentifier(String dotted) {
    String[] arcs = dotted.split("\\.", -1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(arcs.length * 2);
    try {
      if (arcs.length < 2) {
        throw new NumberFormatException("fewer than two arcs");
      }
      long first = Long.parseLong(arcs[0]);
      long second = Long.parseLong(arcs[1]);
      if (first > 2 || first < 0 || second < 0 || (first < 2 && second > 39)) {
        throw new NumberFormatException("first arcs out of range");
      }
      writeBase128(out, first * 40 + second);
      for (int i = 2; i < arcs.length; i++) {
        long arc = Long.parseLong(arcs[i]);
        if (arc < 0) {
          throw new NumberFormatException("negative arc");
        }
        writeBase128(out, arc);
      }
    } catch (NumberFormatException e) {
      throw new PkiException("not an object identifier: '" + dotted + "'", e);
    }
    return element(OBJECT_IDENTIFIER, out.toByteArray());
  }

  /**
   * A certificate time as RFC 5280 (4.1.2.5) requires: UTCTime for the years 1950 to 2049, GeneralizedTime otherwise,
   * both in UTC to the second (fractions dropped).
   */
  public static byte[] time(Instant instant) {
    LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = utc.getYear();
    if (year < 0 || year > 9999) {
      throw new PkiException("a certificate time must lie in the years 0 to 9999: " + instant);
    }
    boolean utcTime = year >= 1950 && year <= 2049;
    StringBuilder text = new StringBuilder(15);
    if (utcTime) {
      twoDigits(text, year % 100);
    } else {
      twoDigits(text, year / 100);
      twoDigits(text, year % 100);
    }
    twoDigits(text, utc.getMonthValue());
    twoDigits(text, utc.getDayOfMonth());
    twoDigits(text, utc.getHour());
    twoDigits(text, utc.getMinute());
    twoDigits(text, utc.getSecond());
    text.append('Z');
    return element(utcTime ? UTC_TIME : GENERALIZED_TIME, text.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** The tag of the element {@code der} starts with. */
  public static int tag(byte[] der) {
    return header(der, 0, der.length).tag();
  }

  /** The contents octets of the element {@code der} starts with. */
  public static byte[] contents(byte[] der) {
    Header header = header(der, 0, der.length);
    byte[] contents = new byte[header.end() - header.contentStart()];
    System.arraycopy(der, header.contentStart(), contents, 0, contents.length);
    return contents;
  }

  /** The elements inside the constructed element {@code der} starts with, each as its whole encoding, in order. */
  public static List<byte[]> elements(byte[] der) {
    Header outer = header(der, 0, der.length);
    if ((outer.tag() & CONSTRUCTED) == 0) {
      throw new PkiException("malformed DER: element with tag 0x" + Integer.toHexString(outer.tag())
          + " is not constructed");
    }
    List<byte[]> elements = new ArrayList<>();
    for (int offset = outer.contentStart(); offset < outer.end(); ) {
      Header inner = header(der, offset, outer.end());
      byte[] element = new byte[inner.end() - offset];
      System.arraycopy(der, offset, element, 0, element.length);
      elements.add(element);
      offset = inner.end();
    }
    return elements;
  }

  /** Where an element starting at {@code offset} has its contents, checked to end by {@code limit}. */
  private record Header(int tag, int contentStart, int end) {}

  private static Header header(byte[] der, int offset, int limit) {
    if (limit - offset < 2) {
      throw new PkiException("malformed DER: truncated element at offset " + offset);
    }
    int tag = der[offset] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new PkiException("malformed DER: multi-byte tag at offset " + offset);
    }
    int first = der[offset + 1] & 0xff;
    int position = offset + 2;
    long length = first;
    if (first > 0x7f) {
      int octets = first & 0x7f;
      if (octets == 0 || octets > 4 || position + octets > limit) {
        throw new PkiException("malformed DER: bad length at offset " + offset);
      }
      length = 0;
      for (int i = 0; i < octets; i++) {
        length = (length << 8) | (der[position++] & 0xff);
      }
    }
    if (length > limit - position) {
      throw new PkiException("malformed DER: element at offset " + offset + " runs past its end");
    }
    return new Header(tag, position, position + (int) length);
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
      return;
    }
    int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
    out.write(0x80 | octets);
    for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
      out.write(length >>> shift);
    }
  }

  private static void writeBase128(ByteArrayOutputStream out, long value) {
    int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
    for (int group = groups - 1; group > 0; group--) {
      out.write((int) (0x80 | ((value >>> (group * 7)) & 0x7f)));
    }
    out.write((int) (value & 0x7f));
  }

  private static void twoDigits(StringBuilder text, int value) {
    text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  private static int requireLowTag(int number) {
    if (number < 0 || number > 30) {
      throw new PkiException("a context-specific tag number here is 0 to 30: " + number);
    }
    return number;
  }
}
