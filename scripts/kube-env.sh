#!/usr/bin/env bash
# Local Kubernetes cluster for Pipewright's `kube` tests and for trying pipelines: etcd +
# kube-apiserver + kube-controller-manager + kube-scheduler on 127.0.0.1 with certificates
# generated here, and its nodes, chosen by PW_KUBE_NODE:
#   kwok (default)  one fake node "pipewright-node" run by kwok: pods become Ready, nothing runs
#   real            a real node "pipewright-node" (kubelet + kube-proxy + a containerd of its
#                   own + CNI bridge, scripts/kube/node.sh; needs root) whose pods run and
#                   serve, plus PW_KUBE_KWOK_NODES (default 2) kwok nodes "pipewright-kwok-N"
#                   labelled type=kwok and tainted kwok.x-k8s.io/node=fake:NoSchedule, for
#                   tests that need many nodes (they select and tolerate them)
#
#   scripts/kube-env.sh build        build the binaries once (cached by version)
#   scripts/kube-env.sh up           build if needed, start (reuses a running plane)
#   scripts/kube-env.sh down         stop every process this script started
#   scripts/kube-env.sh status       exit 0 when the plane answers /readyz
#   scripts/kube-env.sh kubeconfig   print the kubeconfig path
#   scripts/kube-env.sh restart-apiserver   stop and start kube-apiserver only (watch tests)
#   scripts/kube-env.sh compact      compact etcd's history now (410 Gone tests)
#
# Addresses (PW_KUBE_NET, default 10.0, makes them): Services $NET.0.0/24, kwok's fake pods
# $NET.1.0/24, the real node's pods $NET.2.0/24 on the bridge PW_KUBE_BRIDGE (pw-cni0) whose
# address $NET.2.1 is the node's. No cluster address leaves the machine: `up` routes them
# locally (the Service range onto the bridge with a real node, else blackhole; kwok's range
# blackhole) before any pod exists, and `down` removes the routes.
#
# Go is only a build tool here: the binaries are built from the Go module proxy into
# ~/.cache/pipewright/kube/<versions>/bin. k8s.io/kubernetes cannot be `go install`ed (its
# go.mod maps the staging modules to ./staging with replace lines), so it is built through a
# generated wrapper module with one replace per staging module, read from that release's go.mod.
set -euo pipefail

K8S_VERSION=${PW_KUBE_K8S_VERSION:-v1.34.4}
# kubeadm pairs Kubernetes 1.34 with etcd 3.6.5; Debian's etcd 3.4 is too old for 1.31+.
ETCD_VERSION=${PW_KUBE_ETCD_VERSION:-v3.6.5}
KWOK_VERSION=${PW_KUBE_KWOK_VERSION:-v0.7.0}
CACHE_ROOT=${PW_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pipewright/kube}
VERSION_DIR=$CACHE_ROOT/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION
BIN_DIR=$VERSION_DIR/bin
STATE_DIR=${PW_KUBE_STATE:-$CACHE_ROOT/run}
KUBECONFIG_PATH=$STATE_DIR/kubeconfig
API_PORT=${PW_KUBE_API_PORT:-16443}
ETCD_PORT=${PW_KUBE_ETCD_PORT:-12379}
ETCD_PEER_PORT=${PW_KUBE_ETCD_PEER_PORT:-12380}
KCM_PORT=${PW_KUBE_KCM_PORT:-16457}
SCHED_PORT=${PW_KUBE_SCHED_PORT:-16459}
KWOK_PORT=${PW_KUBE_KWOK_PORT:-16461}
KUBELET_PORT=${PW_KUBE_KUBELET_PORT:-10250}
KUBELET_HEALTHZ_PORT=${PW_KUBE_KUBELET_HEALTHZ_PORT:-10248}
PROXY_HEALTHZ_PORT=${PW_KUBE_PROXY_HEALTHZ_PORT:-10256}
PROXY_METRICS_PORT=${PW_KUBE_PROXY_METRICS_PORT:-10249}
NODE_MODE=${PW_KUBE_NODE:-kwok}
KWOK_NODES=${PW_KUBE_KWOK_NODES:-2}
NET=${PW_KUBE_NET:-10.0}
SERVICE_CIDR=$NET.0.0/24
KWOK_CIDR=$NET.1.0/24
POD_CIDR=$NET.2.0/24
NODE_IP=$NET.2.1
BRIDGE=${PW_KUBE_BRIDGE:-pw-cni0}
CNI_BIN_DIR=${PW_KUBE_CNI_BIN_DIR:-/usr/lib/cni}
NODE_NAME=pipewright-node
CONTROL_PLANE=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kube/node.sh
. "$SCRIPT_DIR/kube/node.sh"
case $NODE_MODE in
  kwok) COMPONENTS=("${CONTROL_PLANE[@]}") ;;
  real) COMPONENTS=("${CONTROL_PLANE[@]}" containerd kubelet kube-proxy) ;;
  *) echo "kube-env: error: PW_KUBE_NODE must be kwok or real, not '$NODE_MODE'" >&2; exit 2 ;;
