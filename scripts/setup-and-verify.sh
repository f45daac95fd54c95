#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for kubestrap's tests and runs every one of them:
#   1. the Debian packages the tests drive for real (OpenSSH, etcd, containerd, systemd-nspawn, debootstrap,
#      openssl, cfssl), those the program build needs (gcc, libseccomp, umoci, skopeo, busybox-static), and Java 17
#      with jshell and Maven when missing;
#   2. the Kubernetes programs built from their official Go modules (programs/build.sh; cached, so only the
#      first run on a machine builds them);
#   3. mvn -B verify, with sandbox tests required (they fail rather than skip when the machine cannot run them).
# Run it as root: sandbox hosts are systemd-nspawn machines. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) != 0 ]]; then
  echo "setup-and-verify: run as root (the sandbox hosts are systemd-nspawn machines)" >&2
  exit 1
fi
# Debian 12 ships no Go as new as the programs' modules ask for: it must be installed first.
if ! command -v go >/dev/null; then
  echo "setup-and-verify: 'go' is not on the PATH (Go 1.26 or newer is needed to build the programs)" >&2
  exit 1
fi

started=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# openssl, golang-cfssl: PKI checks and interop; openssh-server: transport tests; etcd-server, etcd-client,
# containerd, runc: component tests against Debian's programs; systemd: systemd-analyze verify;
# systemd-container, debootstrap, iproute2: sandbox hosts; gcc, libc6-dev, libseccomp-dev: runc and pause;
# umoci, skopeo, busybox-static, iptables, nftables: the container images of programs/build.sh (and the image
# the closed-network test builds); docker-registry, tinyproxy: the registry mirror and the proxy that test pulls
# through.
apt-get install -y -q --no-install-recommends \
  openssl golang-cfssl openssh-server openssh-client etcd-server etcd-client containerd runc \
  systemd systemd-container debootstrap iproute2 sudo ca-certificates procps curl \
  gcc libc6-dev libseccomp-dev umoci skopeo busybox-static iptables nftables docker-registry tinyproxy
# Java 17 and Maven from Debian when the machine has none (an installed JDK 17+ or Maven is left alone).
missing=()
command -v javac >/dev/null && command -v jshell >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
if (( ${#missing[@]} )); then
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "setup-and-verify: packages ready after $(($(date +%s) - started)) s"

# Every sandbox host's systemd, containerd and kubelet hold inotify instances, all counted against root: the
# default of 128 runs out with a cluster of three hosts and containerd's CRI fails to start ("too many open files").
if (( $(cat /proc/sys/fs/inotify/max_user_instances) < 1024 )); then
  sysctl -q -w fs.inotify.max_user_instances=1024
fi

programs=$(bash programs/build.sh | tail -n 1)
echo "setup-and-verify: programs in $programs after $(($(date +%s) - started)) s"
export KUBESTRAP_PROGRAMS=$programs

# CI must never pass by skipping the sandbox tests.
export KUBESTRAP_REQUIRE_SANDBOX=1
mvn -B verify "$@"
echo "setup-and-verify: done after $(($(date +%s) - started)) s"
