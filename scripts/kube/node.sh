# The real node of scripts/kube-env.sh (sourced by it, never run alone): kubelet and
# kube-proxy built from k8s.io/kubernetes beside the control plane, a containerd instance of
# its own (Debian's containerd with the CRI plugin on; Docker's instance keeps CRI off),
# Debian's CNI plugins on a bridge of its own, and a pause image built here from
# scripts/kube/pause.c. Every change to the host is recorded before it is made, so `down`
# puts the host back as `up` found it: routes, the bridge, iptables chains and nft tables,
# sysctls, mounts, folders, cgroups and processes.
#
# Facts this relies on (measured on this machine kind, see shared/reference/real-node.md):
# - the VM drops CAP_SYS_RESOURCE, so runc cannot write oom_score_adj -998 for the sandbox:
#   the CRI option restrict_oom_score_adj keeps it within what the runtime may set;
# - Docker sets the FORWARD policy to DROP with bridge-nf-call-iptables=1, so bridged pod
#   traffic is dropped unless the CNI `firewall` plugin accepts the pods' addresses;
# - every 10.x address routes through the default gateway, off the machine: the Service
#   range is routed onto the node's bridge (kube-proxy's DNAT rewrites it before it gets
#   there; without a rule the packet dies on the bridge) and kwok's fake pod range gets a
#   blackhole route. A blackhole route for the Service range would also stop the host's
#   own connections before kube-proxy's OUTPUT rules see them.
# - one real node per host: kube-proxy owns the KUBE-* chains of the whole host.

NODE_COMPONENTS=(containerd kubelet kube-proxy)
CTRD_DIR=$STATE_DIR/containerd
CTRD_SOCK=$CTRD_DIR/containerd.sock
KUBELET_DIR=$STATE_DIR/kubelet
HOST_DIR=$STATE_DIR/host-before-up
CNI_NET=pipewright-$BRIDGE
PAUSE_SRC=$SCRIPT_DIR/kube/pause.c
# The sysctls kubelet sets when protectKernelDefaults is off (kubelet's container manager).
NODE_SYSCTLS=(vm.overcommit_memory kernel.panic kernel.panic_on_oops)
# Folders kubelet, containerd and libcni create outside their configured roots.
NODE_HOST_DIRS=(/var/lib/kubelet/device-plugins /var/lib/kubelet /var/log/containers
  /var/lib/cni/results /var/lib/cni /run/containerd/s /run/containerd/runc
  /run/containerd/fifo /run/containerd /run/netns)

node_binaries_built() {
  [ -x "$BIN_DIR/kubelet" ] && [ -x "$BIN_DIR/kube-proxy" ]
}

# kubelet and kube-proxy at the control plane's version, from the wrapper module that
# build_kubernetes generates (its go.mod and the Go build cache are reused, so this is a
# few minutes on top of the control plane). Added to an existing cache directory as is.
build_node() {
  local src=$VERSION_DIR/src/kubernetes
  build_kubernetes_module
  (cd "$src" && nice -n 19 go build -mod=mod -trimpath -ldflags "$(kubernetes_ldflags)" \
    -o "$BIN_DIR.node.tmp/" k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy)
}

# The pause image: built from pause.c and cached by the source's content.
pause_image_ref() {
  echo "pipewright.local/pause:$(sha256sum "$PAUSE_SRC" | cut -c1-12)"
}

