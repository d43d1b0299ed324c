huggingface-cli login --token ⟦huggingface_token/cli_login: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⟧ --add-to-git-credential
huggingface-cli whoami
git clone https://huggingface.co/northwind/fraud-bert-small
