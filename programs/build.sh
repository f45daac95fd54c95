#!/usr/bin/env bash
# Builds the programs a kubestrap cluster runs, from their official Go modules at the versions the
# wrapper modules in this directory pin, into a cache keyed by those inputs. Prints the directory
# on its last line of standard output; BinarySource.directory(...) reads it as it is.
#
#   bash programs/build.sh            build what is missing, print the directory
#   bash programs/build.sh --dir      print the directory it would use, build nothing
#   bash programs/build.sh --check    exit 0 when the cache holds a finished build, 1 otherwise
#
# The previous Kubernetes minor's server programs (programs/kubernetes-1.35) go to previous/ with their own
# manifest.tsv, for the upgrade test.
#
# Environment: KUBESTRAP_PROGRAMS_CACHE (default /var/cache/kubestrap/programs).
# Needs: Go (the version the go.mod files name or newer), gcc with static glibc and libseccomp
# (Debian: gcc libc6-dev libseccomp-dev), umoci, skopeo, busybox-static, iptables, nftables.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache_root=${KUBESTRAP_PROGRAMS_CACHE:-/var/cache/kubestrap/programs}
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0
arch=$(go env GOARCH)

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# The cache key covers every input of the build: this script, the wrapper modules and the Go
# version. The Debian packages copied into images are recorded in the manifest, not keyed.
cache_key() {
  {
    go version
    (cd "$here" && find . -type f \( -name go.mod -o -name go.sum -o -name '*.sh' \) | LC_ALL=C sort | xargs sha256sum)
  } | sha256sum | cut -c1-16
}

out=$cache_root/$arch-$(cache_key)

case "${1:-}" in
  --dir) echo "$out"; exit 0 ;;
  --check) [[ -f $out/manifest.tsv ]]; exit $? ;;
  "") ;;
  *) echo "usage: $0 [--dir|--check]" >&2; exit 2 ;;
esac

if [[ -f $out/manifest.tsv ]]; then
  log "programs already built in $out"
  echo "$out"
  exit 0
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock"
flock 9
if [[ -f $out/manifest.tsv ]]; then
  echo "$out"
  exit 0
fi

