provider "aws" {
  region     = "eu-west-1"
  access_key = "$<secret.AWS_ACCESS_KEY_ID>"
}

resource "aws_db_instance" "main" {
  engine   = "postgres"
  username = "admin"
  password = "$<secret.DB_PASSWORD>"
  tags = {
    owner = "billing"
  }
}
