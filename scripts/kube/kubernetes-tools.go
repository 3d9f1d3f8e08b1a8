//go:build tools

// The wrapper module scripts/kube-env.sh generates around k8s.io/kubernetes: these blank
// imports pin the commands it builds, so `go mod tidy` in the wrapper keeps their deps.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
