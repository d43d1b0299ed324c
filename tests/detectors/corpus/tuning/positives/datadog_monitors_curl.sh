export DD_SITE=datadoghq.com
curl -s -X GET "https://api.datadoghq.com/api/v1/monitor?group_states=alert" \
  -H "DD-API-KEY: ⟦datadog_key/api_key:7cfa73ca271ad9fb2ebf1802e183b9a7⟧" \
  -H "DD-APPLICATION-KEY: ⟦datadog_key/app_key:8b1cc51262ba3bc74c2ef1d2e00b099a4815f0b7⟧" | jq '.[].name'
