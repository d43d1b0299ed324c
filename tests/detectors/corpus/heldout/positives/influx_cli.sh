influx -host metrics01 -username admin -password '⟦password/influx_cli:+5ggQE6Tl1X%5ehA⟧' -database ledger_metrics -execute 'SHOW MEASUREMENTS'
clickhouse-client --host ch01 --user default --password ⟦password/clickhouse_client:FD!IVQ0swYonUAAB⟧ --query 'SELECT 1'
