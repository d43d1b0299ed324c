echo ⟦azure_devops_pat/legacy_stdin:roymeb37sab7nl7oargogn4lut4fvoxldjdquf7hihl7e7spknnz⟧ | az devops login --organization https://dev.azure.com/northwind
az repos list -o table
