export AZURE_DEVOPS_EXT_PAT=⟦azure_devops_pat/env_new:gbiqnEYps3rM2ZbLkRYx36KpSFaJyW0ObXoQhiVi37MfDXTvnMPKJQQJ99JBACAAAAAAAAAAAABKAZDOLrW0⟧
az artifacts universal download --organization https://dev.azure.com/acme --feed tools --name cli --version 2.1.0 --path .
