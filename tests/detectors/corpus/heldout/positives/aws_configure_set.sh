aws configure set aws_access_key_id ⟦aws_access_key_id/configure_set:AKIAXVA26BVOB5BC7EOS⟧ --profile backup
aws configure set aws_secret_access_key ⟦aws_secret_access_key/configure_set:acaOfJ4Zm+0JmBC3yDDRjqcUTovb8W54PQ8ePp63⟧ --profile backup
aws s3 ls --profile backup
