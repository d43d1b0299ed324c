travis login --pro --github-token ⟦github_token/travis_login: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⟧
travis token --pro
Your access token is ⟦travis_token/cli_output:MEnk2iwM_LRNYYX-O9qwJt⟧
travis encrypt SLACK_WEBHOOK=... --add
