package dev.kubestrap.transport.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;
import net.schmizz.sshj.userauth.method.AuthMethod;

/**
 * A minimal ssh-agent client (the OpenSSH agent protocol over a Unix socket): lists the agent's keys
 * and has it sign the authentication request, so private keys never enter this process.
 */
final class SshAgent {
  private static final byte FAILURE = 5;
  private static final byte REQUEST_IDENTITIES = 11;
  private static final byte IDENTITIES_ANSWER = 12;
  private static final byte SIGN_REQUEST = 13;
  private static final byte SIGN_RESPONSE = 14;
  private static final int RSA_SHA2_256 = 2;
  private static final int MAX_MESSAGE = 256 * 1024;

  private final Path socket;

  SshAgent(Path socket) {
    this.socket = socket;
  }

  /** The socket named by {@code SSH_AUTH_SOCK}, if set. */
  static Optional<Path> socketFromEnvironment() {
    String value = System.getenv("SSH_AUTH_SOCK");
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }

  /** One publickey method per key the agent holds (none when the agent is empty). */
  List<AuthMethod> authMethods() throws IOException {
    List<AuthMethod> methods = new ArrayList<>();
    for (byte[] blob : identities()) {
      methods.add(new AgentPublickey(blob));
    }
    return methods;
  }

  List<byte[]> identities() throws IOException {
    Buffer.PlainBuffer reply = call(new Buffer.PlainBuffer().putByte(REQUEST_IDENTITIES));
    try {
      byte type = reply.readByte();
      if (type != IDENTITIES_ANSWER) {
        throw new IOException("ssh-agent at " + socket + " refused to list keys (reply " + type + ")");
      }
      long count = reply.readUInt32();
      List<byte[]> blobs = new ArrayList<>();
      for (long i = 0; i < count; i++) {
        blobs.add(reply.readBytes());
        reply.readString();
      }
      return blobs;
    } catch (Buffer.BufferException e) {
      throw new IOException("malformed reply from ssh-agent at " + socket, e);
    }
  }

  byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
    Buffer.PlainBuffer request = new Buffer.PlainBuffer()
        .putByte(SIGN_REQUEST).putBytes(keyBlob).putBytes(data).putUInt32(flags);
    Buffer.PlainBuffer reply = call(request);
    try {
      byte type = reply.readByte();
      if (type == FAILURE || type != SIGN_RESPONSE) {
        throw new IOException("ssh-agent at " + socket + " refused to sign (reply " + type + ")");
      }
      return reply.readBytes();
    } catch (Buffer.BufferException e) {
      throw new IOException("malformed reply from ssh-agent at " + socket, e);
    }
  }

  private Buffer.PlainBuffer call(Buffer.PlainBuffer request) throws IOException {
    byte[] body = request.getCompactData();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteBuffer length = readFully(channel, 4);
      int size = length.getInt();
      if (size <= 0 || size > MAX_MESSAGE) {
        throw new IOException("ssh-agent at " + socket + " sent a message of " + size + " bytes");
      }
      return new Buffer.PlainBuffer(readFully(channel, size).array());
    }
  }

  private static ByteBuffer readFully(SocketChannel channel, int size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("ssh-agent closed the connection");
      }
    }
    return buffer.flip();
  }

  /** publickey authentication whose signature comes from the agent. */
  private final class AgentPublickey extends AbstractAuthMethod {
    private final byte[] blob;
    private final String keyType;

    AgentPublickey(byte[] blob) {
      super("publickey");
      this.blob = blob.clone();
      this.keyType = keyTypeOf(blob);
    }

    private String algorithm() {
      return keyType.equals("ssh-rsa") ? "rsa-sha2-256" : keyType;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
      return super.buildReq().putBoolean(false).putString(algorithm()).putString(blob);
    }

    @Override
    public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
      if (cmd != Message.USERAUTH_60) {
        super.handle(cmd, buf);
        return;
      }
      SSHPacket signed = super.buildReq().putBoolean(true).putString(algorithm()).putString(blob);
      byte[] data = new Buffer.PlainBuffer()
          .putString(params.getTransport().getSessionID())
          .putBuffer(signed)
          .getCompactData();
      try {
        signed.putBytes(sign(blob, data, keyType.equals("ssh-rsa") ? RSA_SHA2_256 : 0));
      } catch (IOException e) {
        throw new UserAuthException("ssh-agent could not sign with its " + keyType + " key", e);
      }
      params.getTransport().write(signed);
    }

    @Override
    public String toString() {
      return "agent " + keyType + " " + Fingerprints.ofBlob(blob);
    }
  }

  private static String keyTypeOf(byte[] blob) {
    try {
      return new Buffer.PlainBuffer(blob).readString(StandardCharsets.UTF_8);
    } catch (Buffer.BufferException e) {
      return "unknown";
    }
  }
}
