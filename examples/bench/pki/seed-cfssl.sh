#!/usr/bin/env bash
# The seed scripts' way to make their certificate set: one `cfssl gencert` per certificate, RSA 2048,
# CSR JSON files as in cert/*.sh (subjects, hosts and ca-config.json copied from the seed inventory).
# Usage: seed-cfssl.sh <output-directory>
set -euo pipefail
out=$1
mkdir -p "$out"
cd "$out"

MASTER_IP=10.1.0.15
NODE_IP=10.1.0.16
CLUSTER_KUBERNETES_SVC_IP=10.254.0.1
CLUSTER_DNS_DOMAIN=cluster.local

cat > ca-config.json <<JSON
{"signing":{"default":{"expiry":"8760h"},"profiles":{"kubernetes":{"usages":["signing","key encipherment","server auth","client auth"],"expiry":"8760h"}}}}
JSON

csr() { # csr <file> <CN> <names-json> [hosts-json]
  printf '{"CN":"%s","key":{"algo":"rsa","size":2048},"names":[%s]%s}\n' "$2" "$3" "${4:+,\"hosts\":$4}" > "$1"
}
china() { printf '{"O":"%s","C":"china","ST":"beijing","L":"beijing","OU":"CA"}' "$1"; }

csr ca-csr.json kubernetes "$(china kubernetes)"
csr etcd-csr.json etcd '{"O":"k8s","C":"CN","ST":"BeiJing","L":"BeiJing","OU":"opsnull"}'
csr service-account-csr.json service-accounts "$(china Kubernetes)"
csr kubernetes-csr.json system:kubelet-api-admin "$(china system:kubelet-api-admin)" \
  "[\"127.0.0.1\",\"$MASTER_IP\",\"$CLUSTER_KUBERNETES_SVC_IP\",\"kubernetes\",\"kubernetes.default\",\"kubernetes.default.svc\",\"kubernetes.default.svc.cluster\",\"kubernetes.default.svc.cluster.local.\",\"kubernetes.default.svc.$CLUSTER_DNS_DOMAIN.\"]"
csr kube-controller-manager-csr.json system:kube-controller-manager "$(china system:kube-controller-manager)" \
  "[\"127.0.0.1\",\"$MASTER_IP\"]"
csr kube-scheduler-csr.json system:kube-scheduler "$(china system:kube-scheduler)" "[\"127.0.0.1\",\"$MASTER_IP\"]"
csr "$NODE_IP-csr.json" "system:node:$NODE_IP" "$(china system:nodes)"
csr kube-proxy-csr.json system:kube-proxy "$(china system:node-proxier)"
csr admin-csr.json admin '{"C":"US","L":"Portland","O":"system:masters","OU":"Kubernetes The Hard Way","ST":"Oregon"}'

sign() { # sign <base> [extra cfssl flags...]
  local base=$1
  shift
  cfssl gencert -ca=ca.pem -ca-key=ca-key.pem -config=ca-config.json -profile=kubernetes "$@" \
    "$base-csr.json" 2>/dev/null | cfssljson -bare "$base"
}

cfssl gencert -initca ca-csr.json 2>/dev/null | cfssljson -bare ca
sign etcd -hostname=127.0.0.1,$MASTER_IP
sign service-account
sign kubernetes
sign kube-controller-manager
sign kube-scheduler
sign "$NODE_IP" -hostname=$NODE_IP
sign kube-proxy
sign admin
