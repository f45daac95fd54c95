/**
 * Preflight: what every host must bring before kubestrap changes any of them — tools, cgroup v2, free ports, no
 * packaged service in the way, the kernel features a node needs, its own address — gathered from all hosts in one
 * probe each and reported together, each problem with its fix.
 */
package dev.kubestrap.preflight;
