// kubestrap from JShell: a cluster spec, its plan, the dry run and a certificate's expiry; no host is contacted
// and nothing is downloaded. Run it as docs/jshell.md shows; the build runs it against the jars it just made.
// tag::imports[]
import dev.kubestrap.cluster.*
import dev.kubestrap.pki.*
import java.nio.file.*
// end::imports[]

Path work = Files.createTempDirectory("kubestrap-jshell")

// tag::spec[]
ClusterBuilder lab = ClusterBuilder.named("lab").
    master(Host.ssh("10.1.0.15")).
    worker(Host.ssh("10.1.0.16")).
    stateDir(work.resolve("state")).
    dryRunBinaries();
Cluster cluster = lab.build();
System.out.println(cluster.spec().serviceCidr() + " " + cluster.hosts().keySet());
// end::spec[]

// tag::plan[]
var plan = cluster.plan();
System.out.println(plan.summary());
// end::plan[]

// tag::dry-run[]
plan.writeTo(work.resolve("plan"));
Files.list(work.resolve("plan")).forEach(System.out::println);
// end::dry-run[]

// tag::expiry[]
var apiServer = Pem.readCertificate(work.resolve("state/pki/kube-apiserver-server-10.1.0.15.pem"));
System.out.println(apiServer.getSubjectX500Principal() + " expires " + apiServer.getNotAfter().toInstant());
System.out.print(PkiStore.at(work.resolve("state/pki")).checkExpiration().render());
// end::expiry[]

cluster.close()
System.out.println("first-cluster.jsh: done")
/exit
