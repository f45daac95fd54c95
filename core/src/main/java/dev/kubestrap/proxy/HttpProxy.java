package dev.kubestrap.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An HTTP(S) forward proxy, as closed networks require for anything leaving them: the one for plain
 * {@code http} requests, the one for {@code https} requests (tunnelled with {@code CONNECT}), and the
 * destinations reached directly. It serves this machine's downloads ({@link #selector()}) and containerd on the
 * nodes ({@link #environment(List)}, the {@code HTTP_PROXY}/{@code HTTPS_PROXY}/{@code NO_PROXY} of its unit).
 *
 * <pre>{@code
 * HttpProxy proxy = HttpProxy.builder().http("http://proxy.corp.example:3128")
 *     .noProxy("corp.example", "10.0.0.0/8").build();
 * }</pre>
 *
 * <p>Defaults: the {@code https} proxy is the {@code http} one; direct: {@code localhost} and {@code 127.0.0.1}
 * only (a cluster adds its own ranges, addresses and domain). Credentials in a proxy URL are refused: they would
 * stand in a world-readable unit drop-in.
 *
 * @param http the proxy for {@code http} URLs, {@code http://host:port}
 * @param https the proxy for {@code https} URLs
 * @param noProxy destinations reached directly: host names (a leading dot or none matches subdomains too), IP
 *     addresses, IPv4 CIDR ranges
 */
public record HttpProxy(URI http, URI https, List<String> noProxy) {
  /** Always reached directly. */
  public static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1");
  private static final Pattern NO_PROXY_ENTRY = Pattern.compile("[A-Za-z0-9.:/*_-]+");

  public HttpProxy {
    http = checked("http", http);
    https = checked("https", https);
    Set<String> entries = new LinkedHashSet<>(LOOPBACK);
    for (String entry : noProxy) {
      if (entry == null || !NO_PROXY_ENTRY.matcher(entry).matches()) {
        throw new ProxyException("noProxy entries must be host names, addresses or CIDR ranges: '" + entry + "'");
      }
      entries.add(entry);
    }
    noProxy = List.copyOf(entries);
  }

  /** One proxy for {@code http} and {@code https}, at {@code url}. */
  public static HttpProxy of(String url) {
    return builder().http(url).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static URI checked(String field, URI url) {
    if (url == null) {
      throw new ProxyException(field + " proxy must be set");
    }
    if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1
        || !(url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/"))) {
      throw new ProxyException(field + " proxy must be http://host:port: '" + url + "'");
    }
    if (url.getRawUserInfo() != null) {
      throw new ProxyException(field + " proxy must not carry credentials: '" + url.getScheme() + "://***@"
          + url.getHost() + ":" + url.getPort() + "'");
    }
    return URI.create("http://" + url.getHost() + ":" + url.getPort());
  }

  /**
   * The environment of a proxied service: {@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code NO_PROXY} and their
   * lowercase forms, {@code NO_PROXY} being {@link #noProxy()} followed by {@code more} (a cluster's ranges,
   * addresses and domain).
   */
  public Map<String, String> environment(List<String> more) {
    Set<String> direct = new LinkedHashSet<>(noProxy);
    direct.addAll(more);
    String noProxyValue = String.join(",", direct);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HTTP_PROXY", http.toString());
    env.put("HTTPS_PROXY", https.toString());
    env.put("NO_PROXY", noProxyValue);
    env.put("http_proxy", http.toString());
    env.put("https_proxy", https.toString());
    env.put("no_proxy", noProxyValue);
    return env;
  }

  /** Whether {@code host} is reached directly: an exact entry, a domain suffix, or an address in a CIDR entry. */
  public boolean isDirect(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    for (String entry : noProxy) {
      String e = entry.toLowerCase(Locale.ROOT);
      if (e.equals("*") || name.equals(e) || name.endsWith(e.startsWith(".") ? e : "." + e)
          || e.contains("/") && Ipv4Range.parse(e).map(range -> range.contains(name)).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /** A selector for this machine's HTTP clients: the proxy of the URL's scheme unless the host is direct. */
  public ProxySelector selector() {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        if (uri.getHost() == null || isDirect(uri.getHost())) {
          return List.of(Proxy.NO_PROXY);
        }
        URI proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(),
            proxy.getPort())));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // the request itself fails with the cause; there is no other proxy to fall back to
      }
    };
  }

  /** Collects a proxy's settings; {@link #build()} checks them. */
  public static final class Builder {
    private String http;
    private String https;
    private final List<String> noProxy = new ArrayList<>();

    private Builder() {}

    /** The proxy for {@code http} URLs, and for {@code https} ones unless {@link #https} is set. */
    public Builder http(String url) {
      this.http = Objects.requireNonNull(url, "http proxy must not be null");
      return this;
    }

    /** The proxy for {@code https} URLs; default the {@link #http} one. */
    public Builder https(String url) {
      this.https = Objects.requireNonNull(url, "https proxy must not be null");
      return this;
    }

    /** Adds destinations reached directly; {@code localhost} and {@code 127.0.0.1} always are. */
    public Builder noProxy(String... entries) {
      noProxy.addAll(List.of(entries));
      return this;
    }

    /** @throws ProxyException naming the field and the bad value */
    public HttpProxy build() {
      if (http == null) {
        throw new ProxyException("http proxy must be set");
      }
      return new HttpProxy(uri("http", http), uri("https", https != null ? https : http), noProxy);
    }

    private static URI uri(String field, String url) {
      try {
        return URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new ProxyException(field + " proxy is not a URL: '" + url + "'", e);
      }
    }
  }
}
