vault login -method=oidc role=dev
export VAULT_ADDR=https://vault.acme.internal:8200
export VAULT_TOKEN=⟦vault_token/service:hvs.CAESIUNtOr3Q1y8fDOJne2BEEuU4tTnS1vJd4qIRiIDgm9JqDFMGEf8SZuYZAbUHaWIQzOGtXoHSUqueT_9mpJFbIXD⟧
vault kv get -field=dsn secret/payments/postgres
vault token lookup
