tenant_id     = "3b9f1c2d-4e5a-4b6c-9d8e-7f6a5b4c3d2e"
client_id     = "c0ffee11-2b3c-4d5e-8f90-a1b2c3d4e5f6"
client_secret = "⟦azure_client_secret/tfvars:EKg5Q~JCj1faZGQUq0oIzRbU.1rX28REr0oguU7s⟧"
subscription  = "ledger-prod"
