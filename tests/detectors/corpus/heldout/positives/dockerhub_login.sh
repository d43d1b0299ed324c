echo "⟦docker_hub_token/stdin_login:dckr_pat_AkUaf6chv2ItrjXm02OSwyITenR⟧" | docker login -u nwbuild --password-stdin
docker buildx build --platform linux/amd64,linux/arm64 -t nwbuild/ledger-api:1.42.0 --push .
