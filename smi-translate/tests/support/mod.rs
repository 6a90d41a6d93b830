//! Shared helpers: build a scenario from YAML, lower it, look at the result.
#![allow(dead_code)]

use smi_translate::graph::{Diagnostic, MeshGraph};
use smi_translate::{Inventory, Options, lower};
use smi_types::load::{LoadOptions, load};

/// Lowers every SMI object in `yaml` with the Services and workloads beside them.
pub fn lower_yaml(yaml: &str, options: &Options) -> MeshGraph {
    let loaded = load(yaml, &LoadOptions::default());
    assert!(
        !loaded.has_errors(),
        "scenario does not load: {:#?}",
        loaded.problems
    );
    let (smi, inventory, diagnostics) =
        Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
    assert_eq!(diagnostics, vec![], "inventory problems");
    lower(&smi, &inventory, options)
}

/// `(code, object name, path)` of every diagnostic, sorted.
pub fn codes(diagnostics: &[Diagnostic]) -> Vec<(&'static str, String, String)> {
    let mut out: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.code, d.object.name.clone(), d.path.clone()))
        .collect();
    out.sort();
    out
}

/// Diagnostics as the golden files hold them, one a line:
/// `severity[code] kind namespace/name path: message`. The namespace is written even when
/// empty, so every line has the same shape.
pub fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let o = &d.object;
            format!(
                "{}[{}] {} {}/{} {}: {}\n",
                d.severity, d.code, o.kind, o.namespace, o.name, d.path, d.message
            )
        })
        .collect()
}

/// A namespace `shop` with ServiceAccounts `web`, `api`, `db`, `prom`, Deployments running as
/// each, Services `web` (8080 http), `api` (8080 http, 9090 http), `db` (5432 tcp),
/// `api-v1`/`api-v2` (8080), `api-v3` (9090 only).
pub const SHOP: &str = r#"
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports:
  - {name: http, port: 8080, targetPort: 8080, appProtocol: http}
  - {name: http-admin, port: 9090, targetPort: 9090}
---
apiVersion: v1
kind: Service
metadata: {name: api-v1, namespace: shop}
spec:
  selector: {app: api, version: v1}
  ports: [{name: http, port: 8080, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: api-v2, namespace: shop}
spec:
  selector: {app: api, version: v2}
  ports: [{name: http, port: 8080, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: api-v3, namespace: shop}
spec:
  selector: {app: api, version: v3}
  ports: [{name: http-admin, port: 9090, targetPort: 9090}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  selector: {app: db}
  ports: [{name: tcp-pg, port: 5432, targetPort: 5432}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {serviceAccountName: web, containers: [{name: web, image: web}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api-v1, namespace: shop}
spec:
  selector: {matchLabels: {app: api, version: v1}}
  template:
    metadata: {labels: {app: api, version: v1}}
    spec: {serviceAccountName: api, containers: [{name: api, image: api}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api-v2, namespace: shop}
spec:
  selector: {matchLabels: {app: api, version: v2}}
  template:
    metadata: {labels: {app: api, version: v2}}
    spec: {serviceAccountName: api, containers: [{name: api, image: api}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {serviceAccountName: db, containers: [{name: db, image: db}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: prom, namespace: shop}
spec:
  selector: {matchLabels: {app: prom}}
  template:
    metadata: {labels: {app: prom}}
    spec: {serviceAccountName: prom, containers: [{name: prom, image: prom}]}
---
apiVersion: specs.smi-spec.io/v1alpha4
kind: HTTPRouteGroup
metadata: {name: api-routes, namespace: shop}
spec:
  matches:
  - name: read
    pathRegex: /items
    methods: [GET, HEAD]
  - name: write
    pathRegex: /items
    methods: [POST]
    headers:
      x-role: admin
  - name: metrics
    pathRegex: /metrics
    methods: ["*", GET]
---
apiVersion: specs.smi-spec.io/v1alpha4
kind: TCPRoute
metadata: {name: api-port, namespace: shop}
spec:
  matches:
    ports: [8080]
---
apiVersion: specs.smi-spec.io/v1alpha4
kind: TCPRoute
metadata: {name: pg, namespace: shop}
spec:
  matches:
    ports: [5432]
"#;

/// `SHOP` plus more documents.
pub fn shop(extra: &str) -> String {
    format!("{SHOP}---\n{extra}")
}
