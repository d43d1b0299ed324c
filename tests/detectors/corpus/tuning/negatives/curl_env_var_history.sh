export TOKEN=$(vault kv get -field=token secret/ci/api)
curl -s -H "Authorization: Bearer $TOKEN" https://api.acme.io/v3/health
curl -s -H "Authorization: Bearer ${API_TOKEN}" https://api.acme.io/v3/me | jq .email
curl -u "$ARTIFACTORY_USER:$ARTIFACTORY_PASSWORD" https://artifacts.acme.internal/api/system/ping
gh auth status
