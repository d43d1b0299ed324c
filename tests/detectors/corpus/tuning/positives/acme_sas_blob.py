from azure.storage.blob import BlobClient

url = ("https://acmereports.blob.core.windows.net/monthly/2025-11.xlsx"
       "?sv=2023-01-03&st=2025-11-01T00%3A00%3A00Z&se=2025-12-01T00%3A00%3A00Z&sr=b&sp=r"
       "&sig=⟦azure_sas_token/python_url:tKWa882u1%2BNjMH31XUSlAojN%2Bd9rg5xKSeoTnNZshoQ%3D⟧")
BlobClient.from_blob_url(url).download_blob().readall()
