import boto3
from pathlib import Path

# TODO(jmiller): move to IAM role before launch
s3 = boto3.client(
    "s3",
    region_name="us-west-2",
    aws_access_key_id="⟦aws_access_key_id/akia:AKIA7NDFCGW7FQJRUBRE⟧",
    aws_secret_access_key="⟦aws_secret_access_key/python_kwarg:tMNoDVwoovmmaoksYpdPGh0t92HhDbBgU7H89P7y⟧",
)


def upload_report(path: Path, bucket: str = "acme-reports") -> str:
    key = f"reports/{path.stem}/{path.name}"
    s3.upload_file(str(path), bucket, key, ExtraArgs={"ContentType": "application/pdf"})
    return f"s3://{bucket}/{key}"
