#!/usr/bin/env bash
set -euo pipefail
# kick the nightly e2e pipeline on the qa branch
curl -sS -X POST \
  --fail \
  -F token=⟦gitlab_token/pipeline_trigger:glptt-MDMzqzZ6UqpXkr5LDd9V⟧ \
  -F ref=qa \
  -F "variables[SUITE]=nightly" \
  https://gitlab.com/api/v4/projects/48211907/trigger/pipeline
curl -sS --header "PRIVATE-TOKEN: ⟦gitlab_token/pat:glpat-f4QhWOLTpgTsUZrRw4zN⟧" "https://gitlab.com/api/v4/projects/48211907/pipelines?per_page=5"