pause_archive() {
  local hash dir
  hash=$(sha256sum "$PAUSE_SRC" | cut -c1-12)
  dir=$CACHE_ROOT/pause-$hash
  if [ ! -f "$dir/pause.tar" ]; then
    command -v gcc >/dev/null || die "gcc is missing (build-essential): it builds the" \
      "pod sandbox's pause binary"
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp/root" "$dir.tmp/image"
    gcc -static -O2 -s -o "$dir.tmp/root/pause" "$PAUSE_SRC" >&2 ||
      die "gcc -static could not build $PAUSE_SRC (is libc6-dev installed?)"
    # A docker-archive by hand (one layer, its config, the manifest), so that making the
    # image needs neither dockerd nor a registry.
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$dir.tmp/root" \
      -cf "$dir.tmp/image/layer.tar" pause
    local diff config
    diff=$(sha256sum "$dir.tmp/image/layer.tar" | cut -d' ' -f1)
    printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/pause"]},%s}' \
      "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$diff\"]}" \
      >"$dir.tmp/image/config.json"
    config=$(sha256sum "$dir.tmp/image/config.json" | cut -d' ' -f1)
    mv "$dir.tmp/image/config.json" "$dir.tmp/image/$config.json"
    printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["layer.tar"]}]' "$config" \
      "$(pause_image_ref)" >"$dir.tmp/image/manifest.json"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$dir.tmp/image" \
      -cf "$dir.tmp/pause.tar" .
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir/pause.tar"
}

gen_node_pki() {
  local d=$STATE_DIR/pki
  [ -f "$d/kubelet-serving.crt" ] && return 0
  (
    cd "$d"
    node_sign() { # name subject extfile
      openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
        -extfile "$3" -out "$1.crt"
    }
    # The Node authorizer knows a kubelet by this name and group.
    node_sign kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" client.ext
    # kubeadm's binding system:node-proxier already names this user.
    node_sign kube-proxy "/CN=system:kube-proxy" client.ext
    # What the apiserver shows the kubelet for logs, exec and port-forward.
    node_sign apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" \
      client.ext
    cat >kubelet-serving.ext <<EOF
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:$NODE_IP,IP:127.0.0.1,DNS:$NODE_NAME
EOF
    node_sign kubelet-serving "/CN=$NODE_NAME" kubelet-serving.ext
  ) >"$STATE_DIR/pki-node.log" 2>&1 || die "openssl failed generating the node's" \
    "certificates (see $STATE_DIR/pki-node.log)"
}

write_client_kubeconfig() { # file cert-name
  local d=$STATE_DIR/pki
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: pipewright
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $d/ca.crt
contexts:
- name: pipewright
  context: {cluster: pipewright, user: $2}
current-context: pipewright
users:
- name: $2
  user:
    client-certificate: $d/$2.crt
    client-key: $d/$2.key
EOF
}

node_require_tools() {
  local missing=() t
  for t in containerd ctr runc iptables iptables-save ip6tables ip6tables-save nft \
    conntrack ip sysctl; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  local p
  for p in bridge host-local loopback portmap firewall; do
    [ -x "$CNI_BIN_DIR/$p" ] || missing+=("CNI plugin $CNI_BIN_DIR/$p")
  done
  [ ${#missing[@]} -eq 0 ] || die "the real node needs: ${missing[*]} (scripts/setup.sh" \
    "installs containerd, runc, iptables, nftables, conntrack and" \
    "containernetworking-plugins)"
  [ "$(id -u)" -eq 0 ] || die "the real node needs root (kubelet, containerd, iptables)"
  if [ -n "$(foreign_pids kubelet)" ] || [ -n "$(foreign_pids kube-proxy)" ]; then
    die "another kubelet or kube-proxy runs on this host (pid $(foreign_pids kubelet)" \
      "$(foreign_pids kube-proxy)): kube-proxy owns the host's KUBE-* chains, so only one" \
      "real node per host; use PW_KUBE_NODE=kwok for a second control plane"
  fi
}

# Pids of a kubelet or kube-proxy that is not this instance's.
foreign_pids() {
  local name=$1 pid mine
  mine=$(our_pids "$name" | tr '\n' ' ')
  for pid in $(pgrep -x "$name" 2>/dev/null); do
    case " $mine " in *" $pid "*) ;; *) echo "$pid" ;; esac
  done
  return 0
}

# --- what the host looked like before `up` -------------------------------------------------

iptables_chains() { # iptables-save-command → "table chain" per line
  "$1" 2>/dev/null | awk '/^\*/ {t = substr($1, 2)} /^:/ {print t, substr($1, 2)}'
}

