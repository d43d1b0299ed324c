wget --user=reports --password='⟦password/wget_password:lemontiger60!⟧' https://files.northwind.internal/exports/2025-10-28.csv
rclone copy ./exports nw-s3:ledger-exports --s3-secret-access-key ⟦aws_secret_access_key/rclone_flag:8/LUrifDmcOg723riJnzyR/hSCdps4xR3RNLvi60⟧ --s3-access-key-id ⟦aws_access_key_id/rclone_flag:AKIAJ5S5ATTH52UKDB2I⟧
