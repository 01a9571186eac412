import sqlite3

from app.users import find_user


def make_db():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("INSERT INTO users (name) VALUES (?)", ("O'Brien",))
    return db


def test_find_user_with_quote():
    assert find_user(make_db(), "O'Brien") is not None
