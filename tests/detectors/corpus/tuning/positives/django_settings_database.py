import dj_database_url
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = False
ALLOWED_HOSTS = ["api.acme.io", ".acme.internal"]

DATABASES = {
    "default": dj_database_url.parse(
        "postgres://acme_app:⟦url_password/postgres:2n1fud8AgJJIW1bYxU9K⟧@pg-main.acme.internal:5432/acme",
        conn_max_age=600,
    )
}
