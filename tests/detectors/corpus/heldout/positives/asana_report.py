import asana

configuration = asana.Configuration()
configuration.access_token = "⟦asana_token/pat:2/3822089468580045/7424966787879514:1ead0244ef0d2c764b7e7c56cb1ff3d6⟧"
client = asana.ApiClient(configuration)
tasks = asana.TasksApi(client).get_tasks({"project": "1208812345678901", "opt_fields": "name,completed"})
