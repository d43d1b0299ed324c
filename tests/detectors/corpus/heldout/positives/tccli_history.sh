tccli configure set secretId ⟦tencent_secret_id/tccli:AKIDNcH6QCML3bOQZjGBha4LdFRgYtYy6YQj⟧
tccli configure set secretKey ⟦tencent_secret_key/tccli:00bMTSeyKrDHXEegEaHukJi9zJbXwqxp⟧
tccli configure set region ap-singapore
tccli cvm DescribeInstances --Limit 20
