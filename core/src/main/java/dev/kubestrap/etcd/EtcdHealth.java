package dev.kubestrap.etcd;

/**
 * One member's health as {@code etcdctl endpoint health} reports it: whether it answered a linearized read.
 *
 * @param member the member's name
 * @param endpoint its client URL
 * @param healthy whether it answered
 * @param error why not, empty when healthy
 */
public record EtcdHealth(String member, String endpoint, boolean healthy, String error) {
  @Override
  public String toString() {
    return member + " " + endpoint + (healthy ? " healthy" : " unhealthy: " + error);
  }
}
