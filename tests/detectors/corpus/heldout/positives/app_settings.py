DEBUG = False
ALLOWED_HOSTS = ["portal.northwind-bank.co.uk"]
SECRET_KEY = "⟦secret/django_secret_key:9MlBxvF*#!qADqo78qHp6QZh26HOg6S0K+VPDj+7e9zLndm%HJ⟧"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
