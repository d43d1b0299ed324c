from qcloud_cos import CosConfig, CosS3Client

config = CosConfig(
    Region="ap-guangzhou",
    SecretId="⟦tencent_secret_id/python_kwargs:AKID1yFlX4EOkR9dueg7eeX0Rqc5dp4VjCgq⟧",
    SecretKey="⟦tencent_secret_key/python_kwargs:cKpcRvhHJzWiZ6BNnwgSlNk3hxpq6wdd⟧",
    Scheme="https",
)
client = CosS3Client(config)
client.upload_file(Bucket="reports-1309182736", LocalFilePath="out/q3.pdf", Key="q3.pdf")
