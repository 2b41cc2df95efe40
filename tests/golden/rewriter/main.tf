provider "aws" {
  region     = "eu-west-1"
  secret_key = "$<secret.SECRET_KEY>"
}

variable "db_password" {
  default = "$<secret.GENERIC_SECRET>"
}
