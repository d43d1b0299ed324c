sqlplus ledger_ro/⟦password/sqlplus_connect:1bDfvNgsCQxRRO⟧@//ora-prod.northwind.internal:1521/LEDGERPDB @reports/daily.sql
rman target sys/⟦password/rman_connect:P^XR1k15k2mEV0⟧@LEDGERCDB
