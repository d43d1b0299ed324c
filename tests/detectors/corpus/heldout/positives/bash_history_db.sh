cd ~/src/ledger
mysql -h db01.northwind.internal -u ledger_admin -p'⟦password/mysql_quoted_flag:tigerfalcon11%⟧' ledger -e 'select count(*) from postings'
mysqldump --user=backup --password=⟦password/mysqldump_long_flag:sP-OwXgL^CQ4ztKJ⟧ --single-transaction ledger > /backup/ledger.sql
PGPASSWORD=⟦password/pgpassword_env_prefix:UV%RBzGnPm7^gR⟧ psql -h db-primary -U reporting -d ledger -c '\dt'
psql "postgresql://reporting:⟦url_password/psql_uri:2jMiMbDh3GEPD!_w⟧@db-replica:5432/ledger?sslmode=require"
mongosh "mongodb+srv://analytics:⟦url_password/mongosh_srv:5Tm#mo60u*sGVk⟧@cluster0.x1y2z.mongodb.net/events"
redis-cli -h cache01 -a ⟦password/redis_cli:cqLd4K84eGqeFdf#+1SO⟧ --no-auth-warning info keyspace
git log --oneline | head
