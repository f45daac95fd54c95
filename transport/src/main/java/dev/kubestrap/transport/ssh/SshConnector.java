package dev.kubestrap.transport.ssh;

import dev.kubestrap.transport.ConnectionException;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.transport.DisconnectListener;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens, verifies and authenticates one sshj connection for an {@link SshConfig}, directly or via a jump host. */
final class SshConnector {
  private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);

  /** A live client, the jump host it goes through (or null) and its dead-peer watch (or null when off). */
  record Connected(SSHClient client, SshTransport jump, DeadPeerWatch watch) {}

  private SshConnector() {}

  /**
   * Connects. {@code onLost} runs when the connection breaks (not when it is closed): it must free the threads
   * blocked on it, since a writer waiting for window space holds its channel stream's monitor, which sshj's shutdown
   * of the channels needs, and waits until the transport timeout (30 s) unless interrupted.
   */
  static Connected connect(SshConfig config, Runnable onLost) {
    String target = config.target();
    SSHClient client = new SSHClient(SshjSettings.create(config.legacyAlgorithms()));
    SshTransport jump = null;
    boolean done = false;
    try {
      HostKeyRefusal refusal = new HostKeyRefusal();
      try {
        client.addHostKeyVerifier(verifier(config, refusal));
      } catch (java.io.UncheckedIOException e) {
        throw new ConnectionException(target, "connect", SshTransport.describe(e), e);
      }
      int connectMillis = Math.toIntExact(config.connectTimeout().toMillis());
      client.setConnectTimeout(connectMillis);
      client.setTimeout(connectMillis);
      client.getTransport().setTimeoutMs(connectMillis);
      DeadPeerWatch watch = config.keepAlive().isZero() ? null
          : new DeadPeerWatch(target, config.keepAlive(), config.deadPeerTimeout());
      if (watch != null) {
        client.setSocketFactory(watch.sockets());
      }
      DisconnectListener logged = client.getTransport().getDisconnectListener();
      client.getTransport().setDisconnectListener((reason, message) -> {
        if (logged != null) {
          logged.notifyDisconnect(reason, message);
        }
        if (watch != null) {
          watch.close();
        }
        if (reason != DisconnectReason.BY_APPLICATION) {
          onLost.run();
        }
      });
      IOException failure = null;
      try {
        if (config.jumpHost().isPresent()) {
          jump = SshTransport.connect(config.jumpHost().get());
          DirectConnection tunnel = jump.connection().client().newDirectConnection(config.host(), config.port());
          client.connectVia(tunnel);
        } else {
          client.connect(config.host(), config.port());
        }
      } catch (IOException e) {
        failure = e;
      } catch (IllegalStateException notConnected) {
        failure = causeOfDeath(client, notConnected, connectMillis);
      }
      if (failure != null) {
        IOException e = failure;
        if (refusal.reason() != null) {
          throw new ConnectionException(target, "connect", refusal.reason(), e);
        }
        Optional<String> unsettled = NoCommonAlgorithm.describe(e, config.legacyAlgorithms());
        if (unsettled.isPresent()) {
          throw new ConnectionException(target, "connect", unsettled.get(), e);
        }
        String via = jump == null ? "" : " via " + jump.target();
        throw new ConnectionException(target, "connect",
            "cannot reach " + config.host() + ":" + config.port() + via + ": " + SshTransport.describe(e), e);
      }
      authenticate(client, config);
      Socket socket = client.getSocket();
      if (socket != null) {
        socket.setSoTimeout(0);
      }
      client.getTransport().setTimeoutMs(Math.max(connectMillis, 30_000));
      if (watch != null) {
        watch.start(client);
      }
      LOG.debug("connected to {}", target);
      done = true;
      return new Connected(client, jump, watch);
    } catch (IOException e) {
      throw new ConnectionException(target, "connect", SshTransport.describe(e), e);
    } finally {
      if (!done) {
        try {
          client.disconnect();
        } catch (IOException | RuntimeException ignored) {
          // nothing was established
        }
        if (jump != null) {
          jump.close();
        }
      }
    }
  }

  /**
   * sshj's reader thread may end the transport (no common algorithm, a refused host key) before {@code connect}
   * starts the key exchange, which then fails with "Not connected": the reason is the transport's cause of death.
   */
  private static IOException causeOfDeath(SSHClient client, IllegalStateException notConnected, int waitMillis) {
    try {
      client.getTransport().join(waitMillis, TimeUnit.MILLISECONDS);
    } catch (TransportException death) {
      death.addSuppressed(notConnected);
      return death;
    }
    return new IOException(notConnected.getMessage(), notConnected);
  }

  private static HostKeyVerifier verifier(SshConfig config, HostKeyRefusal refusal) {
    if (config.hostKeyFingerprint().isPresent()) {
      return new PinnedHostKey(config.hostKeyFingerprint().get(), refusal);
    }
    return KnownHosts.load(config.knownHosts(), config.globalKnownHosts(), config.acceptNewHostKeys(), refusal);
  }

  private static void authenticate(SSHClient client, SshConfig config) {
    String target = config.target();
    List<AuthMethod> methods;
    try {
      methods = Authentication.methods(client, config);
    } catch (IOException e) {
      throw new ConnectionException(target, "authenticate", "cannot load credentials: " + SshTransport.describe(e), e);
    }
    if (methods.isEmpty()) {
      throw new ConnectionException(target, "authenticate",
          "no authentication method available: set privateKey(), password() or agent(), "
              + "or provide ~/.ssh/id_ed25519, id_ecdsa or id_rsa");
    }
    try {
      client.auth(config.user(), methods);
    } catch (UserAuthException e) {
      String tried = methods.stream().map(AuthMethod::getName).distinct().collect(Collectors.joining(", "));
      throw new ConnectionException(target, "authenticate",
          "the server refused user " + config.user() + " (tried " + tried + "): " + SshTransport.describe(e), e);
    } catch (IOException e) {
      throw new ConnectionException(target, "authenticate", SshTransport.describe(e), e);
    }
  }
}
