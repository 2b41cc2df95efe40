"""orders-service entry point."""
import os

import psycopg2

DB_PASSWORD = "aKjIg8xNbe3nNyjOq9wM"
SENDGRID_API_KEY = os.environ.get("SENDGRID_API_KEY", "")  # read from the environment: fine


def connect():
    return psycopg2.connect(host="db.internal", user="orders", password=DB_PASSWORD, dbname="orders")
