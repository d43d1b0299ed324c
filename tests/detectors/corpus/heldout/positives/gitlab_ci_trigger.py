import gitlab

gl = gitlab.Gitlab("https://gitlab.northwind.internal", private_token="⟦gitlab_token/pat:glpat-YBXabb5W2IdAFlN2PSca⟧")
project = gl.projects.get("payments/settlement-engine")
pipeline = project.pipelines.create({"ref": "main", "variables": [{"key": "DRY_RUN", "value": "false"}]})
print(pipeline.web_url)