esac

export PATH=/usr/local/go/bin:$PATH
# Never let go fetch another toolchain: only the module proxy is reachable.
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

die() { echo "kube-env: error: $*" >&2; exit 1; }
note() { echo "kube-env: $*" >&2; }

binaries_built() {
  local c
  for c in "${CONTROL_PLANE[@]}"; do [ -x "$BIN_DIR/$c" ] || return 1; done
  [ -f "$VERSION_DIR/kwok-stages.yaml" ]
}

require_tools() {
  local missing=() t
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  [ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (install them: openssl and" \
    "curl are Debian packages; Go >= 1.24 goes to /usr/local/go from go.dev)"
}

check_go() {
  command -v go >/dev/null 2>&1 || die "Go is missing: the control plane is built from source" \
    "and needs Go >= 1.24 in /usr/local/go/bin or on PATH (Kubernetes $K8S_VERSION needs 1.24)"
  local v
  v=$(go env GOVERSION | sed 's/^go//')
  local major=${v%%.*} rest=${v#*.}
  local minor=${rest%%.*}
  if [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 24 ]; }; then
    die "Go $v is too old: Kubernetes $K8S_VERSION needs Go >= 1.24"
  fi
}

# Prints the module cache directory of MODULE@VERSION, downloading it from the proxy.
module_dir() {
  local json
  json=$(cd "$VERSION_DIR" && go mod download -json "$1@$2") ||
    die "cannot download $1@$2 from the Go module proxy ($(go env GOPROXY));" \
      "is it reachable?"
  printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

build_etcd() {
  local src=$VERSION_DIR/src/etcd
  mkdir -p "$src"
  cat >"$src/go.mod" <<EOF
module pipewright.local/kube/etcd

go 1.24

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
EOF
  cp "$SCRIPT_DIR/kube/etcd-tools.go" "$src/tools.go"
  # server/v3's root package is etcd's main (server/main.go calls etcdmain.Main).
  (cd "$src" && nice -n 19 go build -mod=mod -trimpath -ldflags '-s -w' \
    -o "$BIN_DIR.tmp/etcd" go.etcd.io/etcd/server/v3)
}

build_kubernetes_module() {
  local src=$VERSION_DIR/src/kubernetes kdir minor patch
  mkdir -p "$src"
  kdir=$(module_dir k8s.io/kubernetes "$K8S_VERSION")
  [ -f "$kdir/go.mod" ] || die "k8s.io/kubernetes@$K8S_VERSION has no go.mod in $kdir"
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  patch=$(echo "$K8S_VERSION" | cut -d. -f3)
  {
    echo "module pipewright.local/kube/kubernetes"
    echo
    sed -n 's/^go \(.*\)$/go \1/p' "$kdir/go.mod"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "// One line per staging module of $K8S_VERSION, read from its go.mod: each staging"
    echo "// repository is tagged v0.$minor.$patch for Kubernetes $K8S_VERSION."
    echo "replace ("
    sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/k8s.io/.*$#\1#p' \
      "$kdir/go.mod" | while read -r m; do
      echo "	$m => $m v0.$minor.$patch"
    done
    echo ")"
  } >"$src/go.mod"
  grep -q '=> k8s.io/api ' "$src/go.mod" || die "no staging modules found in $kdir/go.mod"
  cp "$SCRIPT_DIR/kube/kubernetes-tools.go" "$src/tools.go"
}

# The same version stamps hack/lib/version.sh sets; without them the binaries report
# v0.0.0-master and clients warn about skew.
kubernetes_ldflags() {
  local ldflags='-s -w' pkg key val kv minor
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    for kv in "gitVersion=$K8S_VERSION" "gitMajor=1" "gitMinor=$minor" "gitTreeState=clean" \
      "buildDate=1970-01-01T00:00:00Z"; do
      key=${kv%%=*}; val=${kv#*=}
      ldflags+=" -X $pkg.$key=$val"
    done
  done
  echo "$ldflags"
}

build_kubernetes() {
  local src=$VERSION_DIR/src/kubernetes
  build_kubernetes_module
  (cd "$src" && nice -n 19 go build -mod=mod -trimpath -ldflags "$(kubernetes_ldflags)" \
    -o "$BIN_DIR.tmp/" k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
}

build_kwok() {
  # sigs.k8s.io/kwok has no replace lines, so a plain `go install` works.
  GOBIN=$BIN_DIR.tmp nice -n 19 go install -trimpath -ldflags '-s -w' \
    "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  local kw
  kw=$(module_dir sigs.k8s.io/kwok "$KWOK_VERSION")
  # The standalone kwok controller exits with "no stages found" without these: the stages
  # kwokctl uses for fast fake nodes (Ready + heartbeat) and pods (Ready, complete, delete).
  local f out=$VERSION_DIR/kwok-stages.yaml.tmp
  : >"$out"
  for f in node/fast/node-initialize.yaml node/heartbeat/node-heartbeat.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    [ -f "$kw/kustomize/stage/$f" ] || die "kwok stage $f missing in $kw"
    { echo "---"; cat "$kw/kustomize/stage/$f"; } >>"$out"
  done
  mv "$out" "$VERSION_DIR/kwok-stages.yaml"
}

# Builds what the cache directory lacks: the control plane, and kubelet + kube-proxy, which
# a cache made before the real node existed lacks (they are then added to it, once).
cmd_build() {
  binaries_built && node_binaries_built && return 0
  check_go
  mkdir -p "$VERSION_DIR"
  # Two callers (a developer and services.sh) must not build into the same place at once.
  exec 9>"$VERSION_DIR/build.lock"
  flock 9
  build_control_plane
  build_node_binaries
  exec 9>&-
}

build_node_binaries() {
  node_binaries_built && return 0
  local log=$VERSION_DIR/build-node.log start=$SECONDS
  note "building kubelet and kube-proxy $K8S_VERSION from the Go module proxy (once; a few" \
    "minutes after the control plane); log: $log"
  rm -rf "$BIN_DIR.node.tmp"
  mkdir -p "$BIN_DIR.node.tmp"
  if ! build_node >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "building kubelet and kube-proxy failed (see $log): the Go module proxy or Go" \
      ">= 1.24 is missing"
  fi
  mv "$BIN_DIR.node.tmp"/* "$BIN_DIR/"
  rmdir "$BIN_DIR.node.tmp"
  note "kubelet and kube-proxy built in $((SECONDS - start)) s into $BIN_DIR"
}

build_control_plane() {
  binaries_built && return 0
  local log=$VERSION_DIR/build.log start=$SECONDS
  note "building etcd $ETCD_VERSION, Kubernetes $K8S_VERSION and kwok $KWOK_VERSION from the" \
    "Go module proxy (once; 10-20 min on 2 cores); log: $log"
  rm -rf "$BIN_DIR.tmp"
  mkdir -p "$BIN_DIR.tmp"
  if ! { build_etcd && build_kwok && build_kubernetes; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "building the control plane failed (see $log): the Go module proxy or Go" \
      ">= 1.24 is missing"
  fi
  rm -rf "$BIN_DIR"
  mv "$BIN_DIR.tmp" "$BIN_DIR"
  note "built in $((SECONDS - start)) s into $BIN_DIR"
}

api_curl() {
  curl -sS --max-time 5 --cacert "$STATE_DIR/pki/ca.crt" --cert "$STATE_DIR/pki/admin.crt" \
    --key "$STATE_DIR/pki/admin.key" "$@"
}

api_ready() {
  [ -f "$STATE_DIR/pki/admin.crt" ] || return 1
  [ "$(api_curl "https://127.0.0.1:$API_PORT/readyz" 2>/dev/null)" = ok ]
}

all_running() {
  local c
  for c in "${COMPONENTS[@]}"; do [ -n "$(our_pids "$c")" ] || return 1; done
  api_ready
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

gen_pki() {
  local d=$STATE_DIR/pki
  [ -f "$d/admin.crt" ] && [ -f "$d/nobody.crt" ] && [ -f "$d/sa.pub" ] && return 0
  rm -rf "$d"
  mkdir -p "$d"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=pipewright-kube-ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"
    # serving certificate: the names clients use for 127.0.0.1 and the in-cluster service
    cat >apiserver.ext <<EOF
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:$NET.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,\
DNS:kubernetes.default.svc
EOF
    cat >client.ext <<EOF
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EOF
    sign() { # name subject extfile
      openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
        -extfile "$3" -out "$1.crt"
    }
    sign apiserver "/CN=kube-apiserver" apiserver.ext
    # admin: the group system:masters bypasses RBAC (like envtest's default user)
    sign admin "/O=system:masters/CN=pipewright-admin" client.ext
    # nobody: authenticated but bound to no role, so requests get RBAC's 403 message
    sign nobody "/CN=pipewright-nobody" client.ext
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
  ) >"$STATE_DIR/pki.log" 2>&1 || die "openssl failed generating certificates (see" \
    "$STATE_DIR/pki.log)"
}

write_kubeconfig() {
  local d=$STATE_DIR/pki server=https://127.0.0.1:$API_PORT
  b64() { base64 -w0 <"$1"; }
  cat >"$KUBECONFIG_PATH.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: pipewright
  cluster:
    server: $server
    certificate-authority-data: $(b64 "$d/ca.crt")
contexts:
- name: pipewright
  context:
    cluster: pipewright
    user: pipewright-admin
    namespace: default
- name: pipewright-restricted
  context:
    cluster: pipewright
    user: pipewright-nobody
    namespace: default
current-context: pipewright
users:
- name: pipewright-admin
  user:
    client-certificate-data: $(b64 "$d/admin.crt")
    client-key-data: $(b64 "$d/admin.key")
- name: pipewright-nobody
  user:
    client-certificate-data: $(b64 "$d/nobody.crt")
    client-key-data: $(b64 "$d/nobody.key")
EOF
  mv "$KUBECONFIG_PATH.tmp" "$KUBECONFIG_PATH"
}

start_component() { # name args...
  local name=$1
  shift
  # setsid: the plane outlives the shell that ran `up` and its terminal's signals. The lock
  # descriptors are closed, or the daemon would hold the script's locks for its lifetime.
  setsid "$BIN_DIR/$name" "$@" </dev/null >"$STATE_DIR/logs/$name.log" 2>&1 8>&- 9>&- &
  echo $! >"$STATE_DIR/$name.pid"
}

# Flags after envtest's defaults. No ServiceAccount admission: pods need no token. No
# TaintNodesByCondition: it puts a not-ready taint on new nodes, and the node lifecycle
# controller that would lift it is off (kwok's fake node has no real heartbeat). The Node
# authorizer lets the real node's kubelet in by its certificate; the apiserver reaches the
# kubelet (logs, exec, port-forward) at the node's InternalIP with a client certificate.
start_apiserver() {
  local d=$STATE_DIR/pki kubelet_client=()
  [ -f "$d/apiserver-kubelet-client.crt" ] && kubelet_client=(
    --kubelet-client-certificate="$d/apiserver-kubelet-client.crt"
    --kubelet-client-key="$d/apiserver-kubelet-client.key"
    --kubelet-preferred-address-types=InternalIP)
  start_component kube-apiserver "${kubelet_client[@]}" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
    --cert-dir="$STATE_DIR/apiserver" \
    --tls-cert-file="$d/apiserver.crt" --tls-private-key-file="$d/apiserver.key" \
    --client-ca-file="$d/ca.crt" \
    --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true \
    --authorization-mode=Node,RBAC \
    --disable-admission-plugins=ServiceAccount,TaintNodesByCondition \
    --endpoint-reconciler-type=none \
    --service-account-issuer="https://127.0.0.1:$API_PORT" \
    --service-account-key-file="$d/sa.pub" --service-account-signing-key-file="$d/sa.key"
}

wait_for() { # seconds description command...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    if [ $SECONDS -ge $deadline ]; then
      return 1
    fi
    sleep 0.2
  done
}

fail_start() { # component
  note "$1 did not start; last lines of $STATE_DIR/logs/$1.log:"
  tail -n 20 "$STATE_DIR/logs/$1.log" >&2 || true
  cmd_down >/dev/null 2>&1 || true
  die "the cluster failed to start: $1 (its log: $STATE_DIR/logs/$1.log)"
}

node_ready() { # name
  api_curl "https://127.0.0.1:$API_PORT/api/v1/nodes/$1" 2>/dev/null |
    tr -d ' \n' | grep -q '"type":"Ready","status":"True"'
}

# A node kwok manages. Beside a real node the fake ones carry kwok's own taint, so only pods
# that tolerate it (and select type=kwok) land there and nothing else waits on a fake node.
create_kwok_node() { # name tainted|untainted
  local taints=
  [ "$2" = tainted ] &&
    taints=',"spec":{"taints":[{"key":"kwok.x-k8s.io/node","value":"fake","effect":"NoSchedule"}]}'
  api_curl -o /dev/null -X POST -H 'Content-Type: application/json' \
    "https://127.0.0.1:$API_PORT/api/v1/nodes" --data-binary @- <<EOF || true
{"apiVersion":"v1","kind":"Node","metadata":{"name":"$1",
 "annotations":{"node.alpha.kubernetes.io/ttl":"0","kwok.x-k8s.io/node":"fake"},
 "labels":{"kubernetes.io/hostname":"$1","kubernetes.io/os":"linux",
 "kubernetes.io/arch":"amd64","type":"kwok"}}$taints,
 "status":{"allocatable":{"cpu":"32","memory":"256Gi","pods":"110"},
 "capacity":{"cpu":"32","memory":"256Gi","pods":"110"}}}
EOF
}

default_sa_exists() {
  api_curl -o /dev/null -w '%{http_code}' \
    "https://127.0.0.1:$API_PORT/api/v1/namespaces/default/serviceaccounts/default" \
    2>/dev/null | grep -q 200
}

cmd_up() {
  require_tools openssl curl setsid flock base64 pgrep
  if all_running; then
    write_kubeconfig
    note "already running; kubeconfig: $KUBECONFIG_PATH"
    return 0
  fi
  [ "$NODE_MODE" = real ] && node_require_tools
  cmd_build
  cmd_down >/dev/null 2>&1 || true
  local start=$SECONDS p ports=("$API_PORT" "$ETCD_PORT" "$ETCD_PEER_PORT" "$KCM_PORT"
    "$SCHED_PORT" "$KWOK_PORT")
  [ "$NODE_MODE" = real ] && ports+=("$KUBELET_HEALTHZ_PORT" "$PROXY_HEALTHZ_PORT"
    "$PROXY_METRICS_PORT")
  for p in "${ports[@]}"; do
    port_free "$p" || die "port 127.0.0.1:$p is in use by another process (set" \
      "PW_KUBE_*_PORT to move the cluster)"
  done
  mkdir -p "$STATE_DIR/logs" "$STATE_DIR/apiserver"
  gen_pki
  [ "$NODE_MODE" = real ] && gen_node_pki
  write_kubeconfig
  # Before any pod or Service exists, so no cluster address is ever routed off the machine.
  if [ "$NODE_MODE" = real ]; then net_up; else routes_up_kwok_only; fi
  # A fresh etcd every time: tests start from an empty cluster.
  rm -rf "$STATE_DIR/etcd-data"
  start_component etcd --name=pipewright --data-dir="$STATE_DIR/etcd-data" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="pipewright=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync=true --listen-metrics-urls=""
  wait_for 15 etcd sh -c "curl -sf http://127.0.0.1:$ETCD_PORT/health | grep -q true" ||
    fail_start etcd
  start_apiserver
  wait_for 25 kube-apiserver api_ready || fail_start kube-apiserver
  local d=$STATE_DIR/pki
  # Off: node IPAM and lifecycle (kwok's node needs neither and must not be tainted), and
  # the volume controllers (no volumes without a kubelet).
  local off=-node-ipam-controller,-node-lifecycle-controller
  off+=,-persistentvolume-binder-controller,-persistentvolume-attach-detach-controller
  start_component kube-controller-manager --kubeconfig="$KUBECONFIG_PATH" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --cert-dir="$STATE_DIR/kcm" \
    --leader-elect=false --root-ca-file="$d/ca.crt" \
    --service-account-private-key-file="$d/sa.key" --use-service-account-credentials=false \
    --controllers="*,$off"
  start_component kube-scheduler --kubeconfig="$KUBECONFIG_PATH" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --cert-dir="$STATE_DIR/scheduler" \
    --leader-elect=false
  start_component kwok --kubeconfig="$KUBECONFIG_PATH" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --config="$VERSION_DIR/kwok-stages.yaml" --cidr="$KWOK_CIDR" --node-ip=127.0.0.1 \
    --server-address="127.0.0.1:$KWOK_PORT"
  local i
  if [ "$NODE_MODE" = real ]; then
    node_up
    for ((i = 0; i < KWOK_NODES; i++)); do create_kwok_node "pipewright-kwok-$i" tainted; done
    for ((i = 0; i < KWOK_NODES; i++)); do
      wait_for 20 node node_ready "pipewright-kwok-$i" || fail_start kwok
    done
  else
    # The fake node kwok manages; no kwok taint, so ordinary pods schedule onto it.
    create_kwok_node "$NODE_NAME" untainted
    wait_for 20 node node_ready "$NODE_NAME" || fail_start kwok
  fi
  local c
  for c in kube-controller-manager kube-scheduler; do
    [ -n "$(our_pids "$c")" ] || fail_start "$c"
  done
  # The controller manager creates the default ServiceAccount once it is syncing.
  wait_for 30 serviceaccount default_sa_exists || fail_start kube-controller-manager
  note "up in $((SECONDS - start)) s; kubeconfig: $KUBECONFIG_PATH"
}

# Pids running our own copy of `name` (its exe is the cached binary): the recorded one and
# any stray left by an interrupted start, so `down` never leaves one of ours behind.
our_pids() {
  local name=$1 exe pid
  if [ "$name" = containerd ]; then
    # Debian's binary, also Docker's: ours is the one started with our config file.
    for pid in $(pgrep -x containerd 2>/dev/null); do
      tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null |
        grep -qF -- "--config $STATE_DIR/containerd/config.toml" && echo "$pid"
    done
    return 0
  fi
  exe=$(readlink -f "$BIN_DIR/$name" 2>/dev/null) || return 0
  for pid in $(pgrep -x "${name:0:15}" 2>/dev/null); do
    [ "$(readlink -f "/proc/$pid/exe" 2>/dev/null)" = "$exe" ] && echo "$pid"
  done
  return 0
}

stop_component() {
  local name=$1 pids pid i
  pids=$(our_pids "$name")
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    # kube-apiserver drains its watches on TERM; give it 5 s, then kill.
    for i in $(seq 1 50); do
      [ -n "$(our_pids "$name")" ] || break
      sleep 0.1
    done
    for pid in $(our_pids "$name"); do kill -KILL "$pid" 2>/dev/null || true; done
    for i in $(seq 1 20); do
      [ -n "$(our_pids "$name")" ] || break
      sleep 0.1
    done
  fi
  rm -f "$STATE_DIR/$name.pid"
}

cmd_down() {
  local i
  # The real node goes first, whatever PW_KUBE_NODE says now: its pods are deleted while
  # kubelet runs (so CNI tears their network down), with the controllers and the scheduler
  # stopped so nothing replaces them; then the host is put back as `up` found it.
  if [ -f "$STATE_DIR/node-was-up" ] || [ -n "$(our_pids kubelet)$(our_pids containerd)" ]
  then
    stop_component kube-controller-manager
    stop_component kube-scheduler
    node_down
  fi
  # reverse start order: clients first, etcd last
  for ((i = ${#CONTROL_PLANE[@]} - 1; i >= 0; i--)); do stop_component "${CONTROL_PLANE[$i]}"
  done
  rm -rf "$STATE_DIR/etcd-data"
  routes_down
  note "down"
}

cmd_status() {
  local c state pids rc=0
  for c in "${COMPONENTS[@]}"; do
    pids=$(our_pids "$c" | tr '\n' ' ')
    if [ -n "$pids" ]; then state="running (pid ${pids% })"; else
      state="stopped"; rc=1
    fi
    echo "$c: $state"
  done
  if api_ready; then echo "apiserver: ready at https://127.0.0.1:$API_PORT"; else
    echo "apiserver: not ready"; rc=1
  fi
  if [ "$NODE_MODE" = real ]; then
    if real_node_ready; then echo "node $NODE_NAME: Ready ($NODE_IP)"; else
      echo "node $NODE_NAME: not ready"; rc=1
    fi
  fi
  binaries_built && echo "binaries: $BIN_DIR" || echo "binaries: not built"
  echo "kubeconfig: $KUBECONFIG_PATH"
  return $rc
}

# Compacts etcd's history up to now, as kube-apiserver does every 5 minutes, so a watch from
# an older resourceVersion gets 410 Gone at once (tests of the relist path). Uses etcd's
# JSON gateway: the revision comes from any range reply's header.
cmd_compact() {
  all_running || die "the control plane is not running"
  local rev
  rev=$(curl -sf -X POST "http://127.0.0.1:$ETCD_PORT/v3/kv/range" -d '{"key":"AA=="}' |
    sed -n 's/.*"revision":"\([0-9]*\)".*/\1/p')
  [ -n "$rev" ] || die "cannot read etcd's revision"
  curl -sf -X POST "http://127.0.0.1:$ETCD_PORT/v3/kv/compaction" \
    -d "{\"revision\":\"$rev\",\"physical\":true}" >/dev/null ||
    die "etcd compaction failed"
  note "etcd compacted at revision $rev"
}

cmd_restart_apiserver() {
  all_running || die "the control plane is not running"
  stop_component kube-apiserver
  start_apiserver
  wait_for 25 kube-apiserver api_ready || fail_start kube-apiserver
  note "kube-apiserver restarted"
}

# up/down/restart/compact run one at a time: a test suite's `up` arriving while another
# restarts the apiserver would otherwise see a plane that is not ready and restart it all.
# One lock per instance (state directory): instances on other ports do not wait on each other.
lock_state() {
  mkdir -p "$(dirname "$STATE_DIR")"
  exec 8>"$STATE_DIR.lock"
  flock 8
}

case ${1:-} in
  up | down | restart-apiserver | compact) lock_state ;;
esac
case ${1:-} in
  build) cmd_build ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kubeconfig) echo "$KUBECONFIG_PATH" ;;
  restart-apiserver) cmd_restart_apiserver ;;
  compact) cmd_compact ;;
  *) echo "usage: $0 build|up|down|status|kubeconfig|restart-apiserver|compact" >&2; exit 2 ;;
esac