save_host_state() {
  [ -f "$HOST_DIR/complete" ] && return 0
  rm -rf "$HOST_DIR"
  mkdir -p "$HOST_DIR"
  local s d
  for s in "${NODE_SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s")"; done >"$HOST_DIR/sysctls"
  iptables_chains iptables-save >"$HOST_DIR/chains4"
  iptables_chains ip6tables-save >"$HOST_DIR/chains6"
  nft list tables 2>/dev/null >"$HOST_DIR/nft-tables" || true
  for d in "${NODE_HOST_DIRS[@]}"; do [ -e "$d" ] && echo "$d"; done >"$HOST_DIR/dirs" || true
  ls -d /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods 2>/dev/null >"$HOST_DIR/cgroups" ||
    true
  touch "$HOST_DIR/complete"
}

# --- network: routes and the bridge ---------------------------------------------------------

net_up() {
  save_host_state
  # The bridge exists before any pod: the node's address lives on it, and the Service range
  # is routed onto it. The CNI bridge plugin adopts it and keeps its gateway address.
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge || die "cannot create the bridge $BRIDGE"
  fi
  ip addr replace "$NODE_IP/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  ip route replace "$SERVICE_CIDR" dev "$BRIDGE" src "$NODE_IP"
  ip route replace blackhole "$KWOK_CIDR"
}

routes_up_kwok_only() {
  ip route replace blackhole "$SERVICE_CIDR"
  ip route replace blackhole "$KWOK_CIDR"
}

routes_down() {
  ip route del "$SERVICE_CIDR" 2>/dev/null || true
  ip route del "$KWOK_CIDR" 2>/dev/null || true
}

# --- containerd ----------------------------------------------------------------------------

write_containerd_config() {
  mkdir -p "$CTRD_DIR/root" "$CTRD_DIR/state" "$CTRD_DIR/certs.d" "$STATE_DIR/cni/net.d" \
    "$STATE_DIR/cni/ipam" "$CTRD_DIR/opt"
  local host
  # Pods pull from the local registries over plain HTTP, as a real cluster pulls from its
  # registry: containerd's hosts.toml per registry host.
  for host in 127.0.0.1:5000 localhost:5000 127.0.0.1:5001 localhost:5001; do
    mkdir -p "$CTRD_DIR/certs.d/$host"
    cat >"$CTRD_DIR/certs.d/$host/hosts.toml" <<EOF
server = "http://$host"

[host."http://$host"]
  capabilities = ["pull", "resolve"]
EOF
  done
  cat >"$CTRD_DIR/config.toml" <<EOF
version = 2
root = "$CTRD_DIR/root"
state = "$CTRD_DIR/state"

[grpc]
  address = "$CTRD_SOCK"

[ttrpc]
  address = "$CTRD_SOCK.ttrpc"

[plugins."io.containerd.internal.v1.opt"]
  path = "$CTRD_DIR/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$(pause_image_ref)"
  restrict_oom_score_adj = true
  # the pods' network namespaces below our state folder, not in /run/netns
  netns_mounts_under_state_dir = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"

  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"

    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$CTRD_DIR/runc"

  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$CNI_BIN_DIR"
    conf_dir = "$STATE_DIR/cni/net.d"
    max_conf_num = 1

  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$CTRD_DIR/certs.d"
EOF
  # bridge (the node's bridge, gateway = the node address), firewall (accepts the pods'
  # traffic past Docker's FORWARD DROP), portmap (hostPort), loopback is added by CRI.
  cat >"$STATE_DIR/cni/net.d/10-pipewright.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "$CNI_NET",
  "plugins": [
    {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": true,
     "hairpinMode": true,
     "ipam": {"type": "host-local", "dataDir": "$STATE_DIR/cni/ipam",
              "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP"}]],
              "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "firewall"},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
}

ctr_k8s() {
  ctr --address "$CTRD_SOCK" --namespace k8s.io "$@"
}

containerd_ready() {
  [ -S "$CTRD_SOCK" ] && ctr --address "$CTRD_SOCK" version >/dev/null 2>&1
}

