PGPASSWORD=⟦password/pgpassword:9bezoiaxPkcPplp1⟧ pg_dump -h pg-main.acme.internal -U reporting -Fc analytics > analytics_$(date +%F).dump
ls -lh *.dump
aws s3 cp analytics_2024-06-03.dump s3://acme-db-backups/analytics/
