terraform {
  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = "~> 1.230"
    }
  }
}

provider "alicloud" {
  access_key = "⟦alibaba_access_key_id/terraform:LTAI5tVbUxU2uHkQkyAFpNQo⟧"
  secret_key = "⟦alibaba_access_key_secret/terraform:diWOHYews1rqqitZrMH2zXxOW06o0Q⟧"
  region     = "cn-shanghai"
}
