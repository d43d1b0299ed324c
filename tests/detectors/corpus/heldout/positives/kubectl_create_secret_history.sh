kubectl -n ledger create secret generic ledger-db \
  --from-literal=username=ledger_app \
  --from-literal=password='⟦password/kubectl_from_literal:Quartzlemon82$⟧'
kubectl -n ledger rollout restart deploy/ledger-api
