vault {
  address = "https://vault.northwind.internal:8200"
}

auto_auth {
  method "token_file" {
    config = { token_file_path = "/etc/vault/token" }
  }
}
# bootstrap token for the first run, remove after enrolment
# ⟦vault_token/hcl_comment:hvs.2C-JqSGvw9R_jb-krh3hj-u6yrMW8dcjiam5xBfF_k6rWNAy0TPqhftRpwcTJJ3eWyvU4XhsGAbbrVjh8c1MxCPdBGB⟧
