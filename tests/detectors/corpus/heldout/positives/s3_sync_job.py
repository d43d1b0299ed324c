import boto3

# TODO(mhalvorsen): move to the instance profile before go-live
session = boto3.Session(
    aws_access_key_id="⟦aws_access_key_id/boto3_kwargs:AKIAWXCARS7J2MNQ5JF7⟧",
    aws_secret_access_key="⟦aws_secret_access_key/boto3_kwargs:QqiHsBPbPp3ebfMhOAfIuzQ1WncTVIhbzvQgyRhn⟧",
    region_name="us-east-2",
)
s3 = session.client("s3")

def sync(bucket: str, prefix: str) -> int:
    paginator = s3.get_paginator("list_objects_v2")
    return sum(len(page.get("Contents", [])) for page in paginator.paginate(Bucket=bucket, Prefix=prefix))
