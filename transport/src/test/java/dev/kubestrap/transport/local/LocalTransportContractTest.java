package dev.kubestrap.transport.local;

import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.TransportContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class LocalTransportContractTest extends TransportContractTest {
  private static LocalTransport transport;

  @BeforeAll
  static void open() {
    transport = LocalTransport.create();
  }

  @AfterAll
  static void close() {
    transport.close();
  }

  @Override
  protected Transport transport() {
    return transport;
  }
}
