import os
from functools import lru_cache

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    openai_api_key: str = os.environ["OPENAI_API_KEY"]
    db_password: str = os.getenv("DB_PASSWORD", "")
    aws_secret_access_key: str | None = os.environ.get("AWS_SECRET_ACCESS_KEY")
    slack_token: str = os.environ.get("SLACK_BOT_TOKEN", "")


@lru_cache
def get_settings() -> Settings:
    return Settings()