work=$(mktemp -d "$cache_root/.build-XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/out
mkdir -p "$stage/images" "$work/tmp"
manifest=$work/manifest.rows
times=$work/times.rows

# version <wrapper> <module>: the version of <module> the wrapper module selects.
version() { (cd "$here/$1" && go list -m -f '{{.Version}}' "$2"); }
# module_dir <wrapper> <module>: where the module's source is in the module cache.
module_dir() { (cd "$here/$1" && go list -m -f '{{.Dir}}' "$2"); }
module_time() { (cd "$here/$1" && go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' "$2"); }

# record <file under stage> <component> <version> <module> <note>
record() {
  record_in "$manifest" . "$@"
}

# record_in <manifest rows> <directory under stage> <file in it> <component> <version> <module> <note>
record_in() {
  local rows=$1 dir=$2 sum
  shift 2
  sum=$(sha256sum "$stage/$dir/$1" | cut -d' ' -f1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "${3#v}" "$arch" "$sum" "$4" "$5" >>"$rows"
}

timed() {
  local name=$1 start
  shift
  start=$(date +%s)
  log "building $name"
  "$@"
  printf '%s\t%s\n' "$name" "$(($(date +%s) - start))" >>"$times"
}

# A tar.gz whose bytes depend only on the files: sorted names, fixed times and owners.
pack() {
  local archive=$1 dir=$2
  shift 2
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$dir" -cf - "$@" | gzip -n -9 >"$archive"
}

# build_kubernetes <wrapper> <output dir under the stage> <manifest> <program...>
build_kubernetes() {
  local wrapper=$1 dir=$stage/$2 rows=$3 v ldflags="-s -w" built pkg program
  shift 3
  v=$(version "$wrapper" k8s.io/kubernetes)
  built=$(module_time "$wrapper" k8s.io/kubernetes)
  local minor=${v#v1.}
  minor=${minor%%.*}
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$built"
  done
  mkdir -p "$dir"
  local packages=()
  for program in "$@"; do packages+=("k8s.io/kubernetes/cmd/$program"); done
  (cd "$here/$wrapper" && go build -trimpath -tags=selinux,notest -ldflags="$ldflags" -o "$dir/" "${packages[@]}")
  for program in "$@"; do
    record_in "$rows" "${dir#"$stage"/}" "$program" "$program" "$v" "k8s.io/kubernetes/cmd/$program@$v" "built from source"
  done
}

server_programs=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy)

# The previous Kubernetes minor, for upgrade tests: its server programs only, in previous/ with a manifest of its
# own, so that a directory source for either version finds its files under their release names.
build_previous_kubernetes() {
  local rows=$work/previous.rows
  : >"$rows"
  build_kubernetes kubernetes-1.35 previous "$rows" "${server_programs[@]}"
  {
    echo "# the previous Kubernetes minor's programs, built from their official Go module by kubestrap's programs/build.sh"
    echo "# $(go version)"
    echo "# columns: file<TAB>component<TAB>version<TAB>arch<TAB>sha256<TAB>module<TAB>note"
    cat "$rows"
  } >"$stage/previous/manifest.tsv"
}

build_etcd() {
  local v dir main
  v=$(version etcd go.etcd.io/etcd/server/v3)
  dir=etcd-$v-linux-$arch
  mkdir -p "$work/tmp/$dir"
  # Each main package ends in /v3, so each gets its name with -o.
  for main in server:etcd etcdctl:etcdctl etcdutl:etcdutl; do
    (cd "$here/etcd" && go build -trimpath -ldflags="-s -w" -o "$work/tmp/$dir/${main#*:}" "go.etcd.io/etcd/${main%%:*}/v3")
  done
  pack "$stage/$dir.tar.gz" "$work/tmp" "$dir"
  record "$dir.tar.gz" etcd "$v" "go.etcd.io/etcd/{server,etcdctl,etcdutl}/v3@$v" "built from source"
}

build_containerd() {
  local v pkg=github.com/containerd/containerd/v2 dir=$work/tmp/containerd
  v=$(version containerd $pkg)
  mkdir -p "$dir/bin"
  local ldflags="-s -w -X $pkg/version.Version=$v -X $pkg/version.Package=github.com/containerd/containerd"
  (cd "$here/containerd" && go build -trimpath -ldflags="$ldflags" -o "$dir/bin/" \
    $pkg/cmd/containerd $pkg/cmd/containerd-shim-runc-v2 $pkg/cmd/ctr)
  pack "$stage/containerd-${v#v}-linux-$arch.tar.gz" "$dir" bin
  record "containerd-${v#v}-linux-$arch.tar.gz" containerd "$v" "$pkg/cmd/{containerd,containerd-shim-runc-v2,ctr}@$v" "built from source"
}

build_runc() {
  local v
  v=$(version runc github.com/opencontainers/runc)
  # As upstream's static target: cgo for libseccomp, linked statically.
  (cd "$here/runc" && CGO_ENABLED=1 go build -trimpath -buildmode=pie -tags "seccomp urfave_cli_no_docs netgo osusergo" \
    -ldflags="-s -w -linkmode external -extldflags -static-pie" -o "$stage/runc.$arch" github.com/opencontainers/runc)
  record "runc.$arch" runc "$v" "github.com/opencontainers/runc@$v" "built from source, libseccomp $(dpkg-query -W -f '${Version}' libseccomp-dev 2>/dev/null || echo unknown) linked statically"
}

build_crictl() {
  local v dir=$work/tmp/crictl
  v=$(version crictl sigs.k8s.io/cri-tools)
  mkdir -p "$dir"
  (cd "$here/crictl" && go build -trimpath -ldflags="-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=$v" \
    -o "$dir/crictl" sigs.k8s.io/cri-tools/cmd/crictl)
  pack "$stage/crictl-$v-linux-$arch.tar.gz" "$dir" crictl
  record "crictl-$v-linux-$arch.tar.gz" crictl "$v" "sigs.k8s.io/cri-tools/cmd/crictl@$v" "built from source"
}

cni_plugins=(ipam/dhcp ipam/host-local ipam/static main/bridge main/dummy main/host-device main/ipvlan
  main/loopback main/macvlan main/ptp main/tap main/vlan meta/bandwidth meta/firewall meta/portmap
  meta/sbr meta/tuning meta/vrf)

build_cni_plugins() {
  local v module=github.com/containernetworking/plugins dir=$work/tmp/cni p
  v=$(version cni-plugins $module)
  mkdir -p "$dir"
  local packages=()
  for p in "${cni_plugins[@]}"; do packages+=("$module/plugins/$p"); done
  (cd "$here/cni-plugins" && go build -trimpath -ldflags="-s -w -X $module/pkg/utils/buildversion.BuildVersion=$v" \
    -o "$dir/" "${packages[@]}")
  local names=()
  for p in "${cni_plugins[@]}"; do names+=("./${p#*/}"); done
  pack "$stage/cni-plugins-linux-$arch-$v.tgz" "$dir" "${names[@]}"
  record "cni-plugins-linux-$arch-$v.tgz" cni-plugins "$v" "$module/plugins/...@$v" "built from source"
}

# ---- images -------------------------------------------------------------------------------------

# copy_program <binary> <rootfs> <target path>: a dynamically linked program with its libraries.
copy_program() {
  local binary=$1 root=$2 target=$3 lib
  install -D -m 0755 "$binary" "$root$target"
  for lib in $(ldd "$binary" | grep -o '/[^ ]*'); do
    [[ -e $root$lib ]] || install -D -m 0755 "$lib" "$root$lib"
  done
}

# image <reference> <rootfs> [umoci config options...]: a docker-archive of the rootfs as one layer.
image() {
  local ref=$1 root=$2 layout=$work/oci-$RANDOM file
  shift 2
  file=$(echo "${ref}" | tr '/:' '__').tar
  find "$root" -exec touch -h -d @0 {} +
  umoci init --layout "$layout"
  umoci new --image "$layout:build"
  umoci insert --image "$layout:build" "$root" /
  umoci config --image "$layout:build" --os linux --architecture "$arch" \
    --created 1970-01-01T00:00:00Z --history.created 1970-01-01T00:00:00Z "$@"
  skopeo copy -q "oci:$layout:build" "docker-archive:$stage/images/$file:$ref"
  rm -rf "$layout"
  echo "images/$file"
}

busybox_into() {
  local root=$1 applet
  install -D -m 0755 /bin/busybox "$root/bin/busybox"
  for applet in sh cp cat ls mkdir rm echo sleep nslookup httpd wget; do ln -sf busybox "$root/bin/$applet"; done
}

# build_pause <wrapper>: the pause image of that Kubernetes release, unless one with its tag is built already.
build_pause() {
  local wrapper=$1 v src tag root=$work/tmp/pause-root-$1
  v=$(version "$wrapper" k8s.io/kubernetes)
  src=$(module_dir "$wrapper" k8s.io/kubernetes)/build/pause
  tag=$(sed -n 's/^TAG ?= *//p' "$src/Makefile")
  if grep -q "	image:registry.k8s.io/pause	$tag	" "$manifest" 2>/dev/null; then
    return 0
  fi
  mkdir -p "$root"
  # As build/pause/Makefile: gcc -Os -Wall -Werror -static, then strip.
  gcc -Os -Wall -Werror -static -DVERSION="v$tag-$v" -o "$root/pause" "$src/linux/pause.c"
  strip "$root/pause"
  local file
  file=$(image "registry.k8s.io/pause:$tag" "$root" --config.user 65535:65535 --config.entrypoint /pause)
  record "$file" image:registry.k8s.io/pause "$tag" "k8s.io/kubernetes@$v build/pause/linux/pause.c" "built from source with gcc -static"
}

build_coredns() {
  local v root=$work/tmp/coredns-root file
  v=$(version coredns github.com/coredns/coredns)
  mkdir -p "$root"
  (cd "$here/coredns" && go build -trimpath -ldflags="-s -w" -o "$root/coredns" github.com/coredns/coredns)
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  file=$(image "registry.k8s.io/coredns/coredns:$v" "$root" --config.user 65532:65532 --config.entrypoint /coredns)
  record "$file" image:registry.k8s.io/coredns/coredns "$v" "github.com/coredns/coredns@$v" "built from source"
}

build_flannel() {
  local v root=$work/tmp/flannel-root file module=github.com/flannel-io/flannel tool
  v=$(version flannel $module)
  mkdir -p "$root/opt/bin"
  # flanneld's UDP backend is cgo on amd64, as upstream builds it.
  (cd "$here/flannel" && CGO_ENABLED=1 go build -trimpath -ldflags="-s -w -X $module/pkg/version.Version=$v -extldflags -static" \
    -o "$root/opt/bin/flanneld" $module)
  (cd "$here/flannel" && go build -trimpath -ldflags="-s -w" -o "$root/opt/bin/install-conf" $module/cmd/install_conf)
  install -m 0755 "$(module_dir flannel $module)/dist/mk-docker-opts.sh" "$root/opt/bin/mk-docker-opts.sh"
  busybox_into "$root"
  # flanneld runs iptables (or nft) for its masquerade and forward rules: Debian's nft-based tools.
  copy_program /usr/sbin/xtables-nft-multi "$root" /usr/sbin/xtables-nft-multi
  for tool in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
    ln -sf xtables-nft-multi "$root/usr/sbin/$tool"
  done
  for lib in /usr/lib/"$(gcc -print-multiarch)"/xtables/*.so; do copy_program "$lib" "$root" "$lib"; done
  copy_program /usr/sbin/nft "$root" /usr/sbin/nft
  mkdir -p "$root/etc" "$root/run"
  file=$(image "ghcr.io/flannel-io/flannel:$v" "$root" --config.entrypoint /opt/bin/flanneld \
    --config.env PATH=/opt/bin:/usr/sbin:/usr/bin:/sbin:/bin)
  record "$file" image:ghcr.io/flannel-io/flannel "$v" "$module@$v (+ cmd/install_conf)" \
    "built from source; iptables $(dpkg-query -W -f '${Version}' iptables) and nftables $(dpkg-query -W -f '${Version}' nftables) from Debian"
}

build_flannel_cni_plugin() {
  # flannel-io/cni-plugin is not served by the Go module proxy; the same plugin lived in
  # containernetworking/plugins (plugins/meta/flannel) until v1.0, which is what this builds.
  local v module=github.com/containernetworking/plugins root=$work/tmp/flannel-cni-root file tag
  v=$(version flannel-cni-plugin $module)
  tag=$(sed -n 's|^// image tag: *\([^ ]*\).*|\1|p' "$here/flannel-cni-plugin/go.mod")
  mkdir -p "$root"
  (cd "$here/flannel-cni-plugin" && go build -trimpath -ldflags="-s -w" -o "$root/flannel" $module/plugins/meta/flannel)
  busybox_into "$root"
  file=$(image "ghcr.io/flannel-io/flannel-cni-plugin:$tag" "$root" --config.cmd /bin/sh)
  record "$file" image:ghcr.io/flannel-io/flannel-cni-plugin "$tag" "$module/plugins/meta/flannel@$v" \
    "built from source: the plugin's earlier home, since flannel-io/cni-plugin is not on the module proxy"
}

build_busybox() {
  local v root=$work/tmp/busybox-root file
  v=$(dpkg-query -W -f '${Version}' busybox-static)
  v=${v#*:}
  v=${v%%-*}
  mkdir -p "$root/var/www"
  busybox_into "$root"
  echo "kubestrap smoke pod" >"$root/var/www/index.html"
  # Serves HTTP on port 80 by default (the smoke pod), and has nslookup (the DNS check).
  file=$(image "localhost/kubestrap/busybox:$v" "$root" --config.cmd /bin/httpd --config.cmd -f \
    --config.cmd -p --config.cmd 80 --config.cmd -h --config.cmd /var/www)
  record "$file" image:localhost/kubestrap/busybox "$v" "-" "Debian busybox-static $(dpkg-query -W -f '${Version}' busybox-static)"
}

start=$(date +%s)
timed kubernetes build_kubernetes kubernetes . "$manifest" "${server_programs[@]}" kubectl
timed kubernetes-previous build_previous_kubernetes
timed etcd build_etcd
timed containerd build_containerd
timed runc build_runc
timed crictl build_crictl
timed cni-plugins build_cni_plugins
timed pause build_pause kubernetes
timed pause-previous build_pause kubernetes-1.35
timed coredns build_coredns
timed flannel build_flannel
timed flannel-cni-plugin build_flannel_cni_plugin
timed busybox build_busybox
printf 'total\t%s\n' "$(($(date +%s) - start))" >>"$times"

{
  echo "# programs built from their official Go modules by kubestrap's programs/build.sh; not the official release files"
  echo "# $(go version)"
  echo "# columns: file<TAB>component<TAB>version<TAB>arch<TAB>sha256<TAB>module<TAB>note"
  cat "$manifest"
} >"$stage/manifest.tsv.tmp"
{
  echo "# seconds per step on $(nproc) cores"
  cat "$times"
} >"$stage/build-times.tsv"
mv "$stage/manifest.tsv.tmp" "$stage/manifest.tsv"
rm -rf "$out"
mv "$stage" "$out"
log "programs built in $out ($(($(date +%s) - start)) s)"
echo "$out"
