package dev.kubestrap.etcd;

import java.util.List;

/**
 * One member as {@code etcdctl member list} reports it. A member added but not yet started has no name and no
 * client URLs.
 *
 * @param id the member ID in hex, as {@code etcdctl member remove} takes it
 * @param name the member name (kubestrap: the host name); empty until the member has started
 * @param peerUrls where the other members reach it
 * @param clientUrls where clients reach it; empty until it has started
 * @param learner whether it is a non-voting learner
 */
public record EtcdMember(String id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {
  public EtcdMember {
    peerUrls = List.copyOf(peerUrls);
    clientUrls = List.copyOf(clientUrls);
  }

  /** Whether the member has started and joined (an added member has no name until then). */
  public boolean started() {
    return !name.isEmpty();
  }

  @Override
  public String toString() {
    return (started() ? name : "(not started)") + " " + id + " " + peerUrls + (learner ? " learner" : "");
  }
}
