environment         = "prod"
db_instance_class   = "db.r6g.xlarge"
db_master_username  = "ledger_admin"
db_master_password  = "⟦password/tfvars:^3!aCntmC587fmSp35FJ4d⟧"
datadog_api_key     = "⟦datadog_key/tfvars:c9888b7ab319f370dcc12c8ac0b8b182⟧"
pagerduty_token     = "⟦pagerduty_key/tfvars:u+OyRyNvKT1QQ26KW6it⟧"
allowed_cidrs       = ["10.40.0.0/16", "10.41.0.0/16"]
