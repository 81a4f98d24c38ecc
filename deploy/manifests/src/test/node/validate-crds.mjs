// Validates custom resources against the validators @kubernetes-models compiles from the projects' CRD schemas
// (types, enums, patterns, required fields; not unknown fields, which those schemas allow).
// Input: a JSON array of objects, from the file named by the first argument or from stdin.
// Output: a JSON array of {kind, name, error} for every object that fails, unknown kinds included; exit code 0
// only when every object passes. It imports the packages that deploy/manifests/install-crd-models.sh installs,
// so it runs from that directory: install-crd-models.sh copies it there (ES modules ignore NODE_PATH).
import { readFileSync } from 'node:fs';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';

const MODELS = new Map([
  ['external-secrets.io/v1/ExternalSecret', ExternalSecret],
  ['monitoring.coreos.com/v1/ServiceMonitor', ServiceMonitor],
  ['monitoring.coreos.com/v1/PrometheusRule', PrometheusRule],
]);

const input = readFileSync(process.argv[2] ?? 0, 'utf8');
const objects = JSON.parse(input);
if (!Array.isArray(objects)) {
  console.error('validate-crds: expected a JSON array of objects');
  process.exit(2);
}

const failures = [];
for (const object of objects) {
  const kind = object?.kind ?? null;
  const name = object?.metadata?.name ?? null;
  const Model = MODELS.get(`${object?.apiVersion}/${kind}`);
  if (!Model) {
    failures.push({ kind, name, error: `no validator for ${object?.apiVersion}/${kind}` });
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    failures.push({ kind, name, error: e.message });
  }
}
process.stdout.write(JSON.stringify(failures) + '\n');
process.exit(failures.length === 0 ? 0 : 1);
