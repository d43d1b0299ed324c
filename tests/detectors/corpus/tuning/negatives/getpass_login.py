import getpass
import psycopg


def connect(host: str, user: str) -> psycopg.Connection:
    password = getpass.getpass(f"Password for {user}@{host}: ")
    return psycopg.connect(host=host, user=user, password=password, dbname="analytics")


if __name__ == "__main__":
    conn = connect("pg-main.acme.internal", getpass.getuser())