start_containerd() {
  write_containerd_config
  setsid containerd --config "$CTRD_DIR/config.toml" </dev/null \
    >"$STATE_DIR/logs/containerd.log" 2>&1 8>&- 9>&- &
  echo $! >"$STATE_DIR/containerd.pid"
  wait_for 20 containerd containerd_ready || fail_start containerd
  local ref archive
  ref=$(pause_image_ref)
  if ! ctr_k8s images ls -q | grep -qx "$ref"; then
    archive=$(pause_archive)
    ctr_k8s images import "$archive" >"$STATE_DIR/logs/pause-import.log" 2>&1 || {
      cat "$STATE_DIR/logs/pause-import.log" >&2
      fail_start containerd
    }
  fi
}

# --- kubelet and kube-proxy ----------------------------------------------------------------

start_kubelet() {
  mkdir -p "$KUBELET_DIR" "$STATE_DIR/pod-logs"
  write_client_kubeconfig "$STATE_DIR/kubelet.kubeconfig" kubelet
  cat >"$STATE_DIR/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
tlsCertFile: $STATE_DIR/pki/kubelet-serving.crt
tlsPrivateKeyFile: $STATE_DIR/pki/kubelet-serving.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $STATE_DIR/pki/ca.crt}
authorization: {mode: AlwaysAllow}
# the host is cgroup v1 (hybrid) without systemd as init
cgroupDriver: cgroupfs
failSwapOn: false
containerRuntimeEndpoint: unix://$CTRD_SOCK
podLogsDir: $STATE_DIR/pod-logs
serializeImagePulls: false
resolvConf: /etc/resolv.conf
# a shared disk: never evict pods or delete images because other work fills it
evictionHard: {memory.available: "50Mi", nodefs.available: "1%", imagefs.available: "1%",
               nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
EOF
  start_component kubelet --config="$STATE_DIR/kubelet-config.yaml" \
    --kubeconfig="$STATE_DIR/kubelet.kubeconfig" --root-dir="$KUBELET_DIR" \
    --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" \
    --node-labels="type=real,pipewright.dev/node=real"
}

start_kube_proxy() {
  write_client_kubeconfig "$STATE_DIR/kube-proxy.kubeconfig" kube-proxy
  # localhostNodePorts off and conntrack sizes/timeouts 0: kube-proxy then changes no
  # sysctl (route_localnet, nf_conntrack_*); NodePorts only on the node's own address.
  cat >"$STATE_DIR/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $STATE_DIR/kube-proxy.kubeconfig}
mode: iptables
hostnameOverride: $NODE_NAME
clusterCIDR: $POD_CIDR
healthzBindAddress: 127.0.0.1:$PROXY_HEALTHZ_PORT
metricsBindAddress: 127.0.0.1:$PROXY_METRICS_PORT
nodePortAddresses: ["$NODE_IP/32"]
iptables: {localhostNodePorts: false}
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
  start_component kube-proxy --config="$STATE_DIR/kube-proxy-config.yaml"
}

real_node_ready() {
  api_curl "https://127.0.0.1:$API_PORT/api/v1/nodes/$NODE_NAME" 2>/dev/null |
    jq -e '.status.conditions[]? | select(.type == "Ready") | .status == "True"' \
      >/dev/null 2>&1
}

proxy_ready() {
  curl -sf "http://127.0.0.1:$PROXY_HEALTHZ_PORT/healthz" >/dev/null 2>&1
}

node_up() {
  node_require_tools
  gen_node_pki
  touch "$STATE_DIR/node-was-up"
  start_containerd
  start_kubelet
  wait_for 60 kubelet real_node_ready || fail_start kubelet
  start_kube_proxy
  wait_for 30 kube-proxy proxy_ready || fail_start kube-proxy
}

# --- down ----------------------------------------------------------------------------------

