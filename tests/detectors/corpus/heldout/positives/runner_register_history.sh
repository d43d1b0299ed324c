sudo gitlab-runner register --non-interactive \
  --url https://gitlab.northwind.internal/ \
  --token ⟦gitlab_token/runner_auth:glrt-mYWPKvia1ElvB_GQP4m0⟧ \
  --executor docker --docker-image alpine:3.20 --description "ledger-builder-03"
