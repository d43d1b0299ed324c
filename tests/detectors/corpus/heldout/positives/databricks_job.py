from databricks.sdk import WorkspaceClient

w = WorkspaceClient(host="https://adb-1829374650123456.7.azuredatabricks.net", token="⟦databricks_token/sdk:dapi8f3d6568c5669dfd776ff17782420ff7⟧")
for job in w.jobs.list():
    print(job.settings.name)
