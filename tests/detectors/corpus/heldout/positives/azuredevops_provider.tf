provider "azuredevops" {
  org_service_url       = "https://dev.azure.com/northwind"
  personal_access_token = "⟦azure_devops_pat/legacy_terraform:kloty42xnwyj5ofbzgvynfm6rghsycuhslaqarffnnhhklrkwan4⟧"
}

resource "azuredevops_project" "ledger" {
  name               = "Ledger"
  visibility         = "private"
  version_control    = "Git"
}
