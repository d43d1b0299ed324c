helm repo update
helm upgrade --install keycloak bitnami/keycloak -n iam \
  --set auth.adminUser=admin \
  --set auth.adminPassword=⟦password/helm_set_flag:WWiC7#Ip846_ALGBN^⟧ \
  --set postgresql.auth.password=⟦password/helm_set_flag_db:gu-pzHRYklD*Sl7P⟧
kubectl -n iam rollout status sts/keycloak
