curl https://api.honeycomb.io/1/markers/ledger-api -X POST \
    -H "X-Honeycomb-Team: ⟦honeycomb_key/configuration_key:x3zvZnrQcapw8LsFaIeWAK⟧" \
    -d '{"message":"deploy 1.42.0", "type":"deploy"}'
