//go:build tools

// The wrapper module scripts/kube-env.sh generates around etcd's server module (whose own
// go.mod has replace lines, so it cannot be `go install`ed): pins the etcd command.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
