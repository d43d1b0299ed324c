make build && make test
curl -X POST -H 'Content-type: application/json' --data '{"text":"build 1873 green :white_check_mark:"}' ⟦slack_webhook/incoming:https://hooks.slack.com/services/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⟧
git tag v0.19.3 && git push --tags
