gh auth login --with-token <<< ⟦github_token/with_token_herestring: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⟧
gh repo clone northwind/ledger
