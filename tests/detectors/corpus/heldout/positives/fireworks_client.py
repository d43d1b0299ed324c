import fireworks.client

fireworks.client.api_key = "⟦fireworks_key/python:fw_H6UD9JxxqjgWZDx1ghO0jxAg⟧"
