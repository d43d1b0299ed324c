curl -u "$CI_USER:$CI_TOKEN" https://ci.acme.io/api/json
docker login -u "$REGISTRY_USER" -p "$REGISTRY_PASSWORD" registry.acme.io
