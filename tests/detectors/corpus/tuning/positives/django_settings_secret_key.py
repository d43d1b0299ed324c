from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "⟦secret/django_secret_key:django-insecure-h4h_rc)pr+o9qf1_^*+#ce-3@zuy09@)q4g41g6c%c6juu3dms⟧"
DEBUG = True
ALLOWED_HOSTS: list[str] = []
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "rest_framework", "billing"]
