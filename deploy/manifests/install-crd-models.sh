#!/usr/bin/env bash
# Installs the validators that @kubernetes-models compiles from the External Secrets and Prometheus Operator CRD
# schemas into deploy/manifests/target/tools/crd-models/, with src/test/node/validate-crds.mjs beside them (ES
# modules resolve packages from the script's own directory). CustomResourceSchemaTest runs them:
#   deploy/manifests/install-crd-models.sh && ./mvnw -pl deploy/manifests verify
# (the tests look for the directory in CARE_CRD_MODELS, then at target/tools/crd-models, and for node on the PATH)
# Needs npm. Prints the directory.
set -euo pipefail

PACKAGES=("@kubernetes-models/external-secrets@2.0.0" "@kubernetes-models/prometheus-operator@6.0.0")
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target/tools/crd-models"

installed() {
    local package name version
    for package in "${PACKAGES[@]}"; do
        name="${package%@*}"
        version="${package##*@}"
        [[ -f "$target/node_modules/$name/package.json" ]] || return 1
        node -e 'process.exit(require(process.argv[1]).version === process.argv[2] ? 0 : 1)' \
            "$target/node_modules/$name/package.json" "$version" || return 1
    done
}

if ! installed; then
    mkdir -p "$target"
    npm install --silent --no-audit --no-fund --save-exact --prefix "$target" "${PACKAGES[@]}" >&2
    installed || { echo "install-crd-models: ${PACKAGES[*]} not installed in $target" >&2; exit 1; }
fi
cp "$here/src/test/node/validate-crds.mjs" "$target/validate-crds.mjs"
echo '[]' | node "$target/validate-crds.mjs" >/dev/null
echo "$target"
