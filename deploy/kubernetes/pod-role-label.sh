#!/bin/sh
# Role hook for Kubernetes (README "Running on several machines"): labels this pod duckduckgoose/role=goose
# or =duck through the Kubernetes API, as Patroni labels its leader pod, so the Service duckduckgoose-goose
# (selector duckduckgoose/role: goose) routes to the Goose alone. The node runs it as on-goose and on-duck;
# it reads the role from DUCK_ROLE, which the node sets for its hooks. Hooks are level-triggered: a failed
# run (API unreachable, 403) is retried until it succeeds or the role changes, and /status shows
# hooks.converged false meanwhile, which the pod's readiness probe turns into "not ready".
#
# Needs curl, POD_NAME (downward API, metadata.name), and the pod's service-account token with a Role that
# allows get and patch on pods (deploy/kubernetes/rbac.yaml). POD_NAMESPACE defaults to the service
# account's namespace. For tests: KUBERNETES_API_URL replaces https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT
# and SERVICEACCOUNT_DIR the mounted service-account folder.
set -eu

case "${DUCK_ROLE:-}" in
    Goose) role=goose ;;
    Duck) role=duck ;;
    *) echo "pod-role-label: DUCK_ROLE is '${DUCK_ROLE:-}', not Goose or Duck (the node sets it for its hooks)" >&2; exit 2 ;;
esac

sa=${SERVICEACCOUNT_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}
pod=${POD_NAME:?POD_NAME must come from the downward API (fieldRef metadata.name)}
namespace=${POD_NAMESPACE:-$(cat "$sa/namespace")}
api=${KUBERNETES_API_URL:-https://${KUBERNETES_SERVICE_HOST:?not running in a pod}:${KUBERNETES_SERVICE_PORT:-443}}
label=duckduckgoose/role

# A JSON merge patch changes this one label and nothing else of the pod.
if ! response=$(curl -sS --max-time 5 --cacert "$sa/ca.crt" \
    -H "Authorization: Bearer $(cat "$sa/token")" \
    -H 'Content-Type: application/merge-patch+json' \
    -H 'Accept: application/json' \
    -X PATCH --data "{\"metadata\":{\"labels\":{\"$label\":\"$role\"}}}" \
    -w '\n%{http_code}' \
    "$api/api/v1/namespaces/$namespace/pods/$pod"); then
    echo "pod-role-label: could not reach the Kubernetes API at $api" >&2
    exit 1
fi

status=$(printf '%s\n' "$response" | tail -n 1)
if [ "$status" != 200 ]; then
    echo "pod-role-label: PATCH pods/$pod in $namespace answered $status: $(printf '%s\n' "$response" | sed '$d' | head -c 400)" >&2
    exit 1
fi

echo "pod-role-label: $namespace/$pod labelled $label=$role (term ${DUCK_TERM:-unknown})"