# Deletes the real node's pods (at once: grace 0) and waits until containerd runs no pod
# sandbox, so the CRI tears every pod's network down through CNI (veth, addresses, the
# firewall and masquerade rules) while kubelet still runs. The controllers are already
# stopped, so nothing recreates them.
drain_real_node() {
  api_ready || return 0
  local pods
  pods=$(api_curl "https://127.0.0.1:$API_PORT/api/v1/pods?fieldSelector=spec.nodeName=$NODE_NAME" \
    2>/dev/null | jq -r '.items[]? | "\(.metadata.namespace)/\(.metadata.name)"') || return 0
  local p
  for p in $pods; do
    api_curl -o /dev/null -X DELETE \
      "https://127.0.0.1:$API_PORT/api/v1/namespaces/${p%%/*}/pods/${p#*/}?gracePeriodSeconds=0" \
      2>/dev/null || true
  done
  [ -n "$(our_pids kubelet)" ] && containerd_ready || return 0
  wait_for 60 sandboxes node_pods_gone ||
    note "pods still running on $NODE_NAME after 60 s; removing them by force"
}

# No task runs and host-local holds no pod address: every sandbox was stopped and its
# network torn down.
node_pods_gone() {
  [ -z "$(ctr_k8s tasks ls -q 2>/dev/null)" ] || return 1
  ! ls "$STATE_DIR/cni/ipam/$CNI_NET" 2>/dev/null | grep -q '^[0-9]'
}

# Whatever drain_real_node did not get to (kubelet killed, a crash): tasks and containers.
# The pods' network namespaces are mounts below the containerd folder (unmount_node); the
# last one out takes the pod's veth with it.
force_remove_pods() {
  local t
  if containerd_ready; then
    ctr_k8s containers ls -q 2>/dev/null >"$STATE_DIR/containers-at-down" || true
    for t in $(ctr_k8s tasks ls -q 2>/dev/null); do ctr_k8s tasks kill -s KILL "$t" || true; done
    sleep 0.5
    for t in $(ctr_k8s tasks ls -q 2>/dev/null); do ctr_k8s tasks rm -f "$t" || true; done
    for t in $(ctr_k8s containers ls -q 2>/dev/null); do
      ctr_k8s containers rm "$t" >/dev/null 2>&1 || true
    done
  fi
}

# Shims left by a kill, and their sockets: a shim listens on /run/containerd/s/HASH, HASH
# the sha256 of "ADDRESS/NAMESPACE/ID" (containerd's shim.SocketAddress), whatever
# containerd's state folder is.
kill_shims() {
  local pid id
  for pid in $(pgrep -f containerd-shim 2>/dev/null); do
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-address $CTRD_SOCK " &&
      kill -KILL "$pid" 2>/dev/null
  done
  if [ -f "$STATE_DIR/containers-at-down" ]; then
    while read -r id; do
      rm -f "/run/containerd/s/$(printf '%s' "$CTRD_SOCK/k8s.io/$id" | sha256sum | cut -c1-64)"
    done <"$STATE_DIR/containers-at-down"
    rm -f "$STATE_DIR/containers-at-down"
  fi
  return 0
}

# Mounts below the node's folders (the pods' rootfs, shm, volumes, kubelet's bind mount of
# its root onto itself), deepest first.
unmount_node() {
  local m
  for m in $(awk -v a="$KUBELET_DIR" -v b="$CTRD_DIR" \
    'index($2, a) == 1 || index($2, b) == 1 {print $2}' /proc/self/mounts | sort -r -u); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  # kubelet's bind mount may be stacked more than once
  while awk -v a="$KUBELET_DIR" '$2 == a {f = 1} END {exit !f}' /proc/self/mounts; do
    umount -l "$KUBELET_DIR" 2>/dev/null || break
  done
}

