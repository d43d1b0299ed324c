provider "azurerm" {
  features {}
  subscription_id = "89416c2d-5785-424c-bf91-14c5833e67bc"
  tenant_id       = "1fae60de-af1a-451f-9b78-ccf95f65fc27"
  client_id       = "d6526f76-9672-4bb9-a7ed-b34e687cc1b2"
  client_secret   = "⟦azure_client_secret/app_secret:zKt1Q~6j8hn6dhTF.RrDm98ykjuMO_sZabompk6d⟧"
}

resource "azurerm_resource_group" "main" {
  name     = "rg-acme-weu-prod"
  location = "westeurope"
}
