package main

const apiToken = "$<secret.API_TOKEN_2>"

var rawKey = `$<secret.RAW_KEY>`

func main() {}
