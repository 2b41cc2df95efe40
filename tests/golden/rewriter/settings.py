DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "PASSWORD": "$<secret.DATABASE_PASSWORD_3>",
    }
}
STRIPE_KEY = '$<secret.STRIPE_KEY>'
PRIVATE_KEY = "$<secret.TLS_KEY>"
