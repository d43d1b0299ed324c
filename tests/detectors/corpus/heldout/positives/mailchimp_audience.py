from mailchimp_marketing import Client

mailchimp = Client()
mailchimp.set_config({"api_key": "⟦mailchimp_key/python:bf81d82b743725f153e6562c8e787a6f-us21⟧", "server": "us21"})
