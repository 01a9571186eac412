import sqlite3


def find_user(db: sqlite3.Connection, name: str):
    # Written by an assistant: the name is formatted into the SQL text.
    cursor = db.execute(f"SELECT id, name FROM users WHERE name = '{name}'")
    return cursor.fetchone()


async def load_profile(client, user_id: int):
    # Written by an assistant: the coroutine is never awaited.
    response = client.get(f"/profiles/{user_id}")
    return response.json()
