package dev.kubestrap.kubeconfig;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * An exec credential plugin ({@code users[].user.exec}): the command kubectl runs to get a
 * credential. {@link #toString()} shows the command only: arguments and environment may carry secrets.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "command", "args", "env", "installHint", "provideClusterInfo", "interactiveMode"})
public record ExecConfig(
    String apiVersion,
    String command,
    List<String> args,
    List<EnvVar> env,
    String installHint,
    Boolean provideClusterInfo,
    String interactiveMode,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

  public ExecConfig {
    args = Values.list(args);
    env = Values.list(env);
    other = Values.map(other);
  }

  /**
   * A plugin speaking {@code client.authentication.k8s.io/v1} with interactive mode
   * {@code IfAvailable} (kubectl's default for that API version) and {@code provideClusterInfo}
   * false, written out as kubectl itself writes it.
   */
  public static ExecConfig of(String command, List<String> args) {
    return new ExecConfig("client.authentication.k8s.io/v1", Names.check("command", command), args, null, null,
        false, "IfAvailable", null);
  }

  /** One environment variable given to the plugin. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EnvVar(String name, String value) {
    @Override
    public String toString() {
      return name + "=<redacted>";
    }
  }

  @Override
  public String toString() {
    return "ExecConfig[command=" + command + ", " + args.size() + " args, env=" + env + "]";
  }
}
