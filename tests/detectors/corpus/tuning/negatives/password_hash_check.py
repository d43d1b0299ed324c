import bcrypt

from .models import User


def check_login(user: User, password: str) -> bool:
    password_hash = user.password_hash.encode()
    return bcrypt.checkpw(password.encode(), password_hash)


def set_password(user: User, password: str) -> None:
    user.password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12)).decode()
