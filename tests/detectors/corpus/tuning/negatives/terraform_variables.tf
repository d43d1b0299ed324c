variable "db_password" {
  description = "Master password for the RDS instance (set via TF_VAR_db_password)"
  type        = string
  sensitive   = true
}

resource "aws_db_instance" "main" {
  identifier          = "acme-prod"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.r6g.large"
  username            = "acme_admin"
  password            = var.db_password
  skip_final_snapshot = false
}
