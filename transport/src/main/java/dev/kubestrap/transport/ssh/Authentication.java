package dev.kubestrap.transport.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/** Turns an {@link SshConfig}'s credentials into sshj authentication methods, in the order they are tried. */
final class Authentication {
  private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  private Authentication() {}

  /** Agent keys first, then key files, then password (also for keyboard-interactive). */
  static List<AuthMethod> methods(SSHClient client, SshConfig config) throws IOException {
    List<AuthMethod> methods = new ArrayList<>();
    boolean defaults = config.usesDefaultAuthentication();
    Optional<Path> agentSocket = config.agentSocket().or(SshAgent::socketFromEnvironment);
    if (config.agent() && agentSocket.isEmpty()) {
      throw new IOException("agent authentication asked for, but SSH_AUTH_SOCK is not set");
    }
    if ((config.agent() || defaults) && agentSocket.isPresent()) {
      try {
        methods.addAll(new SshAgent(agentSocket.get()).authMethods());
      } catch (IOException e) {
        if (config.agent()) {
          throw e;
        }
      }
    }
    for (SshConfig.PrivateKey key : config.privateKeys()) {
      KeyProvider provider = key.passphrase().isPresent()
          ? client.loadKeys(key.path().toString(), finder(key.passphrase().get()))
          : client.loadKeys(key.path().toString());
      methods.add(new AuthPublickey(provider));
    }
    if (defaults) {
      Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
      for (String name : DEFAULT_KEYS) {
        Path candidate = sshDir.resolve(name);
        if (Files.isReadable(candidate)) {
          methods.add(new AuthPublickey(client.loadKeys(candidate.toString())));
        }
      }
    }
    if (config.password().isPresent()) {
      PasswordFinder finder = finder(config.password().get());
      methods.add(new AuthPassword(finder));
      methods.add(new AuthKeyboardInteractive(new PasswordResponseProvider(finder)));
    }
    return methods;
  }

  /**
   * A one-shot password finder. sshj wipes the array it is given once it has sent it, so it gets a copy: the
   * caller's array is never written to and serves every later login.
   */
  static PasswordFinder finder(Supplier<char[]> secret) {
    return new PasswordFinder() {
      @Override
      public char[] reqPassword(Resource<?> resource) {
        char[] given = secret.get();
        return Arrays.copyOf(given, given.length);
      }

      @Override
      public boolean shouldRetry(Resource<?> resource) {
        return false;
      }
    };
  }
}
