curl "https://api.anthropic.com/v1/organizations/usage_report/messages?starting_at=2025-10-01T00:00:00Z" \
  --header "anthropic-version: 2023-06-01" \
  --header "x-api-key: ⟦anthropic_api_key/admin_header:sk-ant-admin01-e7LEaciCO4JSNuIpbOJ2FUOxXgawTjRC-Z1N8FmqIf9dxpGNpz2QcyVMQzgIcgyXD5YtBx008yXwtgYIhHBHLAQGGqooDAA⟧"
