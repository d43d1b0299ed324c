curl -k https://splunk.northwind.internal:8088/services/collector/event \
  -H "Authorization: Splunk ⟦splunk_hec_token/curl_header:e53ff5f4-a287-476a-9ca9-1b53f373b4dc⟧" \
  -d '{"event": "hello from ops-box-02", "sourcetype": "manual"}'
