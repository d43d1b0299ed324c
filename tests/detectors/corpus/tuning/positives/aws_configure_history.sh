cd ~/src/billing-service
git pull --rebase origin main
aws configure set aws_access_key_id ⟦aws_access_key_id/akia:AKIANDF2ML3BIQBWPJ7P⟧ --profile billing
aws configure set aws_secret_access_key ⟦aws_secret_access_key/cli:zFFe7uG9LiE+eADcaJKMQS+mWQ73eDUwEeybKT/A⟧ --profile billing
aws s3 ls s3://acme-billing-exports/2024/ --profile billing
git log --oneline -3
docker compose up -d postgres
