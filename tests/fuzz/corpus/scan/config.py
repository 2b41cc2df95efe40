token = "fz_q8v3k1m9z2x7c4b6"  # hush:allow
url = "postgres://app:Vq7mZ2kL9p@db/app"
