package dev.kubestrap.kubeconfig;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The credentials of a {@code users} entry (kubectl's "AuthInfo"): a client certificate and key
 * (embedded as base64 of the PEM, or file references), a bearer token (or token file), basic auth,
 * or an exec plugin. Fields not modelled here (impersonation, auth-provider, ...) are kept in
 * {@link #other()} and written back.
 *
 * <p>{@link #toString()} names the kinds of credential present and never their content.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"client-certificate", "client-certificate-data", "client-key", "client-key-data", "token",
    "tokenFile", "username", "password", "exec"})
public record User(
    @JsonProperty("client-certificate") String clientCertificate,
    @JsonProperty("client-certificate-data") String clientCertificateData,
    @JsonProperty("client-key") String clientKey,
    @JsonProperty("client-key-data") String clientKeyData,
    String token,
    String tokenFile,
    String username,
    String password,
    ExecConfig exec,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

  public User {
    other = Values.map(other);
  }

  /** A user authenticating with a client certificate and key, both given as PEM and embedded. */
  public static User withEmbeddedClientCertificate(String clientCertificatePem, String clientKeyPem) {
    return new User(null, Pem.encode("clientCertificatePem", clientCertificatePem), null,
        Pem.encode("clientKeyPem", clientKeyPem), null, null, null, null, null, null);
  }

  /** A user authenticating with client certificate and key files on the machine that uses the kubeconfig. */
  public static User withClientCertificateFiles(String clientCertificatePath, String clientKeyPath) {
    return new User(Names.check("clientCertificatePath", clientCertificatePath), null,
        Names.check("clientKeyPath", clientKeyPath), null, null, null, null, null, null, null);
  }

  /** A user authenticating with a bearer token. */
  public static User withToken(String token) {
    return new User(null, null, null, null, Names.check("token", token), null, null, null, null, null);
  }

  /** A user whose credentials come from an exec plugin. */
  public static User withExec(ExecConfig exec) {
    return new User(null, null, null, null, null, null, null, null, Objects.requireNonNull(exec, "exec"), null);
  }

  /** The embedded client certificate as PEM; null when not embedded. */
  public String clientCertificatePem() {
    return Pem.decode(clientCertificateData);
  }

  /** The embedded client key as PEM; null when not embedded. Handle with care. */
  public String clientKeyPem() {
    return Pem.decode(clientKeyData);
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (clientCertificate != null) {
      parts.add("client-certificate=" + clientCertificate);
    }
    if (clientCertificateData != null) {
      parts.add("client-certificate-data=<embedded>");
    }
    if (clientKey != null) {
      parts.add("client-key=" + clientKey);
    }
    if (clientKeyData != null) {
      parts.add("client-key-data=<redacted>");
    }
    if (token != null) {
      parts.add("token=<redacted>");
    }
    if (tokenFile != null) {
      parts.add("tokenFile=" + tokenFile);
    }
    if (username != null) {
      parts.add("username=" + username);
    }
    if (password != null) {
      parts.add("password=<redacted>");
    }
    if (exec != null) {
      parts.add("exec=" + exec);
    }
    if (!other.isEmpty()) {
      parts.add("other fields=" + other.keySet());
    }
    return "User" + parts;
  }
}
