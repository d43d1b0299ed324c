jf config add nw-artifactory --url=https://artifactory.northwind.internal \
  --access-token=⟦artifactory_token/reference_token:cmVmdGtuOjAxOjE3sDlCP19120xNTVfDnOpnpq5KeFsVNttlYuOBgaUoptXHQpV2⟧ --interactive=false
jf rt ping --server-id=nw-artifactory
