terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.31"
    }
  }
}

provider "aws" {
  region     = "ap-southeast-2"
  access_key = "⟦aws_access_key_id/akia:AKIAHINDGD7TDDGZC5UQ⟧"
  secret_key = "⟦aws_secret_access_key/terraform:FaSwBMflrzHE/Zm9gEhE3zPMhHaJ/c6/q1PnoVZt⟧"
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-build-artifacts-6f6b7e4b"
  tags = { Team = "platform", CostCenter = "4410" }
}
