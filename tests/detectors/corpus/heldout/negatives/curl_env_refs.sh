curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user
curl -u "$NEXUS_USER:$NEXUS_PASSWORD" https://nexus.northwind.internal/service/rest/v1/status
curl -H "Authorization: Basic $(printf '%s:%s' "$USER" "$PASS" | base64)" https://reports.northwind.internal/
mysql -h db01 -u ledger_admin -p ledger
PGPASSWORD="$PGPASS" psql -h db-primary -U reporting ledger
docker login -u ci --password-stdin < /run/secrets/registry