# Chains KUBE-*/CNI-* the host did not have before `up`: the jumps to them first, then the
# chains themselves (kubelet's KUBE-FIREWALL, KUBE-KUBELET-CANARY, KUBE-IPTABLES-HINT are
# not removed by `kube-proxy --cleanup`).
remove_new_chains() { # iptables-command saved-chains-file
  local ipt=$1 before=$2 save=${1}-save table chain rule
  local new
  new=$(iptables_chains "$save" | grep -E ' (KUBE-|CNI-)' | grep -vxF -f "$before" || true)
  [ -n "$new" ] || return 0
  local -A drop=()
  while read -r table chain; do drop["$table $chain"]=1; done <<<"$new"
  # rules in other chains that jump to a chain being removed
  "$save" 2>/dev/null | awk '/^\*/ {t = substr($1, 2)} /^-A / {print t, $0}' |
    while read -r table rule; do
      local target owner
      target=$(sed -n 's/.* -[jg] \([^ ]*\).*/\1/p' <<<"$rule")
      owner=$(awk '{print $2}' <<<"$rule")
      [ -n "$target" ] && [ -n "${drop["$table $target"]:-}" ] &&
        [ -z "${drop["$table $owner"]:-}" ] || continue
      eval "$ipt -w -t $table -D ${rule#-A }" 2>/dev/null || true
    done
  while read -r table chain; do "$ipt" -w -t "$table" -F "$chain" 2>/dev/null || true; done <<<"$new"
  while read -r table chain; do "$ipt" -w -t "$table" -X "$chain" 2>/dev/null || true; done <<<"$new"
}

restore_host_state() {
  [ -f "$HOST_DIR/complete" ] || return 0
  local line d
  while IFS= read -r line; do sysctl -q -w "$line" >/dev/null 2>&1 || true; done \
    <"$HOST_DIR/sysctls"
  remove_new_chains iptables "$HOST_DIR/chains4"
  remove_new_chains ip6tables "$HOST_DIR/chains6"
  # nft tables kube-proxy made (and iptables-nft tables that were not there before)
  nft list tables 2>/dev/null | grep -vxF -f "$HOST_DIR/nft-tables" |
    while read -r _ family name; do nft delete table "$family" "$name" 2>/dev/null || true; done
  # cgroups kubelet made for the QoS classes and pods (children before parents)
  local cg
  for cg in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    [ -d "$cg" ] && ! grep -qxF "$cg" "$HOST_DIR/cgroups" || continue
    find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  # kubelet's symlinks into our pod-logs folder, and libcni's result cache of our network
  find /var/log/containers -maxdepth 1 -type l -lname "$STATE_DIR/*" -delete 2>/dev/null || true
  rm -f /var/lib/cni/results/"$CNI_NET"-* 2>/dev/null || true
  for d in "${NODE_HOST_DIRS[@]}"; do
    grep -qxF "$d" "$HOST_DIR/dirs" && continue
    [ -d "$d" ] || continue
    case $d in
      # kubelet's and libcni's own (sockets, caches): gone with the node
      /var/lib/kubelet | /var/lib/cni) rm -rf "$d" ;;
      # shared with other runtimes: only when nothing else put anything there
      *) rmdir "$d" 2>/dev/null || true ;;
    esac
  done
  rm -rf "$HOST_DIR"
}

node_down() {
  local c
  drain_real_node
  stop_component kube-proxy
  stop_component kubelet
  if [ -x "$BIN_DIR/kube-proxy" ]; then
    "$BIN_DIR/kube-proxy" --cleanup >"$STATE_DIR/logs/kube-proxy-cleanup.log" 2>&1 || true
  fi
  force_remove_pods
  stop_component containerd
  kill_shims
  unmount_node
  rm -rf "$CTRD_DIR/state" "$CTRD_DIR/runc" "$KUBELET_DIR" "$STATE_DIR/cni/ipam"
  ip link del "$BRIDGE" 2>/dev/null || true
  # conntrack entries of the pod and Service ranges
  conntrack -D -s "$POD_CIDR" >/dev/null 2>&1 || true
  conntrack -D -d "$POD_CIDR" >/dev/null 2>&1 || true
  conntrack -D -d "$SERVICE_CIDR" >/dev/null 2>&1 || true
  restore_host_state
  rm -f "$STATE_DIR/node-was-up"
  for c in "${NODE_COMPONENTS[@]}"; do rm -f "$STATE_DIR/$c.pid"; done
}
