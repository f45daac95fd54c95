package dev.kubestrap.pki;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a cold process does when it makes a small cluster's certificates: a CA, a few ECDSA leaves with names,
 * addresses and usages, their PEM, the facts read back, and one store write. {@link ColdIssuanceClassLoadingTest}
 * runs it in a fresh JVM; its only argument is the store directory.
 */
public final class ColdIssuance {
  private ColdIssuance() {}

  public static void main(String[] args) {
    CertificateAuthority ca = CertificateAuthority.selfSigned("kubernetes").organization("kubernetes").build();
    Map<String, IssuedCertificate> leaves = new LinkedHashMap<>();
    leaves.put("apiserver", IssuedCertificate.builder().commonName("kube-apiserver")
        .addDnsName("kubernetes.default.svc").addIpAddress("10.96.0.1").addIpAddress("fd00::1")
        .extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH).signedBy(ca).build());
    leaves.put("admin", IssuedCertificate.builder().commonName("kubernetes-admin").organization("system:masters")
        .addOrganization("ops").extendedKeyUsage(ExtendedKeyUsage.CLIENT_AUTH).signedBy(ca).build());
    leaves.put("etcd", IssuedCertificate.builder().commonName("etcd").addSubjectAlternativeName("127.0.0.1")
        .addSubjectAlternativeName("etcd-0").extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH)
        .signedBy(ca).build());
    StringBuilder facts = new StringBuilder(ca.certificatePem()).append(ca.privateKeyPem());
    leaves.values().forEach(leaf -> facts.append(leaf.commonName()).append(leaf.organizations()).append(leaf.dnsNames())
        .append(leaf.ipAddresses()).append(leaf.extendedKeyUsages()).append(leaf.certificatePem())
        .append(leaf.privateKeyPem()));
    PkiStore.at(Path.of(args[0])).putAll(leaves);
    System.out.println("issued " + leaves.size() + " leaves, " + facts.length() + " characters of PEM and facts");
  }
}
