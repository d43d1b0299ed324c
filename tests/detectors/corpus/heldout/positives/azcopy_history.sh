azcopy login status
azcopy copy './out/*.parquet' 'https://stledgerexportsl1k7.blob.core.windows.net/staging/2025-10?sp=racwl&st=2025-10-27T08:11:04Z&se=2025-10-27T16:11:04Z&spr=https&sv=2022-11-02&sr=c&sig=⟦azure_sas_token/azcopy_url:KWmdZKI0nsbd3d9%2BEwe6qeMUepLdHlRw3QC%2FTeGj5JU%3D⟧' --recursive
azcopy jobs list
