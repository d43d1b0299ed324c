variable "db_master_password" {
  description = "Master password for the ledger database"
  type        = string
  sensitive   = true
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
  default   = null
}

resource "random_password" "db" {
  length  = 32
  special = true
}
