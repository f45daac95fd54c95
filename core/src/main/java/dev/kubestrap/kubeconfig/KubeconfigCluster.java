package dev.kubestrap.kubeconfig;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * How to reach one API server: the {@code cluster} of a kubeconfig {@code clusters} entry. The CA is
 * either embedded ({@code certificate-authority-data}, base64 of the PEM, as in the file) or a file
 * reference ({@code certificate-authority}). Fields kubestrap does not model are kept in
 * {@link #other()} and written back.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"server", "tls-server-name", "insecure-skip-tls-verify", "certificate-authority",
    "certificate-authority-data", "proxy-url", "disable-compression", "extensions"})
public record KubeconfigCluster(
    String server,
    @JsonProperty("tls-server-name") String tlsServerName,
    @JsonProperty("insecure-skip-tls-verify") Boolean insecureSkipTlsVerify,
    @JsonProperty("certificate-authority") String certificateAuthority,
    @JsonProperty("certificate-authority-data") String certificateAuthorityData,
    @JsonProperty("proxy-url") String proxyUrl,
    @JsonProperty("disable-compression") Boolean disableCompression,
    List<NamedExtension> extensions,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

  public KubeconfigCluster {
    extensions = Values.list(extensions);
    other = Values.map(other);
  }

  /** A cluster at {@code server} trusting the CA given as PEM, embedded. */
  public static KubeconfigCluster withEmbeddedCa(String server, String caCertificatePem) {
    return new KubeconfigCluster(server, null, null, null, Pem.encode("caCertificatePem", caCertificatePem), null, null, null, null);
  }

  /** The embedded CA certificate as PEM, decoded from {@code certificate-authority-data}; null when not embedded. */
  public String certificateAuthorityPem() {
    return Pem.decode(certificateAuthorityData);
  }

  @Override
  public String toString() {
    return "KubeconfigCluster[server=" + server
        + (certificateAuthority != null ? ", certificate-authority=" + certificateAuthority : "")
        + (certificateAuthorityData != null ? ", certificate-authority-data=<embedded>" : "")
        + (Boolean.TRUE.equals(insecureSkipTlsVerify) ? ", insecure-skip-tls-verify" : "") + "]";
  }
}
