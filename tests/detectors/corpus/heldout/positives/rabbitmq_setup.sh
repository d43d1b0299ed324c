rabbitmqctl add_user settlement ⟦password/rabbitmqctl:eScLf7%6DvToZ#8C*SAE⟧
rabbitmqctl set_permissions -p /ledger settlement ".*" ".*" ".*"
mc alias set nw-minio https://minio.northwind.internal ledger-writer ⟦password/minio_mc_alias:88zYPTknhOira8PKokW043RKPIfrTR64Mrd9XIpp⟧
