#!/usr/bin/env bash
# Benchmark: kubestrap's SshTransport against OpenSSH's scp, sftp and ssh, against one sshd on loopback
# that this script starts (own host key, own config, free port) and stops again.
#
#   examples/bench/transport/ssh-vs-openssh.sh [megabytes=100] [rounds=3] [commands=200]
#
# Needs: openssh-server (/usr/sbin/sshd), openssh-client, a JDK 17 and Maven (online the first time, for the
# dependency plugin); run as root (sshd must be able to switch to the login user). Prints seconds, MB/s and the ratios against the targets
# (upload >= 0.9x scp; 200 commands >= 10x faster than 200 separate ssh invocations).
set -euo pipefail
cd "$(dirname "$0")/../../.."

megabytes=${1:-100}
rounds=${2:-3}
commands=${3:-200}

work=$(mktemp -d /tmp/kubestrap-ssh-bench.XXXXXX)
sshd_pid=""
cleanup() {
  if [ -n "$sshd_pid" ]; then kill "$sshd_pid" 2>/dev/null || true; wait "$sshd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
mkdir -p "$work/authorized_keys"
chmod 755 "$work" "$work/authorized_keys"
cp "$work/client_key.pub" "$work/authorized_keys/$(id -un)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/sshd_config" <<CONFIG
ListenAddress 127.0.0.1
HostKey $work/host_key
PidFile none
UsePAM no
PermitRootLogin prohibit-password
StrictModes no
AuthorizedKeysFile $work/authorized_keys/%u
Subsystem sftp internal-sftp
CONFIG
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$work/host_key.pub")" > "$work/known_hosts"
mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f "$work/sshd_config" -p "$port" 2> "$work/sshd.log" &
sshd_pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done

# One reactor build: it compiles the modules and lists examples' runtime classpath with this checkout's own
# target/classes for kubestrap's modules (nothing needs to be installed); Maven fetches the dependency plugin
# (version pinned in the parent POM) on first use.
mvn -q -B -pl examples -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime > /dev/null
classpath="examples/target/classes:$(cat examples/target/runtime-classpath.txt)"

java -cp "$classpath" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  dev.kubestrap.examples.bench.transport.SshVsOpenSsh \
  127.0.0.1 "$port" "$(id -un)" "$work/client_key" "$work/known_hosts" "$work" "$megabytes" "$rounds" "$commands"
