kubectl -n staging get pods
echo ⟦gitlab_token/deploy:gldt-vQos1anHMhbPQTgUhHRH⟧ | docker login registry.gitlab.com -u gitlab+deploy-token-4418291 --password-stdin
docker pull registry.gitlab.com/acme/web/frontend:1.42.0
kubectl -n staging rollout restart deploy/frontend
kubectl -n staging rollout status deploy/frontend
