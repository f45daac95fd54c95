package dev.kubestrap.preflight;

import dev.kubestrap.transport.Command;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one command that gathers a host's {@link HostFacts}: a POSIX shell script that reads {@code /proc}, {@code /sys}
 * and {@code /etc} and asks {@code command -v}, {@code systemctl} and the package manager, changing nothing. It needs
 * only what a minimal Debian or RHEL system has ({@code sh}, coreutils, GNU findutils, grep).
 */
public final class HostProbe {
  /** The programs whose presence is reported. */
  static final List<String> TOOLS = List.of("iptables", "iptables-restore", "ip6tables", "nft", "ipset", "mount",
      "losetup", "cp", "systemctl", "modprobe", "sysctl", "swapoff", "haproxy");

  private HostProbe() {}

  /**
   * The probe for a host whose listening {@code ports} and unit {@code names} matter. The socket tables are read
   * once each with {@code cat} and then parsed: the shell's {@code read} takes a byte per system call, and each read
   * of {@code /proc/net/tcp} walks the kernel's socket hash tables (20 ms against 13 ms on a sandbox host). The
   * programs holding the wanted ports are found with one {@code find} over all processes' descriptors.
   */
  public static Command command(Collection<Integer> ports, Collection<String> units) {
    String portList = ports.stream().map(String::valueOf).collect(Collectors.joining(" "));
    String unitList = String.join(" ", units);
    String script = """
        echo "hostname $(cat /proc/sys/kernel/hostname)"
        echo "machine-id $(cat /etc/machine-id 2>/dev/null)"
        for t in %s; do command -v "$t" >/dev/null 2>&1 && echo "tool $t"; done
        echo "cgroup $(stat -f -c %%T /sys/fs/cgroup 2>/dev/null)"
        while read -r dev rest; do [ "$dev" = Filename ] || echo "swap $dev"; done < /proc/swaps
        [ -d /proc/sys/net/bridge ] && echo bridge-netfilter
        grep -qw overlay /proc/filesystems && echo overlayfs
        cat /proc/net/fib_trie 2>/dev/null
        if [ -f /run/systemd/resolve/resolv.conf ] && grep -q '^nameserver 127\\.0\\.0\\.53' /etc/resolv.conf 2>/dev/null; then
          echo resolved-stub
        fi
        found=
        sockets=$(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null)
        while read -r sl local rem st q tr re uid to inode rest; do
          [ "$st" = 0A ] || continue
          port=$((0x${local##*:}))
          for want in %s; do
            [ "$port" = "$want" ] && found="$found $port:$inode"
          done
        done <<SOCKETS
        $sockets
        SOCKETS
        if [ -n "$found" ]; then
          set --
          for p in $found; do set -- "$@" -o -lname "socket:\\[${p#*:}\\]"; done
          shift
          owners=$(find /proc/[0-9]*/fd -maxdepth 1 \\( "$@" \\) -printf '%%l %%p\\n' 2>/dev/null)
          set -f
          for p in $found; do
            link="socket:[${p#*:}]" exe= next=
            for w in $owners; do
              if [ -n "$next" ]; then pid=${w#/proc/}; exe=$(readlink "/proc/${pid%%%%/*}/exe"); break; fi
              [ "$w" = "$link" ] && next=1
            done
            echo "listen ${p%%%%:*} $exe"
          done
          set +f
        fi
        for u in %s; do
          [ -f "/etc/systemd/system/$u.service" ] && echo "own $u"
          for d in /lib/systemd/system /usr/lib/systemd/system; do
            [ -f "$d/$u.service" ] || continue
            pkg=$( (dpkg -S "$d/$u.service" 2>/dev/null || rpm -qf "$d/$u.service" 2>/dev/null) | head -n 1 | cut -d: -f1)
            echo "packaged $u $d/$u.service $(systemctl is-enabled "$u.service" 2>/dev/null || echo disabled) \
        $(systemctl is-active "$u.service" 2>/dev/null || echo inactive) $pkg"
            break
          done
        done
        true
        """.formatted(String.join(" ", TOOLS), portList.isEmpty() ? "0" : portList, unitList.isEmpty() ? "none" : unitList);
    return Command.script(script);
  }
}
